"""Checks and values every workflow module shares."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from partnerscan.assessments.models import Assessment
from partnerscan.core.errors import DomainError


def ensure_not_closed(assessment: Assessment) -> None:
    if assessment.is_closed:
        raise DomainError(_("This assessment is closed."))


def today() -> dt.date:
    return timezone.localdate()
