"""`partnerscan score RESPONSES.csv` through its main()."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring.cli import main
from partnerscan.scoring.responses_csv_writer import write_responses_csv

from .helpers import FIXTURE, respondent


@pytest.fixture
def responses(tmp_path: Path, mini: CapabilityModel) -> Path:
    records = [
        respondent(
            f"r{i}",
            [(1 + i % 5, 5), (2, 4), (3, "dk"), (i % 2 + 1, 3), (4, 4)],
            role="board" if i < 6 else "staff",
            department="sales" if i % 2 else "hr",
        )
        for i in range(12)
    ]
    path = tmp_path / "responses.csv"
    path.write_text(write_responses_csv(mini, records, delimiter=";"), encoding="utf-8-sig")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([*args, "--model", str(FIXTURE)] if "--model" not in args else list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output_holds_the_results(capsys: pytest.CaptureFixture[str], responses: Path) -> None:
    code, out, err = run(
        capsys,
        str(responses),
        "--format",
        "json",
        "--challenge",
        "chain=0.5,innovation=0.5",
        "--lang",
        "en",
    )
    results = json.loads(out)
    assert (code, err) == (0, "")
    assert results["model"] == {"id": "mini", "version": "1.0"}
    assert results["respondents"] == 12
    assert results["challenge_shares"] == {"chain": 0.5, "innovation": 0.5}
    # Priorities: themes gap 2 × weight 2, goals 2.25 × 1.5, leadership 1.5 × 2; selection: no gap.
    assert [lead["aspect"] for lead in results["leads"]] == ["themes", "goals", "leadership"]
    assert [g["group"] for g in results["breakdowns"]["role"]["groups"]] == ["board", "staff"]


def test_text_output_is_a_readable_report(
    capsys: pytest.CaptureFixture[str], responses: Path
) -> None:
    code, out, err = run(capsys, str(responses), "--lang", "en")
    assert (code, err) == (0, "")
    assert "partnerscan — Mini model (mini@1.0)" in out
    assert "Respondents: 12 (minimum group size 5)" in out
    for heading in ("Profile", "Leads", "Where views differ", "Breakdowns"):
        assert heading in out
    assert "Goals" in out


def test_text_output_in_dutch(capsys: pytest.CaptureFixture[str], responses: Path) -> None:
    code, out, _ = run(capsys, str(responses))
    assert code == 0
    assert "Respondenten: 12" in out and "Aanknopingspunten" in out


def test_a_bad_file_lists_every_problem_on_stderr_only(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("respondent,colour\nr1,blue\n", encoding="utf-8")
    code, out, err = run(capsys, str(path))
    assert (code, out) == (1, "")
    assert err.splitlines()[:2] == [
        "row 1, column colour: unknown column",
        "row 1, column STR_GOALS_current: missing column",
    ]
    assert len(err.splitlines()) == 11


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--challenge", "chain=0.5,innovation=0.4"],
            "challenge shares must sum to 1 (they sum to 0.9)",
        ),
        (
            ["--challenge", "chain=half"],
            "'chain=half' is not a challenge share (use TYPE=SHARE, e.g. chain=0.5)",
        ),
        (
            ["--challenge", "space=1"],
            "unknown challenge type 'space' (known: chain, regional, innovation)",
        ),
        (["--min-group", "2"], "the minimum group size must be at least 3 (got 2)"),
        (["--model", "nosuch@9.9"], "unknown model 'nosuch@9.9'"),
        (["--format", "xml"], "invalid choice: 'xml'"),
    ],
)
def test_bad_options_exit_1_with_nothing_on_stdout(
    capsys: pytest.CaptureFixture[str], responses: Path, args: list[str], message: str
) -> None:
    code, out, err = run(capsys, str(responses), *args)
    assert (code, out) == (1, "")
    assert message in err


def test_fewer_than_three_respondents(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, mini: CapabilityModel
) -> None:
    path = tmp_path / "two.csv"
    path.write_text(
        write_responses_csv(mini, [respondent(f"r{i}", [(3, 4)] * 5) for i in range(2)])
    )
    code, out, err = run(capsys, str(path))
    assert (code, out, err) == (1, "", "no results below 3 respondents (this selection has 2)\n")


def test_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, str(tmp_path / "nope.csv"))
    assert (code, out) == (1, "")
    assert err.startswith(f"cannot read {tmp_path / 'nope.csv'}")


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "usage: partnerscan score" in capsys.readouterr().out


def test_an_unclosed_quote_is_an_error_not_fewer_respondents(
    capsys: pytest.CaptureFixture[str], responses: Path
) -> None:
    lines = responses.read_text(encoding="utf-8-sig").splitlines()
    lines[3] = lines[3].replace(";board;", ';"board;', 1)  # row 4 of 13
    responses.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    assert run(capsys, str(responses)) == (
        1,
        "",
        "row 4, column role: a quote opens here and is never closed, so the rest of the file "
        "would be one cell\n",
    )
