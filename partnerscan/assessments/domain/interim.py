"""Interim results of an open round: the owner's switch and the snapshots it shows."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerscan.accounts.models import User
from partnerscan.assessments.domain.common import results_changed
from partnerscan.assessments.models import Assessment, Response, ResultsSnapshot
from partnerscan.assessments.visible_results import frozen_rows
from partnerscan.audit.events import record
from partnerscan.audit.models import Event
from partnerscan.core.errors import DomainError


def set_interim_results(assessment: Assessment, on: bool, by: User | None = None) -> Assessment:
    """The owner turns interim results of an open (or draft) round on or off."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if assessment.is_closed:
            raise DomainError(_("This assessment is closed; its settings can no longer change."))
        if assessment.interim_results == on:
            return assessment
        assessment.interim_results = on
        assessment.save(update_fields=["interim_results"])
        record(
            Event.SETTINGS_CHANGED,
            user=by,
            assessment=assessment,
            detail="interim_results: " + ("on" if on else "off"),
            code="interim_results",
            params={"on": on},
        )
        if on:
            refresh_snapshot(assessment)
        return assessment


def refresh_snapshot(assessment: Assessment) -> ResultsSnapshot | None:
    """Take a new interim snapshot when at least k counting respondents answered through a
    link since the last one (imported rows come along but do not count towards k: whoever
    imported them knows them, and could subtract them from the difference).

    Called inside the submit's transaction (cheap: one count, and two reads when it is time),
    never from a page view, so reading the dashboard writes nothing. The assessment row is
    locked so two submits at once cannot both take one.
    """
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not locked.interim_results or not locked.is_open:
        return None
    counting = Response.objects.filter(assessment=locked).counting()
    live = counting.filter(imported=False).count()
    last = locked.snapshots.order_by("-id").values_list("live_respondents", flat=True).first()
    if live < (last or 0) + locked.min_group:
        return None
    locked.snapshots.all().delete()  # only the newest is ever shown
    rows = frozen_rows(locked)
    results_changed(locked)
    return ResultsSnapshot.objects.create(
        assessment=locked,
        taken_on=timezone.localdate(),
        counting_respondents=len(rows),
        live_respondents=live,
        rows=rows,
    )
