"""Respondents of a health check through the workflows a respondent's page calls."""

from __future__ import annotations

import html
import re

from partnerscan.portfolio import health
from partnerscan.portfolio.health_responding import (
    find_health_invitation,
    save_health_answer,
    save_health_comment,
    start_health_response,
    submit_health_response,
)
from partnerscan.portfolio.models import HealthCheck, Partnership

STATEMENTS = [
    "goal-clear", "goal-shared", "value-own", "value-other", "trust-open", "trust-word",
    "govern-decisions", "govern-agreements", "commit-promised", "commit-leadership",
    "learn-results", "learn-review",
]  # fmt: skip


def respond(
    check: HealthCheck,
    side: str,
    value: str | None,
    comments: dict[str, str] | None = None,
    submit: bool = True,
) -> None:
    """One respondent of `side` who gives `value` to every statement (None: answers nothing)."""
    (token,) = health.create_health_links(check, None, side, 1, "en")
    invitation = find_health_invitation(token)
    assert invitation is not None
    response = start_health_response(invitation, token)
    for statement in STATEMENTS if value is not None else []:
        save_health_answer(response, statement, value)
    for dimension, text in (comments or {}).items():
        save_health_comment(response, dimension, text)
    if submit:
        submit_health_response(response, invitation)


def closed_check(partnership: Partnership, own: list[str], partner: list[str]) -> HealthCheck:
    """A closed check in which each listed value is one respondent answering it throughout."""
    check = health.start_health_check(partnership, None)
    for side, values in (("own", own), ("partner", partner)):
        for value in values:
            respond(check, side, value)
    return health.close_health_check(check, None)


def text_of(page: bytes) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page.decode()))).strip()


def results_of(page: bytes, check: HealthCheck) -> str:
    """The text of one check's results block on the partnership page."""
    found = re.search(rb'data-health-results="%d">(.*?)</div>\s*</article>' % check.pk, page, re.S)
    assert found is not None
    return text_of(found.group(1))
