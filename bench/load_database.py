"""The scratch database of bench/load.py: created afresh, seeded through the domain functions,
and checked afterwards against what the simulated respondents sent.

Import it only once Django is set up (bench/load.py does that first).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import psycopg
from django.core.management import call_command
from django.db import connections

from bench.load_plans import LEVEL_FIELDS, Respondent
from bench.load_servers import DB_NAME, PG_URL
from partnerscan.accounts import domain as accounts_domain
from partnerscan.accounts.models import User
from partnerscan.assessments import domain
from partnerscan.assessments.models import DONT_KNOW, Answer, Assessment, Response
from partnerscan.assessments.visible_results import ENGINE_CODE, assessment_results
from partnerscan.capability.schema import CapabilityModel
from partnerscan.core import tokens
from partnerscan.scoring import Labels, ResponseMatrix, score


def recreate_database() -> None:
    connections.close_all()
    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DB_NAME}")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)  # the rate limits' cache, as `make install`


def drop_database() -> None:
    connections.close_all()
    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


@dataclass(frozen=True)
class Seeded:
    assessment: Assessment
    tokens: list[str]
    spare_tokens: list[str]
    baseline_ids: list[str]


def seed(respondents: int, baseline_clients: int) -> Seeded:
    """An open assessment, a link per respondent, and one started response per baseline
    client (the baseline writes to those, never to a respondent's)."""
    owner = User.objects.create_user("bench@example.org")
    organisation = accounts_domain.create_organisation(owner, "Bench BV")
    assessment = domain.create_assessment(organisation, owner, title="Load test")
    assessment = domain.open_assessment(assessment)
    links = domain.create_links(assessment, respondents)
    spare = domain.create_links(assessment, max(1, baseline_clients))
    baseline_ids = [
        str(domain.start_response(domain.find_invitation(token), token).pk)  # type: ignore[arg-type]
        for token in spare
    ]
    return Seeded(assessment, links, spare, baseline_ids)


def stored_code(field_name: str, value: str) -> int | str:
    if field_name == "comment":
        return value.strip()
    return DONT_KNOW if value == "dk" else int(value)


@dataclass
class Check:
    missing: int = 0
    duplicated: int = 0
    different: int = 0
    unexpected: int = 0
    unsubmitted: int = 0
    unfinished: int = 0

    @property
    def lost(self) -> int:
        return self.missing + self.duplicated + self.different + self.unexpected

    @property
    def ok(self) -> bool:
        return not (self.lost or self.unsubmitted)


Cell = tuple[int, str, str]  # respondent index, aspect, field


def stored_cells(respondents: list[Respondent]) -> tuple[dict[Cell, Any], int, set[int]]:
    """Every non-blank stored answer of the respondents, how many answer rows are duplicates,
    and which respondents' responses are submitted. Responses are found by the token's hash."""
    index_of = {tokens.response_hash(r.token): r.index for r in respondents}
    rows = Response.objects.filter(key_hash__in=index_of).values_list("id", "key_hash", "submitted")
    respondent_of = {pk: index_of[key] for pk, key, _s in rows}
    submitted = {index_of[key] for _pk, key, done in rows if done}
    cells: dict[Cell, Any] = {}
    seen: set[tuple[int, str]] = set()
    duplicated = 0
    answers = Answer.objects.filter(response_id__in=respondent_of).values_list(
        "response_id", "aspect", "current", "ambition", "comment"
    )
    for pk, aspect, *values in answers:
        index = respondent_of[pk]
        duplicated += (index, aspect) in seen
        seen.add((index, aspect))
        for name, value in zip(("current", "ambition", "comment"), values, strict=True):
            if value not in (None, ""):
                cells[(index, aspect, name)] = value
    return cells, duplicated, submitted


def sent_cells(respondents: list[Respondent]) -> dict[Cell, Any]:
    """The last acknowledged value of every answer, as the database should store it."""
    return {
        (r.index, aspect, name): stored_code(name, value)
        for r in respondents
        for (aspect, name), value in r.acknowledged.items()
    }


def check_answers(respondents: list[Respondent]) -> Check:
    stored, duplicated, submitted = stored_cells(respondents)
    sent = sent_cells(respondents)
    return Check(
        missing=sum(cell not in stored for cell in sent),
        duplicated=duplicated,
        different=sum(cell in stored and stored[cell] != value for cell, value in sent.items()),
        unexpected=sum(cell not in sent for cell in stored),
        unsubmitted=sum(r.submitted and r.index not in submitted for r in respondents),
        unfinished=sum(not r.finished for r in respondents),
    )


# Results: the scores of the closed assessment against the scores of what was sent ----------


def sent_matrix(model: CapabilityModel, respondents: list[Respondent]) -> ResponseMatrix:
    """The response matrix the engine should see: the answers as the respondents sent them."""
    done = [r for r in respondents if r.submitted]
    aspects = [a.id for a in model.aspects]
    levels = {name: np.zeros((len(done), len(aspects)), dtype=np.int8) for name in LEVEL_FIELDS}
    for i, r in enumerate(done):
        for (aspect, name), value in r.acknowledged.items():
            if name in levels:
                levels[name][i, aspects.index(aspect)] = ENGINE_CODE[stored_code(name, value)]
    blank = Labels.from_values([""] * len(done))  # no role, department or group was given
    return ResponseMatrix.from_arrays(aspects, *levels.values(), blank, blank, blank)


def rounded(value: Any) -> Any:
    """Floats to 9 decimals: the database may hand the rows over in another order, and a sum
    in another order may differ in the last bit."""
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict):
        return {key: rounded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [rounded(item) for item in value]
    return value


def digest(results: Any) -> str:
    if results is None:
        return "no results"
    text = json.dumps(rounded(results.to_dict()), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def check_results(assessment: Assessment, respondents: list[Respondent]) -> tuple[bool, str]:
    """Close the round and compare its results with the scores of the answers sent."""
    assessment = domain.close_assessment(assessment)
    model = assessment.capability_model
    shares = {key: float(value) for key, value in (assessment.shares or {}).items()}
    matrix = sent_matrix(model, respondents)
    expected = score(model, matrix, shares=shares, min_group=assessment.min_group, lang="en")
    got = digest(assessment_results(assessment, "en"))
    return got == digest(expected), got
