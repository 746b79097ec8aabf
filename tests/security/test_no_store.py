"""No page with anyone's data stays in a browser's or a proxy's cache (core/middleware.py)."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from support import english_client, logged_in

from partnerscan.assessments import domain
from partnerscan.core.middleware import NoStoreMiddleware

from .conftest import World

pytestmark = pytest.mark.django_db

NO_STORE = ("no-store", "no-cache")


def caching(page: object) -> tuple[str, str]:
    return page["Cache-Control"], page["Pragma"]  # type: ignore[index]


def test_respondent_pages_are_not_stored(world: World) -> None:
    client = english_client()
    pages = [
        client.get(f"/r/{world.a.token}/"),
        client.get(f"/r/{world.a.token}/context/"),
        client.get(f"/r/open/{world.a.open_token}/"),
        client.get("/r/guessed-token-that-does-not-exist-0000/"),
    ]
    assert [caching(page) for page in pages] == [NO_STORE] * 4


def test_the_dashboard_and_an_export_are_not_stored(world: World) -> None:
    assessment = domain.close_assessment(world.a.assessment)
    owner = logged_in(world.a.owner)
    dashboard = owner.get(f"/assessments/{assessment.pk}/dashboard/")
    export = owner.get(f"/assessments/{assessment.pk}/export/responses.csv")
    assert (dashboard.status_code, export.status_code) == (200, 200)
    assert [caching(dashboard), caching(export)] == [NO_STORE] * 2


def test_a_page_that_chose_its_own_caching_keeps_it(world: World) -> None:
    # The invitations page shows new links once and says so itself, more strictly.
    page = logged_in(world.a.owner).get(f"/assessments/{world.a.assessment.pk}/invitations/")
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]


def test_static_files_keep_their_own_caching() -> None:
    # Static files hold nobody's data; WhiteNoise gives them long-lived caching.
    middleware = NoStoreMiddleware(lambda request: HttpResponse("body {}"))
    page = middleware(RequestFactory().get("/static/partnerscan/site.css"))
    assert page.has_header("Cache-Control") is False
