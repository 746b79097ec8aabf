"""The audit log becomes the one record of an export: every ExportLog row that has no audit
event of its own yet (the views wrote both since audit events exist) is copied into one."""

from collections import defaultdict
from datetime import timedelta
from typing import Any

from django.db import migrations

SAME_EXPORT = timedelta(seconds=5)  # both records were written within one request


def copy_export_log(apps: Any, schema_editor: Any) -> None:
    ExportLog = apps.get_model("reports", "ExportLog")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    recorded = defaultdict(list)
    for event in AuditEvent.objects.filter(action="exported").values(
        "assessment_id", "user_id", "detail", "created"
    ):
        key = (event["assessment_id"], event["user_id"], event["detail"])
        recorded[key].append(event["created"])
    logs = ExportLog.objects.select_related("assessment").order_by("created", "id")
    for log in logs.iterator():
        detail = f"{log.kind}.{log.format}"
        times = recorded[(log.assessment_id, log.user_id, detail)]
        twin = next((t for t in times if abs(t - log.created) <= SAME_EXPORT), None)
        if twin is not None:
            times.remove(twin)
            continue
        event = AuditEvent.objects.create(
            organisation_id=log.assessment.organisation_id,
            user_id=log.user_id,
            action="exported",
            assessment_id=log.assessment_id,
            detail=detail,
            code="exported",
            params={"kind": log.kind, "format": log.format},
        )
        # `created` is set on insert (auto_now_add); the export's own time replaces it.
        AuditEvent.objects.filter(pk=event.pk).update(created=log.created)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("audit", "0004_merge_event_codes_and_import_action"),
        ("assessments", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy_export_log, migrations.RunPython.noop)]
