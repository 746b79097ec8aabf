"""`partnerscan model check PATH...` and `partnerscan model show [ID[@VERSION]]`, for
capability models and health checks alike."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import Any

from partnerscan.capability.health import HealthModel
from partnerscan.capability.loader import (
    AnyModel,
    check_file,
    get_health_model,
    get_model,
    shipped_health_models,
)
from partnerscan.capability.modelfile import REF, ModelFileError
from partnerscan.capability.schema import Aspect, CapabilityModel
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
            print(f"{path}: ok — {_summary(model)}")
    return 1 if failed else 0


def _summary(model: AnyModel) -> str:
    if isinstance(model, HealthModel):
        return (
            f"health check {model.ref}: {len(model.dimensions)} dimensions, "
            f"{len(model.statements)} statements"
        )
    return (
        f"capability model {model.ref}: {len(model.conditions)} conditions, "
        f"{len(model.aspects)} aspects"
    )


def model_as_json(model: AnyModel) -> dict[str, Any]:
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
            lines.extend(_partner_lines(aspect, lang))
    return "\n".join(lines)


def _partner_lines(aspect: Aspect, lang: str) -> list[str]:
    wording = aspect.partner_wording
    if aspect.partner is None:
        return []
    if wording is None:
        return [_wrap("partner: internal (only colleagues judge this aspect)", "      ")]
    lines = [_wrap(f"partner: {wording.question.get(lang)}", "      ")]
    for number, anchor in enumerate(wording.anchors, start=1):
        lines.append(_wrap(f"{number}. {anchor.get(lang)}", "        "))
    return lines


def health_as_text(model: HealthModel, lang: str) -> str:
    lines = [f"{model.name.get(lang)} ({model.ref})", _wrap(model.description.get(lang), ""), ""]
    for point in model.scale:
        lines.append(f"  {point.point} {point.label.get(lang)}: {point.description.get(lang)}")
    for dimension in model.dimensions:
        lines += ["", f"{dimension.code}  {dimension.name.get(lang)}"]
        lines.append(_wrap(dimension.description.get(lang), "    "))
        for statement in dimension.statements:
            lines += ["", f"  {statement.code}"]
            lines.append(_wrap(statement.text.get(lang), "      "))
            if statement.partner_text is not None:
                lines.append(_wrap(f"partner: {statement.partner_text.get(lang)}", "      "))
    return "\n".join(lines)


def _shipped_model(ref: str | None) -> AnyModel:
    """The capability model `ref` names, or the health check when it names one of those."""
    match = REF.match(ref.strip()) if ref is not None else None
    if match and any(m.id == match["id"] for m in shipped_health_models()):
        return get_health_model(ref)
    return get_model(ref)


def show(ref: str | None, lang: str, fmt: str) -> int:
    try:
        model = _shipped_model(ref)
    except (LookupError, ModelFileError) as exc:
        print(f"partnerscan model show: {exc}", file=sys.stderr)
        return 1
    if fmt == "json":
        print(json.dumps(model_as_json(model), ensure_ascii=False, indent=2))
    elif isinstance(model, HealthModel):
        print(health_as_text(model, lang))
    else:
        print(model_as_text(model, lang))
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="partnerscan model", description="Check or show a capability model or a health check."
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
