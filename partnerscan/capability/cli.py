"""`partnerscan model check PATH...` and `partnerscan model show [ID[@VERSION]]`."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import Any

from partnerscan.capability.loader import ModelFileError, check_file, get_model
from partnerscan.capability.schema import CapabilityModel
from partnerscan.core.languages import DEFAULT_LANGUAGE, LANGUAGES


def check(paths: list[str]) -> int:
    failed = False
    for path in paths:
        model, problems = check_file(path)
        if model is None:
            failed = True
            for problem in problems:
                print(problem, file=sys.stderr)
        else:
            print(
                f"{path}: ok — {model.ref}, {len(model.conditions)} conditions, "
                f"{len(model.aspects)} aspects"
            )
    return 1 if failed else 0


def model_as_json(model: CapabilityModel) -> dict[str, Any]:
    return model.model_dump(mode="json")


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, width=88, initial_indent=indent, subsequent_indent=indent)


def model_as_text(model: CapabilityModel, lang: str) -> str:
    lines = [f"{model.name.get(lang)} ({model.ref})", _wrap(model.description.get(lang), ""), ""]
    for level in model.levels:
        lines.append(f"  {level.level} {level.name.get(lang)}: {level.description.get(lang)}")
    for condition in model.conditions:
        lines += ["", f"{condition.code}  {condition.name.get(lang)}"]
        lines.append(_wrap(condition.description.get(lang), "    "))
        for aspect in condition.aspects:
            weights = ", ".join(
                f"{t}={aspect.weights.get(t)}" for t in ("chain", "regional", "innovation")
            )
            lines += ["", f"  {aspect.code}  {aspect.name.get(lang)}  [{weights}]"]
            lines.append(_wrap(aspect.definition.get(lang), "      "))
            for number, anchor in enumerate(aspect.anchors, start=1):
                lines.append(_wrap(f"{number}. {anchor.get(lang)}", "        "))
    return "\n".join(lines)


def show(ref: str | None, lang: str, fmt: str) -> int:
    try:
        model = get_model(ref)
    except (LookupError, ModelFileError) as exc:
        print(f"partnerscan model show: {exc}", file=sys.stderr)
        return 1
    if fmt == "json":
        print(json.dumps(model_as_json(model), ensure_ascii=False, indent=2))
    else:
        print(model_as_text(model, lang))
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="partnerscan model", description="Check or show a capability model."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check_parser = sub.add_parser("check", help="validate model files")
    check_parser.add_argument("paths", nargs="+", metavar="PATH")
    show_parser = sub.add_parser("show", help="print a shipped model")
    show_parser.add_argument("ref", nargs="?", metavar="ID[@VERSION]")
    show_parser.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE)
    show_parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.paths)
    return show(args.ref, args.lang, args.format)
