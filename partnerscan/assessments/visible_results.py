"""What a page may read of a round: the counts, and the answer matrices it may score (live
answers of a round that is not open, else only its interim snapshot), in a fixed number of
queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import connections
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, DenseRank

from partnerscan.assessments.models import (
    DONT_KNOW,
    Answer,
    Assessment,
    Invitation,
    Response,
    ResultsSnapshot,
)
from partnerscan.capability.schema import CapabilityModel
from partnerscan.core.queries import among
from partnerscan.scoring import Labels, ResponseMatrix, Results, score
from partnerscan.scoring.matrix import DK_CODE
from partnerscan.scoring.options import MIN_RESPONDENTS

# Stored answer code → the engine's code (0 not answered, 1..5, 6 don't know).
ENGINE_CODE = np.zeros(DONT_KNOW + 1, dtype=np.int8)
ENGINE_CODE[1:6] = np.arange(1, 6)
ENGINE_CODE[DONT_KNOW] = DK_CODE


def count_per_assessment(queryset: QuerySet[Any]) -> Coalesce:
    """A correlated COUNT(*) per assessment; subqueries keep the joins from multiplying."""
    counted = queryset.filter(assessment=OuterRef("pk")).order_by().values("assessment")
    return Coalesce(
        Subquery(counted.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0
    )


# Who was invited: by e-mail or a personal link. A claim through the open link is a visit,
# not an invitation, so it is counted apart and stays out of the response rate's denominator.
INVITED = Q(kind__in=(Invitation.Kind.EMAIL, Invitation.Kind.LINK))
VISITED = Q(kind=Invitation.Kind.OPEN)


def with_counts(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Assessments with `invited` and `submitted` counts, in the same single query."""
    return assessments.annotate(
        invited=count_per_assessment(Invitation.objects.filter(INVITED)),
        submitted=count_per_assessment(Response.objects.filter(submitted=True)),
    )


def invitation_counts(assessment: Assessment) -> dict[str, int]:
    """How many were invited (e-mail and personal links), started and submitted; how many came
    through the open link (`visits`, `visits_started`, `visits_submitted`); how many responses
    were imported; and `addresses`, the invitations still holding an address or a link.

    Invitations whose addresses were deleted (retention, docs/privacy.md "How long") still
    count: the clean-up blanks the address and the link, not the row.
    """
    started, submitted = Q(started_on__isnull=False), Q(submitted_on__isnull=False)
    counts = assessment.invitations.aggregate(
        invited=Count("pk", filter=INVITED),
        started=Count("pk", filter=INVITED & started),
        submitted=Count("pk", filter=INVITED & submitted),
        visits=Count("pk", filter=VISITED),
        visits_started=Count("pk", filter=VISITED & started),
        visits_submitted=Count("pk", filter=VISITED & submitted),
        addresses=Count("pk", filter=~Q(email="") | Q(token_hash__isnull=False)),
    )
    # Submitted only: an import still being written counts nowhere (assessments/imports.py).
    counts["imported"] = assessment.responses.filter(imported=True, submitted=True).count()
    return counts


@dataclass(frozen=True)
class KindCounts:
    label: str
    invited: int
    started: int
    submitted: int


def counts_by_kind(assessment: Assessment) -> list[KindCounts]:
    """Progress per kind of invitation (e-mail, personal link, open link), in one query."""
    rows = (
        assessment.invitations.order_by("kind")
        .values("kind")
        .annotate(
            invited=Count("pk"),
            started=Count("pk", filter=Q(started_on__isnull=False)),
            submitted=Count("pk", filter=Q(submitted_on__isnull=False)),
        )
    )
    return [
        KindCounts(
            str(Invitation.Kind(row["kind"]).label),
            row["invited"],
            row["started"],
            row["submitted"],
        )
        for row in rows
    ]


def undelivered_later_mails(assessment: Assessment) -> int:
    """Reminders refused after the invitation itself went out. Only a count: reminders go
    only to those who have not submitted, so a failure on one address would name one."""
    return assessment.invitations.filter(sent_at__isnull=False).exclude(send_error="").count()


