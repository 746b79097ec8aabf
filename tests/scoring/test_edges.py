"""Edges of the scoring package a mutation run found unguarded: the largest condition the
packed tallies hold, answers of unknown aspects, quotes around the first cell, aliases that do
not apply, a report without condition scores, and the CLI's model and group options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring import ResponseMatrix, score
from partnerscan.scoring.cli import main
from partnerscan.scoring.records import AspectAnswer, RespondentRecord
from partnerscan.scoring.responses_csv import ResponsesCSVError, Rules, parse_responses_csv
from partnerscan.scoring.responses_csv_writer import write_responses_csv
from partnerscan.scoring.tally import layouts
from partnerscan.scoring.text_report import render_text

from .helpers import FIXTURE, respondent
from .test_responses_csv import HEADER, csv_text

ANSWERS = "1,2,3,4,5,1,2,3,4,5"


def test_a_condition_of_80_aspects_fits_the_packed_tallies_and_81_does_not() -> None:
    assert [layout.m for layout in layouts([80, 2])] == [80, 2]
    with pytest.raises(ValueError, match="^a condition with this many aspects cannot be scored$"):
        layouts([81])


def test_an_answer_to_an_unknown_aspect_is_refused(mini: CapabilityModel) -> None:
    stray = RespondentRecord(
        "r1", None, None, None, {"zz": AspectAnswer(3, 3), "aa": AspectAnswer()}
    )
    with pytest.raises(ValueError, match="^respondent 'r1': unknown aspect 'aa'$"):
        ResponseMatrix.from_records(mini, [stray])


def test_an_answer_out_of_range_names_the_respondent_and_aspect(mini: CapabilityModel) -> None:
    bad = respondent("r1", [(3, 3), (7, 3), (3, 3), (3, 3), (3, 3)])
    with pytest.raises(
        ValueError, match=r"^respondent 'r1', aspect 'themes': 7 is not a level 1 to 5"
    ):
        ResponseMatrix.from_records(mini, [bad])


def test_a_record_without_some_aspects_leaves_them_unanswered(mini: CapabilityModel) -> None:
    partial = RespondentRecord("r1", None, None, None, {"themes": AspectAnswer(2, 4)})
    matrix = ResponseMatrix.from_records(
        mini, [partial, *[respondent(str(i), [(3, 3)] * 5) for i in range(2)]]
    )
    assert matrix.current[0].tolist() == [0, 2, 0, 0, 0]
    assert matrix.current[1].tolist() == [3, 3, 3, 3, 3]


def test_a_quoted_first_cell_with_a_comma_does_not_move_the_column(mini: CapabilityModel) -> None:
    text = csv_text(f'"r,2",board,{ANSWERS},"never closes', header=HEADER + ",CUL_LEARN_comment")
    with pytest.raises(ResponsesCSVError) as caught:
        parse_responses_csv(mini, text)
    assert caught.value.problems == [
        "row 2, column CUL_LEARN_comment: a quote opens here and is never closed, so the rest of "
        "the file would be one cell"
    ]


def test_a_value_that_is_no_alias_stays_as_it_is(mini: CapabilityModel) -> None:
    rules = Rules(aliases={"role": {"bestuur": "board"}})
    parsed = parse_responses_csv(mini, csv_text(f"r1,staff,{ANSWERS}"), rules)
    assert parsed.respondents[0].role == "staff"


def test_a_report_without_condition_scores_shows_dashes(mini: CapabilityModel) -> None:
    # One answer of three on strategy and none on culture: below 60% everywhere.
    records = [
        respondent(str(i), [(3, 4), (None, None), ("dk", "dk"), (None, None), (None, None)])
        for i in range(3)
    ]
    results = score(mini, ResponseMatrix.from_records(mini, records), lang="en")
    profile = render_text(mini, results).split("\n\n")[1].splitlines()
    assert profile[:3] == [
        "Profile (current → ambition, level)",
        "  Overall                                            – → –     –",
        "  Strategy                                           – → –     –  n=0",
    ]


@pytest.mark.parametrize("model", ["missing.yaml", "missing.yml"])
def test_a_model_file_that_is_missing_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, model: str
) -> None:
    assert main([str(tmp_path / "r.csv"), "--model", model]) == 1
    assert capsys.readouterr().err.startswith(f"{model}:1: cannot read file")


def test_a_share_with_two_equals_signs_is_not_a_share(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main([str(tmp_path / "r.csv"), "--model", str(FIXTURE), "--challenge", "chain==1"]) == 1
    assert capsys.readouterr().err == (
        "'chain==1' is not a challenge share (use TYPE=SHARE, e.g. chain=0.5)\n"
    )


def test_min_group_reaches_the_breakdowns(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, mini: CapabilityModel
) -> None:
    records = [
        respondent(f"r{i}", [(3, 4)] * 5, role="board" if i < 3 else "staff") for i in range(6)
    ]
    path = tmp_path / "r.csv"
    path.write_text(write_responses_csv(mini, records), encoding="utf-8")
    assert main([str(path), "--model", str(FIXTURE), "--format", "json", "--min-group", "3"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert results["min_group"] == 3
    assert [g["group"] for g in results["breakdowns"]["role"]["groups"]] == ["board", "staff"]
