"""What a respondent's link does when the questionnaire is not open, unknown or shared."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from django.test import Client

from partnerscan.assessments import domain
from partnerscan.assessments.models import Answer, Assessment, Invitation, Response
from partnerscan.capability.schema import CapabilityModel

pytestmark = pytest.mark.django_db


def urls(token: str, model: CapabilityModel) -> list[str]:
    return [
        f"/r/{token}/",
        f"/r/{token}/welcome/",
        f"/r/{token}/context/",
        f"/r/{token}/c/{model.conditions[0].id}/",
        f"/r/{token}/review/",
        f"/r/{token}/thanks/",
    ]


def test_closed_questionnaire_says_so_on_every_url_and_writes_nothing(
    client: Client, assessment: Assessment, token: str, model: CapabilityModel
) -> None:
    aspect = model.aspects[0].id
    client.post(f"/r/{token}/")
    client.post(f"/r/{token}/save/", {"aspect": aspect, "field": "current", "value": "2"})
    domain.close_assessment(assessment)

    for url in urls(token, model):
        page = client.get(url)
        assert page.status_code == 410, url
        assert "gesloten" in page.content.decode() or "closed" in page.content.decode()
    posts = {
        f"/r/{token}/": {},
        f"/r/{token}/context/": {"role": "board"},
        f"/r/{token}/c/{model.conditions[0].id}/": {f"{aspect}-current": "5"},
        f"/r/{token}/save/": {"aspect": aspect, "field": "current", "value": "5"},
        f"/r/{token}/submit/": {},
        f"/r/{token}/language/": {"language": "en"},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 410, url
    htmx = client.post(
        f"/r/{token}/save/",
        {"aspect": aspect, "field": "current", "value": "5"},
        headers={"HX-Request": "true"},
    )
    assert htmx.status_code == 410 and 'class="q-error"' in htmx.content.decode()
    assert list(Answer.objects.values_list("current", flat=True)) == [2]
    assert list(Response.objects.values_list("submitted", "language", "role")) == [
        (False, "nl", "")
    ]


def test_draft_questionnaire_is_not_open_yet(
    client: Client, make_assessment: Callable[..., Assessment], model: CapabilityModel
) -> None:
    assessment = make_assessment(state="draft")
    token = domain.create_links(assessment, 1)[0]
    for url in urls(token, model):
        page = client.get(url)
        assert page.status_code == 200, url
        html = page.content.decode()
        assert "nog niet open" in html or "not open yet" in html
    assert client.post(f"/r/{token}/").status_code == 409
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/r/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/",
        "/r/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/review/",
        "/r/short/",
        "/r/open/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/",
    ],
)
def test_unknown_token_gets_a_friendly_404(client: Client, url: str) -> None:
    page = client.get(url)
    assert page.status_code == 404
    assert 'class="lead"' in page.content.decode()  # our page, not a technical one


def test_unknown_condition_is_a_404(client: Client, token: str) -> None:
    assert client.get(f"/r/{token}/c/no-such-condition/").status_code == 404


def test_refusals_do_not_log_the_token(
    client: Client, token: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        client.get("/r/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/")
        client.post(f"/r/{token}/save/", {"aspect": "x", "field": "current", "value": "1"})
    assert "AAAAAAAAAAAAAAAA" not in caplog.text
    assert token not in caplog.text


def test_open_link_gives_each_visitor_a_personal_link(
    client: Client, assessment: Assessment
) -> None:
    open_token = domain.enable_open_link(assessment)
    first = client.post(f"/r/open/{open_token}/")
    second = Client().post(f"/r/open/{open_token}/")
    assert first.status_code == second.status_code == 302
    assert first.url != second.url
    personal = first.url.split("/")[2]
    assert first.url == f"/r/{personal}/"
    invitations = Invitation.objects.filter(assessment=assessment, kind=Invitation.Kind.OPEN)
    assert invitations.count() == 2

    page = client.get(first.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert f'value="http://testserver/r/{personal}/" readonly' in html
    client.post(first.url)
    assert Response.objects.count() == 1


def test_open_link_of_a_closed_questionnaire_is_not_found(
    client: Client, assessment: Assessment
) -> None:
    open_token = domain.enable_open_link(assessment)
    domain.close_assessment(assessment)
    assert client.get(f"/r/open/{open_token}/").status_code == 404
    assert not Invitation.objects.filter(kind=Invitation.Kind.OPEN).exists()
