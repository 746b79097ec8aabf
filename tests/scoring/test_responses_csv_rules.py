"""The caller's rules on a Responses CSV (aliases, allowed values, lengths) and how the reader's
problems read: each message whole, in the language asked, values shown shortened."""

from __future__ import annotations

import pytest

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring.csv_messages import problem
from partnerscan.scoring.options import ScoringError
from partnerscan.scoring.responses_csv import (
    BadValue,
    ResponsesCSVError,
    Rules,
    parse_responses_csv,
    parse_value,
)

from .test_responses_csv import HEADER, csv_text

ANSWERS = "1,2,3,4,5,1,2,3,4,5"


def problems(model: CapabilityModel, text: str, rules: Rules | None = None) -> list[str]:
    with pytest.raises(ResponsesCSVError) as caught:
        parse_responses_csv(model, text, rules)
    return caught.value.problems


def test_an_alias_stands_for_its_value_in_any_case(mini: CapabilityModel) -> None:
    rules = Rules(allowed={"role": {"board"}}, aliases={"role": {"bestuur": "board"}})
    parsed = parse_responses_csv(mini, csv_text(f"r1,BESTUUR,{ANSWERS}"), rules)
    assert [record.role for record in parsed.respondents] == ["board"]


@pytest.mark.parametrize(
    ("value", "shown"),
    [("x" * 40, "x" * 40), ("x" * 41, "x" * 39 + "…")],
    ids=["40-shown-whole", "41-shortened"],
)
def test_a_value_not_allowed_is_named_shortened_to_forty_characters(
    mini: CapabilityModel, value: str, shown: str
) -> None:
    rules = Rules(allowed={"role": {"board", "staff"}})
    assert problems(mini, csv_text(f"r1,{value},{ANSWERS}"), rules) == [
        f"row 2, column role: '{shown}' is not one of: board, staff"
    ]


def test_a_grouping_without_allowed_values_must_stay_empty(mini: CapabilityModel) -> None:
    rules = Rules(allowed={"role": set()})
    assert problems(mini, csv_text(f"r1,board,{ANSWERS}"), rules) == [
        "row 2, column role: 'board' is not allowed here; leave it empty"
    ]


def test_a_value_too_long_names_its_length(mini: CapabilityModel) -> None:
    rules = Rules(max_length={"role": 5})
    assert problems(mini, csv_text(f"r1,boardroom,{ANSWERS}"), rules) == [
        "row 2, column role: 9 characters, at most 5 allowed"
    ]


def test_a_line_break_in_a_headless_column_is_a_headless_value(mini: CapabilityModel) -> None:
    text = csv_text(f'r1,board,{ANSWERS},"two\nlines"', header=HEADER + ",")
    assert problems(mini, text) == ["row 2, column M: a value in a column without a header"]


def test_a_carriage_return_alone_is_a_line_break_too(mini: CapabilityModel) -> None:
    assert problems(mini, csv_text(f'r1,"bo\rard",{ANSWERS}')) == [
        "row 2, column role: a line break inside the value (is a closing quote missing?)"
    ]


def test_the_error_reads_as_its_problems_one_per_line(mini: CapabilityModel) -> None:
    with pytest.raises(ResponsesCSVError) as caught:
        parse_responses_csv(mini, csv_text(f"r1,board,7,{ANSWERS[2:]}", f"r1,board,{ANSWERS}"))
    assert str(caught.value) == (
        "row 2, column STR_GOALS_current: '7' is not 1-5, dk or empty\n"
        "row 3, column respondent: duplicate respondent 'r1' (also row 2)"
    )
    assert caught.value.problems_in("nl") == [
        "rij 2, kolom STR_GOALS_current: '7' is geen 1-5, dk of leeg",
        "rij 3, kolom respondent: dubbele respondent 'r1' (ook rij 2)",
    ]


def test_a_bad_value_says_what_it_is() -> None:
    with pytest.raises(BadValue) as caught:
        parse_value(" 7 ")
    assert (str(caught.value), caught.value.text) == ("'7' is not 1-5, dk or empty", "7")


def test_a_problem_in_an_unknown_language_reads_in_english() -> None:
    found = problem(3, "role", "bad_value", text="x")
    assert found.text("de") == found.text() == "row 3, column role: 'x' is not 1-5, dk or empty"
    assert problem(1, None, "no_header").text() == "row 1: the file has no header row"


def test_a_scoring_error_reads_as_its_problems_one_per_line() -> None:
    assert str(ScoringError(["one", "two"])) == "one\ntwo"
