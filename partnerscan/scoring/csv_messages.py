"""The messages of the Responses CSV reader, in each language the app speaks (responses_csv.py).

The scoring package does not import Django, so the caller names the language (the CLI: English;
the web import: the user's).
"""

from __future__ import annotations

from dataclasses import dataclass

# Every message of the reader, by code. `{where}` is "row N, column X" as a spreadsheet
# numbers them.
MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "where": "row {row}, column {column}",
        "row": "row {row}",
        "fix": "save it as CSV UTF-8",
        "not_text": "the file is not a text file ({fix})",
        "not_encoding": "the file is neither UTF-8 nor Windows-1252 text ({fix})",
        "quote_unclosed": "a quote opens here and is never closed, so the rest of the file "
        "would be one cell",
        "quote_unended": "a quoted value here does not end where its cell ends (a closing quote "
        "is missing, or a quote inside it is not doubled)",
        "unknown_column": "unknown column",
        "duplicate_column": "duplicate column (also column {other})",
        "missing_column": "missing column",
        "bad_value": "'{text}' is not 1-5, dk or empty",
        "line_break": "a line break inside the value (is a closing quote missing?)",
        "headless_value": "a value in a column without a header",
        "too_many_cells": "the row has {cells} cells, the header {width} (is a separator inside "
        "a value without quotes around it?)",
        "too_few_cells": "the row ends after {cells} of the header's {width} cells "
        "(missing: {missing})",
        "empty_respondent": "empty respondent",
        "duplicate_respondent": "duplicate respondent '{value}' (also row {first})",
        "no_header": "the file has no header row",
        "nul": "contains a NUL character",
        "too_long": "{length} characters, at most {most} allowed",
        "not_allowed": "'{value}' is not allowed here; leave it empty",
        "not_one_of": "'{value}' is not one of: {options}",
    },
    "nl": {
        "where": "rij {row}, kolom {column}",
        "row": "rij {row}",
        "fix": "sla het op als CSV UTF-8",
        "not_text": "het bestand is geen tekstbestand ({fix})",
        "not_encoding": "het bestand is geen UTF-8- of Windows-1252-tekst ({fix})",
        "quote_unclosed": "hier opent een aanhalingsteken dat nooit sluit, zodat de rest van het "
        "bestand één cel zou worden",
        "quote_unended": "een waarde tussen aanhalingstekens eindigt hier niet waar haar cel "
        "eindigt (er ontbreekt een sluitend aanhalingsteken, of een aanhalingsteken erin is "
        "niet verdubbeld)",
        "unknown_column": "onbekende kolom",
        "duplicate_column": "dubbele kolom (ook kolom {other})",
        "missing_column": "ontbrekende kolom",
        "bad_value": "'{text}' is geen 1-5, dk of leeg",
        "line_break": "een regeleinde in de waarde (ontbreekt een sluitend aanhalingsteken?)",
        "headless_value": "een waarde in een kolom zonder kop",
        "too_many_cells": "de rij heeft {cells} cellen, de kop {width} (staat er een "
        "scheidingsteken in een waarde zonder aanhalingstekens eromheen?)",
        "too_few_cells": "de rij eindigt na {cells} van de {width} cellen van de kop "
        "(ontbreekt: {missing})",
        "empty_respondent": "lege respondent",
        "duplicate_respondent": "dubbele respondent '{value}' (ook rij {first})",
        "no_header": "het bestand heeft geen koprij",
        "nul": "bevat een NUL-teken",
        "too_long": "{length} tekens, hoogstens {most} toegestaan",
        "not_allowed": "'{value}' mag hier niet; laat het leeg",
        "not_one_of": "'{value}' is niet een van: {options}",
    },
}
LANGUAGES = tuple(MESSAGES)
SAVE_AS_UTF8 = MESSAGES["en"]["fix"]


@dataclass(frozen=True)
class Problem:
    """One problem of a file: where (a row, and a column name or letter) and a message code."""

    row: int
    column: str | None
    code: str
    params: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str = "en") -> str:
        table = MESSAGES.get(lang, MESSAGES["en"])
        params = dict(self.params)
        message = table[self.code].format(fix=table["fix"], **params)
        if self.column is None:
            where = table["row"].format(row=self.row)
        else:
            where = table["where"].format(row=self.row, column=self.column)
        return f"{where}: {message}"


def problem(row: int, column: str | None, code: str, **params: object) -> Problem:
    return Problem(row, column, code, tuple(params.items()))
