"""Checks and values every workflow module shares."""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerscan.assessments.models import Assessment
from partnerscan.core.errors import DomainError


def ensure_not_closed(assessment: Assessment) -> None:
    if assessment.is_closed:
        raise DomainError(_("This assessment is closed."))


def today() -> dt.date:
    return timezone.localdate()


def results_changed(assessment: Assessment) -> None:
    """The answers the round's results are read from changed (or, for an open round, its
    interim snapshot, or which of the two is read): stored results no longer hold.

    Called inside the changing workflow's transaction, so a reader that sees the new version
    also sees the new answers. The caller's object follows, so it reads the new results too.
    """
    Assessment.objects.filter(pk=assessment.pk).update(results_version=F("results_version") + 1)
    assessment.results_version += 1
