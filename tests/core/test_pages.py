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


def unescaped(html: str) -> str:
    return html.replace("&#x27;", "'").replace("&quot;", '"')


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_model_browser_shows_how_partners_are_asked(client: Client, lang: str) -> None:
    client.post("/i18n/setlang/", {"language": lang, "next": "/"})
    model = get_model("partnership-capability@1.1")
    html = unescaped(client.get(f"/model/{model.ref}/").content.decode())
    summary, internal, organisation = {
        "nl": (
            "Hoe partners worden bevraagd",
            "Alleen collega's beoordelen dit aspect",
            "[organisatie]",
        ),
        "en": ("How partners are asked", "Only colleagues judge this aspect", "[organisation]"),
    }[lang]
    assert html.count(f"<summary>{summary}</summary>") == len(model.partner_aspects)
    assert html.count(internal) == len(model.aspects) - len(model.partner_aspects)
    assert "{organisation}" not in html
    for aspect in model.partner_aspects:
        wording = aspect.partner_wording
        assert wording is not None
        question = wording.question.get(lang).replace("{organisation}", organisation)
        assert f"<p>{question}</p>" in html
        assert all(anchor.get(lang) in html for anchor in wording.anchors)
    counts = {"nl": "bevraagd over 14 van de 19 aspecten", "en": "asked about 14 of the 19 aspects"}
    assert counts[lang] in html


def test_model_browser_without_a_partner_view_says_nothing_of_partners(client: Client) -> None:
    html = client.get("/model/partnership-capability@1.0/").content.decode()
    assert "Hoe partners worden bevraagd" not in html
    assert "Alleen collega" not in html
    assert "bevraagd over" not in html
