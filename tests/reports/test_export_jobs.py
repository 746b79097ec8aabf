"""Big exports made by the worker (issue 19): asked for by a POST, followed on a page, made from
the same table as the download and downloaded only by the member who asked, while they may
still export the round."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from support import logged_in

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment
from partnerscan.core import jobs
from partnerscan.reports import export_jobs
from partnerscan.reports.models import ExportJob

from .conftest import add_responses
from .test_exports import body, table

pytestmark = pytest.mark.django_db
COUNT = 7


@pytest.fixture
def big(assessment_a: Assessment, alice: User, settings) -> Assessment:  # type: ignore[no-untyped-def]
    settings.EXPORT_IN_REQUEST_MAX = COUNT - 1  # this round is "large"
    domain.open_assessment(assessment_a, alice)
    add_responses(assessment_a, COUNT, comment="=1+1 a comment")
    return domain.close_assessment(assessment_a, alice)


def ask(client: Client, assessment: Assessment, fmt: str) -> ExportJob:
    url = f"/assessments/{assessment.pk}/export/responses.{fmt}/make/"
    response = client.post(url, {"lang": "en"})
    assert response.status_code == 302, response.status_code
    job = ExportJob.objects.get(pk=response["Location"].split("/")[2])
    assert response["Location"] == f"/exports/{job.pk}/"
    return job


def made(client: Client, job: ExportJob) -> bytes:
    assert jobs.run_all(timezone.now())["exports"].startswith("made responses")
    response = client.get(f"/exports/{job.pk}/file")
    assert response.status_code == 200
    return body(response)


def in_request(client: Client, assessment: Assessment, fmt: str, settings) -> bytes:  # type: ignore[no-untyped-def]
    settings.EXPORT_IN_REQUEST_MAX = 10**6
    response = client.get(f"/assessments/{assessment.pk}/export/responses.{fmt}?lang=en")
    assert response.status_code == 200
    return body(response)


def test_a_large_round_offers_the_file_from_the_worker(big: Assessment, as_alice: Client) -> None:
    page = as_alice.get(f"/assessments/{big.pk}/export/responses.csv?lang=en")
    assert page.status_code == 200
    text = page.content.decode()
    assert f"has {COUNT} respondents" in text
    assert f'action="/assessments/{big.pk}/export/responses.csv/make/"' in text
    assert not ExportJob.objects.exists()  # a GET asks for nothing


def test_the_worker_makes_the_same_csv_byte_for_byte(
    big: Assessment,
    as_alice: Client,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    job = ask(as_alice, big, "csv")
    assert as_alice.get(f"/exports/{job.pk}/").status_code == 200
    worker = made(as_alice, job)
    assert worker == in_request(as_alice, big, "csv", settings)
    job.refresh_from_db()
    assert (job.state, job.rows_done, job.rows_total, job.percent) == ("done", COUNT, COUNT, 100)


@pytest.mark.parametrize("fmt", ["xlsx", "sav"])
def test_the_worker_makes_the_same_rows_in_xlsx_and_sav(
    big: Assessment,
    as_alice: Client,
    settings,
    fmt: str,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    worker = made(as_alice, ask(as_alice, big, fmt))
    direct = in_request(as_alice, big, fmt, settings)
    assert table(worker, fmt, tmp_path) == table(direct, fmt, tmp_path)
    assert len(table(worker, fmt, tmp_path)) == COUNT


def test_progress_is_shown_while_the_rows_are_written(
    big: Assessment, as_alice: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = ask(as_alice, big, "csv")
    page = as_alice.get(f"/exports/{job.pk}/", headers={"HX-Request": "true"})
    assert "Waiting for the worker" in page.content.decode()
    assert 'hx-trigger="every 1s"' in page.content.decode()
    seen = []
    monkeypatch.setattr(export_jobs, "PROGRESS_EVERY", 2)
    original = export_jobs._noted

    def watched(job_, rows):  # type: ignore[no-untyped-def]
        for row in original(job_, rows):
            seen.append(ExportJob.objects.get(pk=job.pk).rows_done)
            yield row

    monkeypatch.setattr(export_jobs, "_noted", watched)
    made(as_alice, job)
    assert seen == [0, 0, 2, 2, 4, 4, 6]
    done = as_alice.get(f"/exports/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "Download the file" in done and "hx-trigger" not in done


def test_a_double_click_makes_one_file(big: Assessment, as_alice: Client) -> None:
    assert ask(as_alice, big, "csv") == ask(as_alice, big, "csv")
    assert ExportJob.objects.count() == 1


def test_only_the_member_who_asked_downloads_it(
    big: Assessment,
    as_alice: Client,
    alice: User,
    bob: User,
    charlie: User,
    org_a: Organisation,
    org_b: Organisation,
) -> None:
    job = ask(as_alice, big, "csv")
    made(as_alice, job)
    for other in (bob, charlie):
        client = logged_in(other)
        assert client.get(f"/exports/{job.pk}/").status_code == 404
        assert client.get(f"/exports/{job.pk}/file").status_code == 404
    for who, code in ((bob, 403), (charlie, 404)):  # bob is a viewer of org A
        asked = logged_in(who).post(f"/assessments/{big.pk}/export/responses.csv/make/")
        assert asked.status_code == code
    assert Client().get(f"/exports/{job.pk}/file").status_code == 302  # to the log-in


def test_rounds_that_may_not_export_rows_are_refused(
    assessment_a: Assessment, alice: User, as_alice: Client
) -> None:
    domain.open_assessment(assessment_a, alice)
    add_responses(assessment_a, 5)
    url = f"/assessments/{assessment_a.pk}/export/responses.csv/make/"
    assert as_alice.post(url).status_code == 409  # open: no rows
    assert not ExportJob.objects.exists()


def test_files_are_deleted_when_they_expire(big: Assessment, as_alice: Client) -> None:
    job = ask(as_alice, big, "csv")
    made(as_alice, job)
    job.refresh_from_db()
    path = export_jobs.path_of(job)
    assert path.exists()
    later = timezone.now() + export_jobs.KEEP + dt.timedelta(minutes=1)
    assert jobs.run_all(later)["exports"] == "deleted 1 old export(s)"
    assert not path.exists() and not ExportJob.objects.exists()
    assert as_alice.get(f"/exports/{job.pk}/file").status_code == 404


def test_an_owner_who_became_a_viewer_no_longer_downloads(
    big: Assessment, alice: User, bob: User, org_a: Organisation
) -> None:
    from partnerscan.accounts import domain as accounts_domain
    from partnerscan.accounts.models import Membership

    accounts_domain.change_member_role(Membership.objects.get(user=bob), "owner", by=alice)
    as_bob = logged_in(bob)
    job = ask(as_bob, big, "csv")
    made(as_bob, job)
    accounts_domain.change_member_role(Membership.objects.get(user=bob), "viewer", by=alice)
    assert as_bob.get(f"/exports/{job.pk}/file").status_code == 403