def response_rate(counts: dict[str, int]) -> float | None:
    return counts["submitted"] / counts["invited"] if counts["invited"] else None


def matrices(rounds: Sequence[Assessment]) -> dict[int, ResponseMatrix]:
    """What may be scored of each round, by round id: the submitted answers of a round that is
    not open; of an open round only its interim snapshot, or nothing (docs/privacy.md).

    Every page, file and figure of a round reads its answers through here, so none can show
    the change one submission makes while the round is open.
    """
    live = [a for a in rounds if a.results_live]
    loaded = live_matrices(live) if live else {}
    held = [a for a in rounds if not a.results_live]
    return loaded | (snapshot_matrices(held) if held else {})


def live_matrices(rounds: Sequence[Assessment]) -> dict[int, ResponseMatrix]:
    """The submitted answers of each round as they are now, by round id: two queries for all
    rounds together (the counting responses, then all their answers). Not for an open round's
    pages.

    The answers come as numbers only, straight into numpy: the database numbers each answer's
    response by its rank in the order of the response ids (the order the responses are read
    in) and each aspect by its place among the rounds' aspect ids, so no answer becomes a Python
    object of its own.
    """
    counting = Response.objects.counting().filter(assessment__in=rounds)
    for _attempt in range(3):
        responses = list(
            counting.order_by("id").values_list("assessment_id", "role", "department", "group")
        )
        aspects = sorted({x.id for a in rounds for x in a.capability_model.aspects})
        cells = _answer_cells(counting, aspects)
        # Every counting response has an answer, so the ranks run 0..n-1 over the n responses
        # read, unless a round changed between the two reads (a draft's import published):
        # then read both again rather than put answers in the wrong rows.
        ranks = int(cells[:, 0].max()) + 1 if cells.size else 0
        if ranks == len(responses):
            return _split(rounds, responses, aspects, cells)
    raise RuntimeError("the answers kept changing while they were read")


CHUNK = 50_000


def _answer_cells(counting: QuerySet[Response], aspects: list[str]) -> npt.NDArray[np.int64]:
    """(response rank, aspect number, current, ambition) per answer, as stored codes."""
    column = Case(
        *(When(aspect=aspect, then=Value(k)) for k, aspect in enumerate(aspects)),
        default=Value(-1),
    )
    answers = (
        Answer.objects.filter(among("response_id", counting.values("pk")))
        .annotate(
            rank=Window(DenseRank(), order_by=F("response_id").asc()),
            column=column,
            now=Coalesce("current", 0),
            wanted=Coalesce("ambition", 0),
        )
        .values_list("rank", "column", "now", "wanted")
    )
    sql, params = answers.query.sql_with_params()
    chunks = [np.empty((0, 4), dtype=np.int64)]
    with connections[answers.db].cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK):
            chunks.append(np.array(rows, dtype=np.int64))
    cells = np.concatenate(chunks)
    cells[:, 0] -= 1  # ranks count from 1
    return cells


def _split(
    rounds: Sequence[Assessment],
    responses: list[tuple[int, str, str, str]],
    aspects: list[str],
    cells: npt.NDArray[np.int64],
) -> dict[int, ResponseMatrix]:
    """Each round's matrix from the answers of all rounds, in the responses' order."""
    owner = np.fromiter((row[0] for row in responses), dtype=np.int64, count=len(responses))
    found = {}
    for a in rounds:
        mine = np.flatnonzero(owner == a.pk)
        row_of = np.full(len(responses), -1, dtype=np.int64)
        row_of[mine] = np.arange(mine.size)
        ids = [x.id for x in a.capability_model.aspects]
        column_of = np.full(len(aspects) + 1, -1, dtype=np.int64)  # the last one: -1, unknown
        column_of[[aspects.index(x) for x in ids]] = np.arange(len(ids))
        rows, columns = row_of[cells[:, 0]], column_of[cells[:, 1]]
        # Answers of other rounds, or on an aspect not in the pinned model, are not scored.
        keep = (rows >= 0) & (columns >= 0)
        codes = np.zeros((2, mine.size, len(ids)), dtype=np.int8)
        codes[0, rows[keep], columns[keep]] = ENGINE_CODE[cells[keep, 2]]
        codes[1, rows[keep], columns[keep]] = ENGINE_CODE[cells[keep, 3]]
        labelled = [responses[i] for i in mine]
        found[a.pk] = _matrix(a.capability_model, codes, labelled)
    return found


