"""Importing responses from a Responses CSV, in one transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from partnerscan.assessments.domain.common import ensure_not_closed, results_changed
from partnerscan.assessments.domain.interim import refresh_snapshot
from partnerscan.assessments.domain.responding import MAX_COMMENT
from partnerscan.assessments.models import Answer, Assessment, Response, as_code
from partnerscan.core.errors import DomainError
from partnerscan.scoring.records import RespondentRecord
from partnerscan.scoring.responses_csv import ParsedResponses


def imported_answers(record: RespondentRecord) -> list[tuple[str, int | None, int | None, str]]:
    """(aspect, current, ambition, comment) per aspect that has a level, "don't know" or a
    comment in the file; levels as stored answer codes."""
    answers = []
    for aspect in sorted(record.answers.keys() | record.comments.keys()):
        current, ambition = record.answers.get(aspect, (None, None))
        comment = (record.comments.get(aspect) or "").strip()
        if current is not None or ambition is not None or comment:
            answers.append((aspect, as_code(current), as_code(ambition), comment))
    return answers


def already_imported(assessment: Assessment, parsed: ParsedResponses) -> list[str]:
    """A problem per respondent of the file that an earlier import of the round already holds,
    by the row the parser read it from."""
    taken = set(assessment.responses.exclude(label="").values_list("label", flat=True))
    rows = parsed.rows or range(2, 2 + len(parsed.respondents))
    return [
        _("row %(row)d, column respondent: “%(label)s” has already been imported.")
        % {"row": row, "label": record.id}
        for row, record in zip(rows, parsed.respondents, strict=True)
        if record.id in taken
    ]


def import_responses(assessment: Assessment, parsed: ParsedResponses) -> list[Response]:
    """Store the respondents of a parsed Responses CSV as submitted responses, all or none.

    The parser reports problems within the file; this refuses what only the database knows: a
    respondent already imported. Rows are counted as the parser does (header = row 1), which
    matches the file when it has no blank lines between respondents.

    One transaction, in the calling process: for small imports such as tests. The web import
    runs as a worker job instead (assessments/imports.py), which also checks roles,
    departments and groups against the assessment and writes in batches.
    """
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        ensure_not_closed(assessment)
        records = list(parsed.respondents)
        clashes = already_imported(assessment, parsed)
        if clashes:
            raise DomainError(" ".join(clashes))
        responses = Response.objects.bulk_create(
            Response(
                assessment=assessment,
                imported=True,
                submitted=True,
                label=record.id,
                role=record.role or "",
                department=record.department or "",
                group=record.group or "",
            )
            for record in records
        )
        Answer.objects.bulk_create(
            Answer(
                response=response,
                aspect=aspect,
                current=current,
                ambition=ambition,
                comment=comment[:MAX_COMMENT],
            )
            for response, record in zip(responses, records, strict=True)
            for aspect, current, ambition, comment in imported_answers(record)
        )
        results_changed(assessment)
        refresh_snapshot(assessment)
        return responses
