"""The join link of a workshop as it leaves the site, on the projector and in its QR code."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def join_url(code: str) -> str:
    # SITE_URL, as for respondents' links (assessments/links.py): behind a proxy the request's
    # host may be an internal name a phone cannot reach.
    return f"{settings.SITE_URL}{reverse('participant-enter', args=[code])}"
