"""Two saves of the same answer at the same moment: one row, one of the two values."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from partnerscan.assessments.models import Answer
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