def latest_snapshot(assessment: Assessment) -> ResultsSnapshot | None:
    return assessment.snapshots.order_by("-id").first()


def snapshot_matrices(rounds: Sequence[Assessment]) -> dict[int, ResponseMatrix]:
    """Each round's latest interim snapshot as a matrix, or an empty one when the owner has not
    turned interim results on or none has been taken yet."""
    wanted = [a.pk for a in rounds if a.interim_results]
    latest: dict[int, ResultsSnapshot] = {}
    for snapshot in ResultsSnapshot.objects.filter(assessment_id__in=wanted).order_by("id"):
        latest[snapshot.assessment_id] = snapshot
    found = {a.pk: latest[a.pk].rows if a.pk in latest else {} for a in rounds}
    return {a.pk: frozen_matrix(a.capability_model, found[a.pk]) for a in rounds}


def frozen_matrix(model: CapabilityModel, frozen: dict[str, Any]) -> ResponseMatrix:
    """The matrix of a snapshot's frozen rows, in the order of their random ids."""
    columns = {aspect.id: j for j, aspect in enumerate(model.aspects)}
    keys = sorted(frozen)
    codes = np.zeros((2, len(keys), len(columns)), dtype=np.int8)
    rows = []
    for i, key in enumerate(keys):
        row = frozen[key]
        rows.append((key, row["role"], row["department"], row["group"]))
        for aspect, (now, wanted) in row["answers"].items():
            j = columns.get(aspect)
            if j is not None:
                codes[0, i, j] = ENGINE_CODE[now or 0]
                codes[1, i, j] = ENGINE_CODE[wanted or 0]
    return _matrix(model, codes, rows)


def frozen_rows(assessment: Assessment) -> dict[str, Any]:
    """The counting respondents' answers now, as a snapshot stores them (two queries)."""
    responses = Response.objects.filter(assessment=assessment).counting()
    rows: dict[str, Any] = {
        str(pk): {"role": role, "department": department, "group": group, "answers": {}}
        for pk, role, department, group in responses.values_list(
            "id", "role", "department", "group"
        )
    }
    answers = Answer.objects.filter(among("response_id", responses.values("pk"))).values_list(
        "response_id", "aspect", "current", "ambition"
    )
    for response_id, aspect, now, wanted in answers.iterator(chunk_size=5000):
        rows[str(response_id)]["answers"][aspect] = [now, wanted]
    return rows


def _matrix(
    model: CapabilityModel, codes: np.ndarray[Any, Any], rows: list[tuple[Any, str, str, str]]
) -> ResponseMatrix:
    labels = (Labels.from_values([row[k] for row in rows]) for k in (1, 2, 3))
    return ResponseMatrix.from_arrays([a.id for a in model.aspects], codes[0], codes[1], *labels)


def engine_shares(assessment: Assessment) -> dict[str, float]:
    """The round's challenge-type shares as the scoring engine takes them."""
    return {key: float(value) for key, value in (assessment.shares or {}).items()}


def scored(assessment: Assessment, matrix: ResponseMatrix, lang: str) -> Results | None:
    """The engine's results of a round's matrix; None below 3 counting respondents (no results
    at all)."""
    if matrix.respondents < MIN_RESPONDENTS:
        return None
    return score(
        assessment.capability_model,
        matrix,
        shares=engine_shares(assessment),
        min_group=assessment.min_group,
        lang=lang,
    )


def counting_respondents(assessment: Assessment) -> int:
    """Respondents who count: submitted with at least one numeric answer."""
    return assessment.responses.counting().count()


def assessment_results(assessment: Assessment, lang: str) -> Results | None:
    """The engine's results over submitted responses; None below 3 (no results at all)."""
    return scored(assessment, matrices([assessment])[assessment.pk], lang)
