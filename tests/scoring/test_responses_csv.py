"""Reading and writing the Responses CSV (PRODUCT.md §5)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring.csv_messages import MESSAGES
from partnerscan.scoring.records import AspectAnswer, RespondentRecord
from partnerscan.scoring.responses_csv import (
    ResponsesCSVError,
    Rules,
    column_letter,
    parse_responses_csv,
)
from partnerscan.scoring.responses_csv_writer import write_responses_csv

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
        "r1,,1,2,3,4,5,1,2,3,4,5,",
        "r2,,7,2,3,4,5,1,2,3,4,x,",
        "r1,,1,2,3,4,5,1,2,3,4,5,",
        ",,1,2,3,4,5,1,2,3,4,5,",
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


def test_a_value_under_an_empty_header_cell_is_an_error(mini: CapabilityModel) -> None:
    text = csv_text("r1,,1,2,3,4,5,1,2,3,4,5,,oops", header=HEADER + ",,")
    assert problems(mini, text) == ["row 2, column N: a value in a column without a header"]


def test_a_row_longer_than_the_header_is_an_error(mini: CapabilityModel) -> None:
    # "Sales, North" without quotes shifts every answer one column to the right.
    text = csv_text("r1,board,1,2,3,4,5,1,2,3,4,5", "r2,Sales, North,1,2,3,4,5,1,2,3,4,")
    assert problems(mini, text) == [
        "row 3, column M: the row has 13 cells, the header 12 "
        "(is a separator inside a value without quotes around it?)",
        "row 3, column STR_GOALS_current: 'North' is not 1-5, dk or empty",
    ]


def test_a_row_shorter_than_the_header_names_the_missing_columns(mini: CapabilityModel) -> None:
    text = csv_text("r1,board,1,2,3,4,5,1,2,3,4,5", "r2,board,1,2,3,4,5,1,2,3")
    assert problems(mini, text) == [
        "row 3, column CUL_LEARN_current: the row ends after 10 of the header's 12 cells "
        "(missing: CUL_LEARN_current, CUL_LEARN_ambition)"
    ]


def test_an_unclosed_quote_names_the_row_and_column_where_it_opened(
    mini: CapabilityModel,
) -> None:
    # Read loosely, the rest of the file would be one cell and r3, r4 would vanish.
    text = csv_text(
        "r1,board,1,2,3,4,5,1,2,3,4,5",
        'r2,"board,1,2,3,4,5,1,2,3,4,5',
        "r3,board,1,2,3,4,5,1,2,3,4,5",
        "r4,board,1,2,3,4,5,1,2,3,4,5",
    )
    assert problems(mini, text) == [
        "row 3, column role: a quote opens here and is never closed, so the rest of the file "
        "would be one cell"
    ]


def test_a_quote_closed_in_a_later_row_names_the_row_where_it_opened(
    mini: CapabilityModel,
) -> None:
    text = csv_text(
        '"r1",board,1,2,3,4,5,1,2,3,4,5',
        'r2,"board,1,2,3,4,5,1,2,3,4,5',
        'r3,"board",1,2,3,4,5,1,2,3,4,5',
    )
    assert problems(mini, text) == [
        "row 3, column role: a quoted value here does not end where its cell ends (a closing "
        "quote is missing, or a quote inside it is not doubled)"
    ]


def test_a_line_break_outside_a_comment_is_an_error(mini: CapabilityModel) -> None:
    header = HEADER + ",CUL_LEARN_comment"
    text = csv_text('r1,"board\nr2",1,2,3,4,5,1,2,3,4,5,"two\nlines"', header=header)
    assert problems(mini, text) == [
        "row 2, column role: a line break inside the value (is a closing quote missing?)"
    ]
    # A comment may hold line breaks; the row after it is the next row, as a spreadsheet shows.
    assert problems(
        mini,
        csv_text(
            'r1,board,1,2,3,4,5,1,2,3,4,5,"two\nlines"', "r2,,7,2,3,4,5,1,2,3,4,5,", header=header
        ),
    ) == ["row 3, column STR_GOALS_current: '7' is not 1-5, dk or empty"]


def test_missing_and_duplicate_columns(mini: CapabilityModel) -> None:
    header = "role,STR_GOALS_current,str_goals_current"
    assert problems(mini, csv_text(header=header)) == [
        "row 1, column str_goals_current: duplicate column (also column B)",
        "row 1, column respondent: missing column",
        *[f"row 1, column {c}: missing column" for c in ANSWER_COLUMNS if c != "STR_GOALS_current"],
    ]


def test_windows_1252_from_dutch_excel_is_read(mini: CapabilityModel) -> None:
    # Excel's plain "CSV" on a Dutch Windows: semicolons and Windows-1252 (é, ë, €).
    text = csv_text(
        "r1;Directie;1;2;3;4;5;1;2;3;4;5",
        "r2;Geïntegreerd café €;1;2;3;4;5;1;2;3;4;5",
        header=HEADER.replace(",", ";"),
    )
    parsed = parse_responses_csv(mini, text.encode("cp1252"))
    assert parsed == parse_responses_csv(mini, text.encode("utf-8"))
    assert [r.role for r in parsed.respondents] == ["Directie", "Geïntegreerd café €"]


def test_a_file_in_neither_utf8_nor_windows_1252_is_refused_with_the_fix(
    mini: CapabilityModel,
) -> None:
    data = csv_text("r1,board,1,2,3,4,5,1,2,3,4,5", "r2,b\u0081,1,2,3,4,5,1,2,3,4,5").encode(
        "latin-1"
    )
    assert problems(mini, data) == [
        "row 3: the file is neither UTF-8 nor Windows-1252 text (save it as CSV UTF-8)"
    ]


def test_excel_unicode_text_is_read(mini: CapabilityModel) -> None:
    # Excel's "Unicode text": UTF-16 with a byte order mark, tab-separated.
    text = csv_text("r1\tDirectie\t1\t2\t3\t4\t5\t1\t2\t3\t4\t5", header=HEADER.replace(",", "\t"))
    comma = parse_responses_csv(mini, csv_text("r1,Directie,1,2,3,4,5,1,2,3,4,5"))
    assert parse_responses_csv(mini, text.encode("utf-16")) == comma


def test_an_excel_separator_line_is_honoured(mini: CapabilityModel) -> None:
    comma = parse_responses_csv(mini, csv_text("r1,Sales; North,1,2,3,4,5,1,2,3,4,5"))
    text = "sep=,\r\n" + csv_text("r1,Sales; North,1,2,3,4,5,1,2,3,4,5")
    assert parse_responses_csv(mini, ("\ufeff" + text).encode("utf-8")) == comma
    semicolons = csv_text("r1;Sales, North;1;2;3;4;5;1;2;3;4;5", header=HEADER.replace(",", ";"))
    assert parse_responses_csv(mini, "sep=;\n" + semicolons) == parse_responses_csv(
        mini, csv_text('r1,"Sales, North",1,2,3,4,5,1,2,3,4,5')
    )
    # Rows are numbered as the spreadsheet shows them: the separator line is not a row.
    assert problems(mini, "sep=;\n" + semicolons.replace(";5\n", ";9\n")) == [
        "row 2, column CUL_LEARN_ambition: '9' is not 1-5, dk or empty"
    ]


def test_a_tab_separated_file_is_read(mini: CapabilityModel) -> None:
    text = csv_text(
        "r1\tSales, North\t1\t2\t3\t4\t5\t1\t2\t3\t4\t5", header=HEADER.replace(",", "\t")
    )
    assert parse_responses_csv(mini, text) == parse_responses_csv(
        mini, csv_text('r1,"Sales, North",1,2,3,4,5,1,2,3,4,5')
    )


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


def test_the_problems_read_in_dutch_for_a_dutch_reader(mini: CapabilityModel) -> None:
    data = csv_text(
        "r1,board,7,2,3,4,5,1,2,3,4", "r1,board,1,2,3,4,5,1,2,3,4,5", header=HEADER + ",x"
    )
    with pytest.raises(ResponsesCSVError) as caught:
        parse_responses_csv(mini, data)
    assert caught.value.problems_in("nl") == [
        "rij 1, kolom x: onbekende kolom",
        "rij 2, kolom CUL_LEARN_ambition: de rij eindigt na 11 van de 13 cellen van de kop "
        "(ontbreekt: CUL_LEARN_ambition, x)",
        "rij 2, kolom STR_GOALS_current: '7' is geen 1-5, dk of leeg",
        "rij 3, kolom x: de rij eindigt na 12 van de 13 cellen van de kop (ontbreekt: x)",
        "rij 3, kolom respondent: dubbele respondent 'r1' (ook rij 2)",
    ]
    assert caught.value.problems == [p.text("en") for p in caught.value.found]
    assert caught.value.problems[0] == "row 1, column x: unknown column"


def test_every_message_has_a_dutch_and_an_english_text_with_the_same_fields() -> None:
    fields = {
        lang: {code: sorted(re.findall(r"{(\w+)}", text)) for code, text in table.items()}
        for lang, table in MESSAGES.items()
    }
    assert fields["nl"] == fields["en"]
    assert all(MESSAGES["nl"][code] != MESSAGES["en"][code] for code in MESSAGES["en"])
