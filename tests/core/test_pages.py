"""The public home page and the model browser, in Dutch and English."""

from __future__ import annotations

import pytest
from django.test import Client

from partnerscan.capability.loader import get_model

pytestmark = pytest.mark.django_db


def test_home_page_is_dutch_by_default(client: Client) -> None:
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl">' in html
    assert "Hoe goed werkt uw organisatie samen met andere organisaties?" in html
    for condition in get_model().conditions:
        assert condition.name.nl in html


def test_language_switch_to_english_sticks(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "How well does your organisation collaborate with other organisations?" in html
    assert get_model().conditions[0].name.en in html


def test_model_browser_shows_every_aspect_with_five_levels(client: Client) -> None:
    model = get_model()
    html = client.get("/model/").content.decode()
    for aspect in model.aspects:
        assert f'id="{aspect.id}"' in html
        for anchor in aspect.anchors:
            assert anchor.nl in html.replace("&#x27;", "'").replace("&quot;", '"')


def test_model_browser_by_version_and_unknown_version(client: Client) -> None:
    model = get_model()
    assert client.get(f"/model/{model.ref}/").status_code == 200
    assert client.get("/model/no-such-model@1.0/").status_code == 404
