"""Saves racing each other, a close or a submit: one row per answer, nothing after the end."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client

from partnerscan.assessments import domain
from partnerscan.assessments.models import Answer, Assessment
from partnerscan.capability.schema import CapabilityModel


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first_visit", [True, False], ids=["new-answer", "existing-answer"])
def test_two_devices_saving_the_same_answer_at_once_leave_one_row(
    client: Client, started: str, model: CapabilityModel, first_visit: bool
) -> None:
    aspect = model.aspects[0].id
    if not first_visit:
        client.post(f"/r/{started}/save/", {"aspect": aspect, "field": "current", "value": "1"})
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def device(value: str) -> None:
        try:
            barrier.wait()
            page = Client().post(
                f"/r/{started}/save/", {"aspect": aspect, "field": "current", "value": value}
            )
            statuses.append(page.status_code)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=device, args=(value,)) for value in ("2", "4")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [200, 200]
    rows = list(Answer.objects.values_list("aspect", "current"))
    assert rows in ([(aspect, 2)], [(aspect, 4)])


# A save looks its response up before it locks the row; what happened in between must count.


@pytest.mark.django_db
def test_a_save_that_found_its_response_before_the_round_closed_is_refused(
    started: str, assessment: Assessment, model: CapabilityModel
) -> None:
    found = domain.find_response(started)
    domain.close_assessment(assessment)

    with pytest.raises(domain.DomainError):
        domain.save_answer(found, model.aspects[0].id, "current", "3")  # type: ignore[arg-type]
    assert not Answer.objects.exists()


@pytest.mark.django_db
def test_a_save_that_found_its_response_before_the_submit_is_refused_without_amend(
    client: Client, make_assessment: Callable[..., Assessment], model: CapabilityModel
) -> None:
    token = domain.create_links(make_assessment(allow_amend=False), 1)[0]
    client.post(f"/r/{token}/")
    found = domain.find_response(token)
    client.post(f"/r/{token}/submit/")

    with pytest.raises(domain.DomainError):
        domain.save_answer(found, model.aspects[0].id, "current", "3")  # type: ignore[arg-type]
    assert not Answer.objects.exists()
