"""`partnerscan score RESPONSES.csv`: score a Responses CSV and print the results."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import NoReturn

from partnerscan.capability.loader import get_model, load_file
from partnerscan.capability.modelfile import ModelFileError
from partnerscan.capability.schema import CapabilityModel
from partnerscan.core.languages import LANGUAGES
from partnerscan.scoring.engine import score
from partnerscan.scoring.matrix import ResponseMatrix
from partnerscan.scoring.options import (
    DEFAULT_MIN_GROUP,
    LOWEST_MIN_GROUP,
    ScoringError,
    check_options,
)
from partnerscan.scoring.responses_csv import ResponsesCSVError, parse_responses_csv
from partnerscan.scoring.text_report import render_text


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse would exit with 2; every error of this command exits with 1.
        raise UsageError(f"{self.format_usage()}{self.prog}: error: {message}")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="partnerscan score", description="Score a Responses CSV.")
    parser.add_argument(
        "responses", metavar="RESPONSES.csv", help="the Responses CSV ('-' reads stdin)"
    )
    parser.add_argument(
        "--model", help="ID@VERSION of a shipped model, or a model .yaml file (default: the newest)"
    )
    parser.add_argument(
        "--challenge", default="", help="challenge-type shares, e.g. chain=0.5,innovation=0.5"
    )
    parser.add_argument(
        "--min-group",
        type=int,
        default=DEFAULT_MIN_GROUP,
        help=f"smallest group shown in breakdowns (k, at least {LOWEST_MIN_GROUP})",
    )
    parser.add_argument("--lang", choices=LANGUAGES, default="nl")
    parser.add_argument("--format", choices=("json", "text"), default="text")
    return parser


def parse_shares(text: str) -> dict[str, float]:
    """`chain=0.5,innovation=0.5` as a mapping; an empty text means no shares."""
    shares: dict[str, float] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, _, value = item.partition("=")
        try:
            shares[name.strip()] = float(value)
        except ValueError:
            raise ScoringError(
                [f"'{item}' is not a challenge share (use TYPE=SHARE, e.g. chain=0.5)"]
            ) from None
    return shares


def load_model(ref: str | None) -> CapabilityModel:
    if ref and (ref.endswith((".yaml", ".yml")) or Path(ref).is_file()):
        return load_file(ref)
    return get_model(ref)


def _read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None


def _run(args: argparse.Namespace) -> str:
    model = load_model(args.model)
    shares = parse_shares(args.challenge)
    check_options(model, shares, args.min_group, args.lang)
    parsed = parse_responses_csv(model, _read(args.responses))
    matrix = ResponseMatrix.from_records(model, parsed.respondents)
    results = score(model, matrix, shares=shares, min_group=args.min_group, lang=args.lang)
    if args.format == "json":
        return json.dumps(results.to_dict(), ensure_ascii=False, indent=2) + "\n"
    return render_text(model, results)


def main(argv: list[str]) -> int:
    """Print the results on stdout (exit 0), or every problem on stderr (exit 1)."""
    try:
        output = _run(_parser().parse_args(argv))
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else 0
    except (ResponsesCSVError, ScoringError) as exc:
        print("\n".join(exc.problems), file=sys.stderr)
        return 1
    except (UsageError, ModelFileError, LookupError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    sys.stdout.write(output)
    return 0
