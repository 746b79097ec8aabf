"""Reading a Responses CSV's bytes and lines: byte order marks, text that is not text, Excel's
`sep=` line, the separator of the header alone, and quotes that break off."""

from __future__ import annotations

import pytest

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring.responses_csv import ResponsesCSVError, Rules, parse_responses_csv

from .test_responses_csv import HEADER, csv_text

ANSWERS = "1,2,3,4,5,1,2,3,4,5"
ONE_ROW = csv_text(f"r1,board,{ANSWERS}")
NOT_TEXT = "the file is not a text file (save it as CSV UTF-8)"
UNCLOSED = "a quote opens here and is never closed, so the rest of the file would be one cell"


def problems(model: CapabilityModel, data: str | bytes, rules: Rules | None = None) -> list[str]:
    with pytest.raises(ResponsesCSVError) as caught:
        parse_responses_csv(model, data, rules)
    return caught.value.problems


def test_a_byte_order_mark_before_text_is_dropped(mini: CapabilityModel) -> None:
    assert parse_responses_csv(mini, "\ufeff" + ONE_ROW) == parse_responses_csv(mini, ONE_ROW)


def test_utf16_big_endian_with_its_byte_order_mark(mini: CapabilityModel) -> None:
    data = ("\ufeff" + ONE_ROW).encode("utf-16-be")
    assert data.startswith(b"\xfe\xff")
    assert parse_responses_csv(mini, data) == parse_responses_csv(mini, ONE_ROW)


def test_utf16_without_a_byte_order_mark_is_not_text(mini: CapabilityModel) -> None:
    assert problems(mini, ONE_ROW.encode("utf-16-le")) == [f"row 1: {NOT_TEXT}"]


def test_not_text_names_the_row_of_the_first_nul(mini: CapabilityModel) -> None:
    data = b"a\nb\n" + ("x" * 20).encode("utf-16-le")
    assert problems(mini, data) == [f"row 3: {NOT_TEXT}"]


def test_nuls_in_a_quarter_of_the_text_or_less_are_reported_per_cell(
    mini: CapabilityModel,
) -> None:
    base = len(csv_text(f"r1,,{ANSWERS}"))
    nuls = "\x00" * (base // 3)  # more than a fifth of the text, not more than a quarter
    assert problems(mini, csv_text(f"r1,{nuls},{ANSWERS}")) == [
        "row 2, column role: contains a NUL character"
    ]


def test_a_sep_line_alone_leaves_no_header(mini: CapabilityModel) -> None:
    assert problems(mini, "sep=;") == ["row 1: the file has no header row"]


def test_an_empty_line_after_the_sep_line_is_no_header(mini: CapabilityModel) -> None:
    assert problems(mini, "sep=,\n\n" + ONE_ROW) == ["row 1: the file has no header row"]


def test_the_separator_is_counted_in_the_header_line_only(mini: CapabilityModel) -> None:
    header = HEADER.replace(",", ";") + ";CUL_LEARN_comment"
    comment = ", ".join(["a"] * 31)  # more commas in the rows than semicolons in the file
    rows = [f'r{i};board;1;2;3;4;5;1;2;3;4;5;"{comment}"' for i in (1, 2)]
    parsed = parse_responses_csv(mini, "\n".join([header, *rows]) + "\n")
    assert [r.comments["learning"] for r in parsed.respondents] == [comment, comment]


def test_a_comment_keeps_its_windows_line_break(mini: CapabilityModel) -> None:
    text = csv_text(f'r1,board,{ANSWERS},"two\r\nlines"', header=HEADER + ",CUL_LEARN_comment")
    assert parse_responses_csv(mini, text).respondents[0].comments == {"learning": "two\r\nlines"}


def test_an_unclosed_quote_in_the_header_names_row_1(mini: CapabilityModel) -> None:
    assert problems(mini, '"respondent,role\nr1,board\n') == [f"row 1, column A: {UNCLOSED}"]


def test_an_unclosed_quote_beyond_the_header_names_the_column_letter(
    mini: CapabilityModel,
) -> None:
    text = csv_text(f"r1,board,{ANSWERS}", f'r2,board,{ANSWERS},"never closes')
    assert problems(mini, text) == [f"row 3, column M: {UNCLOSED}"]


def test_without_a_respondent_column_the_rows_add_no_problem_of_their_own(
    mini: CapabilityModel,
) -> None:
    header = HEADER.removeprefix("respondent,")
    assert problems(mini, csv_text(f"board,{ANSWERS}", header=header)) == [
        "row 1, column respondent: missing column"
    ]


def test_a_duplicate_column_is_read_once(mini: CapabilityModel) -> None:
    text = csv_text(f"r1,board,{ANSWERS},nobody", header=HEADER + ",role")
    assert problems(mini, text, Rules(allowed={"role": {"board"}})) == [
        "row 1, column role: duplicate column (also column B)"
    ]
