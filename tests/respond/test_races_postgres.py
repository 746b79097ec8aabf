"""Row locks raced for real: two connections at once, on PostgreSQL.

Each test holds the first caller's transaction open right after its write, starts the second
caller on its own connection, waits until PostgreSQL reports that caller waiting for a lock,
and only then commits the first. Without the lock the second caller would not wait, read the
state from before the first one's write, and act on it; the assertions name what that would
break. SQLite has one writer for the whole database, so there the race cannot happen at all.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment, Invitation, Response

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite has one writer and no row locks: the race cannot happen there",
    ),
    pytest.mark.django_db(transaction=True),
]

WAIT = 5.0  # seconds to wait for the second caller to block; a caller that never blocks is a bug


def lock_waiters() -> int:
    """Backends of this database now waiting for a lock another transaction holds."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def wait_for_a_lock_waiter() -> bool:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if lock_waiters():
            return True
        time.sleep(0.02)
    return False


class Race:
    """The first call runs in a transaction held open until the second call waits (or WAIT
    passes); the outcome of each, and the SQL the second one sent."""

    def __init__(self, first: Callable[[], Any], second: Callable[[], Any]) -> None:
        self.first, self.second = first, second
        self.outcomes: dict[str, Any] = {}
        self.second_sql: list[str] = []
        self.written = threading.Event()
        self.release = threading.Event()

    def _first(self) -> None:
        try:
            with transaction.atomic():
                self.outcomes["first"] = self._outcome(self.first)
                self.written.set()
                self.release.wait(WAIT * 2)
        finally:
            self.written.set()
            connection.close()  # each thread has its own connection

    def _second(self) -> None:
        try:
            with CaptureQueriesContext(connection) as queries:
                self.outcomes["second"] = self._outcome(self.second)
            self.second_sql = [query["sql"] for query in queries]
        finally:
            connection.close()

    @staticmethod
    def _outcome(call: Callable[[], Any]) -> Any:
        try:
            return call()
        except domain.DomainError as exc:
            return exc

    def run(self) -> bool:
        """Run both; whether the second caller was seen waiting for a lock."""
        first = threading.Thread(target=self._first)
        first.start()
        self.written.wait(WAIT)
        second = threading.Thread(target=self._second)
        second.start()
        waited = wait_for_a_lock_waiter()
        self.release.set()
        first.join()
        second.join()
        return waited

    def second_sent(self, *commands: str) -> list[str]:
        """The second caller's statements that begin with one of `commands`."""
        return [sql for sql in self.second_sql if sql.split()[0] in commands]


def test_two_claims_of_the_last_open_link_place_hand_out_one_link(
    make_assessment: Callable[..., Assessment],
) -> None:
    assessment = make_assessment()
    token = domain.enable_open_link(assessment, cap=2)
    assert domain.claim_open_link(token) is not None  # one place left

    race = Race(lambda: domain.claim_open_link(token), lambda: domain.claim_open_link(token))
    waited = race.run()

    assert isinstance(race.outcomes["first"], str)
    assert isinstance(race.outcomes["second"], domain.OpenLinkFull)
    assert Invitation.objects.filter(assessment=assessment).count() == 2
    assert waited


def test_two_submits_of_one_response_at_once_submit_it_once(started: str) -> None:
    response, invitation = domain.find_response(started), domain.find_invitation(started)
    assert response is not None and invitation is not None

    race = Race(
        lambda: domain.submit_response(response, invitation),
        lambda: domain.submit_response(response, invitation),
    )
    waited = race.run()

    assert race.outcomes["first"].submitted and race.outcomes["second"].submitted
    # It waited, found the response submitted, and stopped.
    assert race.second_sent("INSERT", "UPDATE") == []
    assert Response.objects.get(pk=response.pk).submitted
    assert waited


def test_two_first_visits_of_one_invitation_at_once_start_one_response(token: str) -> None:
    invitation = domain.find_invitation(token)
    assert invitation is not None

    race = Race(
        lambda: domain.start_response(invitation, token),
        lambda: domain.start_response(invitation, token),
    )
    waited = race.run()

    first, second = race.outcomes["first"], race.outcomes["second"]
    assert isinstance(first, Response) and isinstance(second, Response)
    assert first.pk == second.pk
    # It waited for the first visit and found its response (the guarded started_on update of
    # its stale invitation changes no row).
    assert race.second_sent("INSERT") == []
    assert Response.objects.filter(assessment=invitation.assessment).count() == 1
    assert Invitation.objects.get(pk=invitation.pk).started_on is not None
    assert waited
