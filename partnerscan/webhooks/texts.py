"""What the audit page says about webhook events, in the reader's language (registered with
audit/messages.py by this app's AppConfig, so audit never imports webhooks)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from partnerscan.webhooks.models import EventType

Params = Mapping[str, Any]


def _hook(params: Params) -> str:
    return _("webhook %(id)s to %(host)s") % {"id": params["id"], "host": params["host"]}


def _added(params: Params) -> str:
    names = dict(EventType.choices)
    chosen = ", ".join(str(names.get(kind, kind)) for kind in params.get("events", []))
    return _("%(hook)s, for: %(events)s") % {"hook": _hook(params), "events": chosen}


def _changed(params: Params) -> str:
    if params.get("active"):
        return _("%(hook)s resumed") % {"hook": _hook(params)}
    return _("%(hook)s paused") % {"hook": _hook(params)}


SENTENCES: dict[str, Callable[[Params], str]] = {
    "webhook_added": _added,
    "webhook_changed": _changed,
    "webhook_secret_rolled": _hook,
    "webhook_deleted": _hook,
    "webhook_resent": lambda p: (
        _("event %(event)s, %(hook)s") % {"event": p["event"], "hook": _hook(p)}
    ),
}
