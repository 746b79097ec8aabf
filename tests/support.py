"""Helpers shared by the test packages (importable as `support`; tests/ is on sys.path).

System programs some tests need: Chromium and poppler (pdftotext, pdftoppm).

`.ci/run` installs them, so in CI (CI set) a missing one fails the test. On a developer's
machine without them those tests are skipped with the command that installs them, so
`make test` works on a fresh machine with only python3, pip and make.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import smtplib
from pathlib import Path
from typing import Any

import polib
import pytest
from django.conf import settings
from django.core.mail.backends.locmem import EmailBackend
from django.test import Client

PASSWORD = "a-long-test-password"

PACKAGES = {"chromium": "chromium", "pdftotext": "poppler-utils", "pdftoppm": "poppler-utils"}


def require(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        message = f"{program} is not installed: apt-get install {PACKAGES[program]}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def english_client() -> Client:
    """A client whose pages come in English, whatever the translations say."""
    return client_in("en")


def client_in(lang: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client


def logged_in(user: Any, lang: str = "en") -> Client:
    client = client_in(lang)
    client.force_login(user)
    return client


class DownBackend(EmailBackend):
    """A mail server that is away while `down` is set (settings.EMAIL_BACKEND =
    "support.DownBackend")."""

    down = True

    def send_messages(self, messages: Any) -> int:
        if DownBackend.down:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


CATALOGUE = Path(__file__).parents[1] / "partnerscan/locale/nl/LC_MESSAGES/django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{.*?\}\}")


def english_phrases(ours: re.Pattern[str]) -> set[str]:
    """The msgids of the catalogue used in the places `ours` matches, cut at their
    placeholders, where the Dutch differs: none of these may show on a Dutch page."""
    phrases = set()
    for entry in polib.pofile(str(CATALOGUE)):
        if not any(ours.search(path) for path, _line in entry.occurrences):
            continue
        dutch = " ".join([entry.msgstr, *entry.msgstr_plural.values()])
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            for fragment in PLACEHOLDER.split(msgid):
                phrase = fragment.strip(" .,:;()·–-—")
                if len(phrase) >= 12 and " " in phrase and phrase not in dutch:
                    phrases.add(phrase)
    return phrases


def text_of(page: bytes | str) -> str:
    """A page's text as a reader sees it: no tags, entities undone, spaces collapsed."""
    text = page.decode() if isinstance(page, bytes) else page
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text)))
