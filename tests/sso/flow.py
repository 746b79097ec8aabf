"""A person's way through the provider, over HTTP: partnerscan's side through Django's test
client, the provider's through `requests` (the provider is a real server on 127.0.0.1)."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import requests
from django.http import HttpResponse as Response
from django.test import Client

from .provider.people import PASSWORD, Person


class Inputs(HTMLParser):
    """The named inputs of the first form of a page, with their values."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.forms = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "form":
            self.forms += 1
        elif tag == "input" and self.forms == 1 and named.get("name"):
            if named.get("type") == "submit" and named.get("name") != "allow":
                return
            self.fields[str(named["name"])] = named.get("value") or ""


def form_fields(page: str) -> dict[str, str]:
    parser = Inputs()
    parser.feed(page)
    return parser.fields


def at_provider(authorize_url: str, person: Person, consent: bool = True) -> str:
    """Log in at the provider and consent (or not); returns the URL it sends the browser back
    to."""
    browser = requests.Session()
    login = browser.get(authorize_url, timeout=10)  # follows to the provider's log-in form
    assert login.status_code == 200, login.text
    fields = form_fields(login.text) | {"username": person.username, "password": PASSWORD}
    asked = browser.post(login.url, data=fields, headers={"Referer": login.url}, timeout=10)
    assert asked.status_code == 200, asked.text
    back = browser.post(
        asked.url,
        data={k: v for k, v in form_fields(asked.text).items() if consent or k != "allow"},
        headers={"Referer": asked.url},
        allow_redirects=False,
        timeout=10,
    )
    assert back.status_code == 302, back.text
    return urljoin(asked.url, back.headers["Location"])


def start(client: Client, next_url: str = "") -> str:
    """Press the button: partnerscan sends the browser to the provider's authorize URL."""
    response = client.get("/accounts/login/oidc/", {"next": next_url} if next_url else {})
    assert response.status_code == 302, response.content
    return str(response["Location"])


def back_at(client: Client, callback_url: str) -> Response:
    parts = urlsplit(callback_url)
    return client.get(f"{parts.path}?{parts.query}")  # type: ignore[return-value]


def log_in(client: Client, person: Person, next_url: str = "") -> Response:
    return back_at(client, at_provider(start(client, next_url), person))
