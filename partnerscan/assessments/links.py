"""The respondents' links as they leave the site: in e-mails, on the invitations page and in
QR codes. Built from the URL patterns, so a link always leads to the page it names."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def respondent_url(token: str) -> str:
    # SITE_URL, not the request's host: a mail is sent by the worker, and behind a proxy the
    # request's host may be an internal name.
    return f"{settings.SITE_URL}{reverse('respond-start', args=[token])}"


def open_link_url(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('respond-open', args=[token])}"
