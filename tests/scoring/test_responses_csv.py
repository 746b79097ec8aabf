"""Reading and writing the Responses CSV (PRODUCT.md §5)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring.records import AspectAnswer, RespondentRecord
from partnerscan.scoring.responses_csv import (
    ResponsesCSVError,
    Rules,
    column_letter,
    parse_responses_csv,
    write_responses_csv,
)

ANSWER_COLUMNS = [
    f"{code}_{part}"
    for code in ("STR_GOALS", "STR_THEMES", "STR_SELECT", "CUL_LEAD", "CUL_LEARN")
    for part in ("current", "ambition")
]
HEADER = ",".join(["respondent", "role", *ANSWER_COLUMNS])


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def problems(model: CapabilityModel, data: str | bytes) -> list[str]:
    with pytest.raises(ResponsesCSVError) as caught:
        parse_responses_csv(model, data)
    return caught.value.problems


def test_reads_answers_roles_and_dont_know(mini: CapabilityModel) -> None:
    parsed = parse_responses_csv(mini, csv_text("r1,board,1,2,dk,DK,,, 3 ,Dk,5,5"))
    assert parsed.respondents == (
        RespondentRecord(
            "r1",
            "board",
            None,
            None,
            {
                "goals": AspectAnswer(1, 2),
                "themes": AspectAnswer("dk", "dk"),
                "selection": AspectAnswer(None, None),
                "leadership": AspectAnswer(3, "dk"),
                "learning": AspectAnswer(5, 5),
            },
            {},
        ),
    )


def test_semicolons_and_a_byte_order_mark_as_dutch_excel_writes_them(mini: CapabilityModel) -> None:
    comma = parse_responses_csv(mini, csv_text("r1,Bestuur,1,2,3,4,5,1,2,3,4,5"))
    text = csv_text("r1;Bestuur;1;2;3;4;5;1;2;3;4;5", header=HEADER.replace(",", ";"))
    assert parse_responses_csv(mini, ("\ufeff" + text).encode("utf-8")) == comma
    assert parse_responses_csv(mini, text.replace("\n", "\r\n")) == comma


def test_headers_match_without_regard_to_case_and_blank_rows_are_skipped(
    mini: CapabilityModel,
) -> None:
    parsed = parse_responses_csv(
        mini, csv_text("", "r1,,1,2,3,4,5,1,2,3,4,5", ",,,,,,,,,,,", header=HEADER.upper())
    )
    assert [r.id for r in parsed.respondents] == ["r1"]


def test_comments_are_read_per_aspect(mini: CapabilityModel) -> None:
    parsed = parse_responses_csv(
        mini,
        csv_text(
            'r1,,1,2,3,4,5,1,2,3,4,5,"Goed, maar traag"', header=HEADER + ",STR_GOALS_comment"
        ),
    )
    assert parsed.respondents[0].comments == {"goals": "Goed, maar traag"}


def test_every_problem_is_reported_with_its_row_and_column(mini: CapabilityModel) -> None:
    text = csv_text(
        "r1,,1,2,3,4,5,1,2,3,4,5",
        "r2,,7,2,3,4,5,1,2,3,4,x",
        "r1,,1,2,3,4,5,1,2,3,4,5",
        ",,1,2,3,4,5,1,2,3,4,5",
        "r5,,1,2,3,4,5,1,2,3,4,5,extra",
        header=HEADER + ",colour",
    )
    assert problems(mini, text) == [
        "row 1, column colour: unknown column",
        "row 3, column STR_GOALS_current: '7' is not 1-5, dk or empty",
        "row 3, column CUL_LEARN_ambition: 'x' is not 1-5, dk or empty",
        "row 4, column respondent: duplicate respondent 'r1' (also row 2)",
        "row 5, column respondent: empty respondent",
    ]


def test_cells_beyond_the_header_are_errors(mini: CapabilityModel) -> None:
    assert problems(mini, csv_text("r1,,1,2,3,4,5,1,2,3,4,5,,oops")) == [
        "row 2, column N: a value in a column without a header"
    ]


def test_missing_and_duplicate_columns(mini: CapabilityModel) -> None:
    header = "role,STR_GOALS_current,str_goals_current"
    assert problems(mini, csv_text(header=header)) == [
        "row 1, column str_goals_current: duplicate column (also column B)",
        "row 1, column respondent: missing column",
        *[f"row 1, column {c}: missing column" for c in ANSWER_COLUMNS if c != "STR_GOALS_current"],
    ]


def test_a_file_that_is_not_utf8_names_its_row(mini: CapabilityModel) -> None:
    data = csv_text(
        "r1,Directie,1,2,3,4,5,1,2,3,4,5", "r2,Geïntegreerd,1,2,3,4,5,1,2,3,4,5"
    ).encode("cp1252")
    assert problems(mini, data) == ["row 3: the file is not UTF-8 text (save it as CSV UTF-8)"]


def test_a_nul_character_is_a_problem_of_its_row_and_column(mini: CapabilityModel) -> None:
    assert problems(
        mini, csv_text("r\x001,,1,2,3,4,5,1,2,3,4,5", "r2,\x00,1,2,3,4,5,1,2,3,4,\x005")
    ) == [
        "row 2, column respondent: contains a NUL character",
        "row 3, column role: contains a NUL character",
        "row 3, column CUL_LEARN_ambition: contains a NUL character",
    ]


def test_rules_name_every_unknown_value_and_too_long_text(mini: CapabilityModel) -> None:
    rules = Rules(
        allowed={"role": {"board", "staff"}, "department": set()},
        max_length={"respondent": 3, "comment": 5},
    )
    text = csv_text(
        "r1,board,,1,2,3,4,5,1,2,3,4,5,short",
        "r2,Bestuur,,1,2,3,4,5,1,2,3,4,5,",
        "r345,staff,Sales,1,2,3,4,5,1,2,3,4,5,too long",
        header=HEADER.replace("role,", "role,department,") + ",STR_GOALS_comment",
    )
    with pytest.raises(ResponsesCSVError) as caught:
        parse_responses_csv(mini, text, rules)
    assert caught.value.problems == [
        "row 3, column role: 'Bestuur' is not one of: board, staff",
        "row 4, column respondent: 4 characters, at most 3 allowed",
        "row 4, column department: 'Sales' is not allowed here; leave it empty",
        "row 4, column STR_GOALS_comment: 8 characters, at most 5 allowed",
    ]
    assert parse_responses_csv(
        mini,
        text.replace("r345", "r3")
        .replace("Sales", "")
        .replace("too long", "ok")
        .replace("Bestuur", "staff"),
        rules,
    ).rows == (2, 3, 4)


def test_an_empty_file_has_no_header(mini: CapabilityModel) -> None:
    assert problems(mini, b"") == ["row 1: the file has no header row"]


def test_column_letters_as_a_spreadsheet_names_them() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_writing_neutralises_formulas(mini: CapabilityModel) -> None:
    record = RespondentRecord(
        "=1+1",
        "+board",
        "-sales",
        "@home",
        {"goals": AspectAnswer(3, "dk")},
        {"goals": "\tcmd", "themes": "'=x"},
    )
    lines = write_responses_csv(mini, [record]).splitlines()
    assert lines[0].split(",")[:5] == [
        "respondent",
        "role",
        "department",
        "group",
        "STR_GOALS_current",
    ]
    assert lines[1].split(",")[:10] == [
        "'=1+1",
        "'+board",
        "'-sales",
        "'@home",
        "3",
        "dk",
        "'\tcmd",
        "",
        "",
        "''=x",
    ]


text_st = st.one_of(
    st.none(),
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=8
    ),
)
answer_st = st.sampled_from([1, 2, 3, 4, 5, "dk", None])


@settings(max_examples=50, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            text_st,
            text_st,
            text_st,
            st.lists(st.tuples(answer_st, answer_st, text_st), min_size=5, max_size=5),
        ),
        max_size=6,
    )
)
def test_what_is_written_reads_back_unchanged(mini: CapabilityModel, rows: list) -> None:  # type: ignore[type-arg]
    ids = [a.id for a in mini.aspects]
    records = tuple(
        RespondentRecord(
            f"r{i}",
            role,
            dept,
            group,
            {a: AspectAnswer(cur, amb) for a, (cur, amb, _) in zip(ids, answers, strict=True)},
            {a: comment for a, (_, _, comment) in zip(ids, answers, strict=True)},
        )
        for i, (role, dept, group, answers) in enumerate(rows)
    )
    for delimiter in (",", ";"):
        assert (
            parse_responses_csv(mini, write_responses_csv(mini, records, delimiter)).respondents
            == records
        )
