"""A strict Content-Security-Policy on every page, and templates that need nothing looser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from support import english_client, logged_in

from .conftest import World
from .test_isolation_walk import EXPECTATIONS, TOKEN, VIEWER, expected

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "partnerscan" / "templates"
POLICY = {
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
}
# Rendered only into a PDF by WeasyPrint, never served to a browser, so no CSP applies.
PDF_ONLY = {"reports/report.html"}
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def get_pages(client: Client, world: World, role: str, levels: set[str]) -> dict[str, object]:
    pages = {}
    for name, rule in EXPECTATIONS.items():
        if rule.level in levels and expected(rule, role, "GET") == "ok":
            url = reverse(name, kwargs={**rule.params(world), **rule.extra})
            pages[name] = client.get(url)
    return pages


def policy(response: object) -> set[str]:
    header = response.headers.get("Content-Security-Policy", "")  # type: ignore[attr-defined]
    return {part.strip() for part in header.split(";") if part.strip()}


def test_every_page_of_an_owner_has_the_policy(world: World) -> None:
    levels = {"public", "account", VIEWER, "editor", "owner"}
    pages = get_pages(logged_in(world.a.owner), world, "owner of org A", levels)
    assert len(pages) > 20
    assert {name: policy(page) for name, page in pages.items()} == dict.fromkeys(pages, POLICY)


def test_every_respondent_page_has_the_policy_and_no_outside_resources(world: World) -> None:
    client = english_client()
    client.post(f"/r/{world.a.token}/")  # started, so every page renders
    pages = get_pages(client, world, "anonymous", {TOKEN, "public"})
    assert {name: policy(page) for name, page in pages.items()} == dict.fromkeys(pages, POLICY)
    for name, page in pages.items():
        assert page.headers["Referrer-Policy"] == "same-origin", name  # type: ignore[attr-defined]
        html = page.content.decode()  # type: ignore[attr-defined]
        outside = re.findall(r'(?:src|href|action)="(?:https?:)?//[^"]*"', html)
        assert outside == [], name


def test_no_template_has_inline_script_or_style() -> None:
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name in PDF_ONLY:
            continue
        text = path.read_text(encoding="utf-8")
        found += [f"{name}: {what}" for what, pattern in INLINE.items() if pattern.search(text)]
    assert found == []
