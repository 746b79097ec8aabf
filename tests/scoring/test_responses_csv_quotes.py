"""Which column an unclosed or unended quote is reported in: the quote that opened last on the
row's first line, counted past quoted separators, doubled quotes and quotes inside bare values."""

from __future__ import annotations

import pytest

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring.responses_csv import ResponsesCSVError, parse_responses_csv

from .test_responses_csv import HEADER, csv_text

WITH_COMMENT = HEADER + ",CUL_LEARN_comment"
ANSWERS = "1,2,3,4,5,1,2,3,4,5"
UNCLOSED = "a quote opens here and is never closed, so the rest of the file would be one cell"
UNENDED = (
    "a quoted value here does not end where its cell ends (a closing quote is missing, or a "
    "quote inside it is not doubled)"
)


def problems(model: CapabilityModel, text: str) -> list[str]:
    with pytest.raises(ResponsesCSVError) as caught:
        parse_responses_csv(model, text)
    return caught.value.problems


def test_quoted_separators_and_doubled_quotes_before_it_do_not_move_the_column(
    mini: CapabilityModel,
) -> None:
    text = csv_text(
        f"r1,board,{ANSWERS},fine",
        f'"r2","bo"",a""rd",{ANSWERS},"says ""hi"", and never closes',
        f"r3,board,{ANSWERS},fine",
        header=WITH_COMMENT,
    )
    assert problems(mini, text) == [f"row 3, column CUL_LEARN_comment: {UNCLOSED}"]


def test_a_quote_inside_a_bare_value_opens_nothing(mini: CapabilityModel) -> None:
    text = csv_text(f'r1,bo"ard,{ANSWERS},"never closes', header=WITH_COMMENT)
    assert problems(mini, text) == [f"row 2, column CUL_LEARN_comment: {UNCLOSED}"]


def test_only_the_first_line_of_the_broken_record_counts(mini: CapabilityModel) -> None:
    text = csv_text(
        f'r1,"board,{ANSWERS}',
        f'r2,"board",{ANSWERS}',
        'r3,board,1,"2",3,4,5,1,2,3,4,5',
    )
    assert problems(mini, text) == [f"row 2, column role: {UNENDED}"]
