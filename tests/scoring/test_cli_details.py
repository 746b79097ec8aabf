"""Details of `partnerscan score` a reader relies on: the help text, JSON as written, stdin,
and which problem is reported first."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring.cli import main
from partnerscan.scoring.responses_csv_writer import write_responses_csv

from .helpers import FIXTURE, respondent

HELP = """\
usage: partnerscan score [-h] [--model MODEL] [--challenge CHALLENGE] [--min-group MIN_GROUP]
                         [--lang {nl,en}] [--format {json,text}]
                         RESPONSES.csv

Score a Responses CSV.

positional arguments:
  RESPONSES.csv         the Responses CSV ('-' reads stdin)

options:
  -h, --help            show this help message and exit
  --model MODEL         ID@VERSION of a shipped model, or a model .yaml file (default: the newest)
  --challenge CHALLENGE
                        challenge-type shares, e.g. chain=0.5,innovation=0.5
  --min-group MIN_GROUP
                        smallest group shown in breakdowns (k, at least 3)
  --lang {nl,en}
  --format {json,text}
"""


@pytest.fixture
def cafe_csv(mini: CapabilityModel) -> str:
    """Twelve respondents in two departments of six, one of them named with an accent."""
    records = [
        respondent(
            f"r{i}",
            [(1 + i % 5, 5), (2, 4), (3, 3), (i % 2 + 1, 3), (4, 4)],
            department="Café" if i % 2 else "hr",
        )
        for i in range(12)
    ]
    return write_responses_csv(mini, records)


def test_help_describes_every_argument(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    assert main(["--help"]) == 0
    assert capsys.readouterr().out == HELP


def test_json_is_indented_by_two_and_keeps_accents_readable(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, cafe_csv: str
) -> None:
    path = tmp_path / "responses.csv"
    path.write_text(cafe_csv, encoding="utf-8")
    assert main([str(path), "--model", str(FIXTURE), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert out == json.dumps(json.loads(out), ensure_ascii=False, indent=2) + "\n"
    assert '"group": "Café"' in out


def test_a_dash_reads_the_responses_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, cafe_csv: str
) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(cafe_csv.encode("utf-8"))))
    assert main(["-", "--model", str(FIXTURE), "--format", "json", "--lang", "en"]) == 0
    assert json.loads(capsys.readouterr().out)["respondents"] == 12


def test_a_missing_file_says_why_it_cannot_be_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main([str(tmp_path / "nope.csv"), "--model", str(FIXTURE)]) == 1
    assert capsys.readouterr().err == (
        f"cannot read {tmp_path / 'nope.csv'}: No such file or directory\n"
    )


def test_bad_shares_are_reported_before_the_file_is_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = main([str(tmp_path / "nope.csv"), "--model", str(FIXTURE), "--challenge", "chain=2"])
    assert (code, *capsys.readouterr()) == (
        1,
        "",
        "challenge shares must sum to 1 (they sum to 2)\n",
    )
