"""What an audit event's details say, in the reader's language.

An event stores a code and plain parameters (numbers, role and field names, export kinds); the
audit page turns them into a sentence here, at the moment it is read, so an owner reading in
Dutch sees Dutch, and no internal name such as `in_pool` or `interim_results: on`. Events
written before codes existed have only their `detail` text, which is shown as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

Params = Mapping[str, Any]


def _role(name: str) -> str:
    Membership = apps.get_model("accounts", "Membership")  # noqa: N806 - by name, as below
    return str(dict(Membership.Role.choices).get(name, name))


def _fields(model: str, names: list[str]) -> str:
    """Field names as the settings forms label them (the model's verbose names)."""
    labels = []
    for name in names:
        try:
            field = apps.get_model(model)._meta.get_field(name)
        except (FieldDoesNotExist, LookupError):
            labels.append(name)
            continue
        labels.append(str(getattr(field, "verbose_name", name)))
    return ", ".join(labels)


def _export(kind: str, fmt: str) -> str:
    what = {
        "responses": _("the responses"),
        "results": _("the results"),
        "report": _("the report"),
        "pool": _("the pooled answers"),
        "portfolio": _("the partnership portfolio"),
        "reliability": _("the reliability figures"),
    }.get(kind, kind)
    return _("%(what)s as %(format)s") % {"what": what, "format": fmt.upper()}


def _aspect(params: Params) -> str:
    from django.utils.translation import get_language

    names = params.get("aspect", {})
    lang = (get_language() or "en")[:2]
    return str(names.get(lang) or names.get("en") or params.get("aspect_id", ""))


def _action_changed(params: Params) -> str:
    Action = apps.get_model("plans", "Action")  # by name: plans sit above audit  # noqa: N806

    text = _("action %(id)s on %(aspect)s: changed %(fields)s") % {
        "id": params["id"],
        "aspect": _aspect(params),
        "fields": _fields("plans.Action", params.get("fields", [])),
    }
    if params.get("status"):
        status = dict(Action.Status.choices).get(params["status"], params["status"])
        text += "; " + _("status now %(status)s") % {"status": status}
    return text


def _named(params: Params) -> str:
    return _("%(id)s “%(name)s”") % {"id": params["id"], "name": params["name"]}


def _changed(model: str, params: Params) -> str:
    return _("%(what)s: changed %(fields)s") % {
        "what": _named(params),
        "fields": _fields(model, params.get("fields", [])),
    }


def _health_links(params: Params) -> str:
    side = _("our organisation") if params["side"] == "own" else _("the partner")
    return ngettext(
        "%(n)d link for %(side)s, health check %(check)s of partnership %(it)s",
        "%(n)d links for %(side)s, health check %(check)s of partnership %(it)s",
        params["n"],
    ) % {"n": params["n"], "side": side, "check": params["check"], "it": _named(params)}


def _contact(params: Params) -> str:
    side = _("our organisation") if params["side"] == "own" else _("the partner")
    return _("a contact for %(side)s, partnership %(it)s") % {"side": side, "it": _named(params)}


def _workshop(params: Params) -> str:
    return _("%(id)s “%(name)s”") % {"id": params["workshop"], "name": params["title"]}


def _workshop_vote(params: Params) -> str:
    return _("vote %(number)s on %(aspect)s, workshop %(it)s") % {
        "number": params["number"],
        "aspect": _aspect(params),
        "it": _workshop(params),
    }


def _workshop_agreed(params: Params) -> str:
    said = {"aspect": _aspect(params), "it": _workshop(params), "level": params.get("level")}
    if said["level"] is None:
        return _("no agreed level on %(aspect)s, workshop %(it)s") % said
    return _("level %(level)s agreed on %(aspect)s, workshop %(it)s") % said


def _candidate(params: Params) -> str:
    return _("action %(id)s on %(aspect)s, dot vote of workshop %(it)s") % {
        "id": params["candidate"],
        "aspect": _aspect(params),
        "it": _workshop(params),
    }


def _dots_settings(params: Params) -> str:
    said = {"budget": params["budget"], "cap": params["cap"], "it": _workshop(params)}
    if params["cap"] is None:
        return _("%(budget)s dots each, no cap, dot vote of workshop %(it)s") % said
    return _("%(budget)s dots each, at most %(cap)s on one action, workshop %(it)s") % said


def _dots_planned(params: Params) -> str:
    return ngettext(
        "%(n)d action put in the plan from the dot vote of workshop %(it)s",
        "%(n)d actions put in the plan from the dot vote of workshop %(it)s",
        params["n"],
    ) % {"n": params["n"], "it": _workshop(params)}


def _viewed(params: Params) -> str:
    page = str(params.get("page", ""))
    return {
        "dashboard": _("the dashboard"),
        "results": _("the results page"),
        "benchmark": _("the benchmark"),
    }.get(page, page)


def _token_scope(scope: str) -> str:
    return _("read and write") if scope == "write" else _("read")


def _api_token_created(params: Params) -> str:
    return _("API token %(id)s, access: %(scope)s, valid until %(expires)s") % {
        "id": params["id"],
        "scope": _token_scope(params["scope"]),
        "expires": params["expires"],
    }


SENTENCES: dict[str, Callable[[Params], str]] = {
    "member_added": lambda p: _("added as %(role)s") % {"role": _role(p["role"])},
    "member_invited": lambda p: _("invited as %(role)s") % {"role": _role(p["role"])},
    "member_invitation_again": lambda p: _("the invitation e-mail went out again"),
    "member_invitation_revoked": lambda p: _("withdrew the invitation"),
    "member_joined": lambda p: (
        _("accepted the invitation as %(role)s") % {"role": _role(p["role"])}
    ),
    "member_declined": lambda p: _("declined the invitation"),
    "member_role": lambda p: _("role changed to %(role)s") % {"role": _role(p["role"])},
    "member_removed": lambda p: _("removed from the organisation"),
    "sso_joined": lambda p: (
        _("became %(role)s through single sign-on, by the rule for addresses @%(domain)s")
        % {"role": _role(p["role"]), "domain": p["domain"]}
    ),
    "settings": lambda p: (
        _("changed: %(fields)s") % {"fields": _fields("assessments.Assessment", p["fields"])}
    ),
    "open_link_enabled": lambda p: (
        (
            _("open link turned on for at most %(cap)s respondents, with an access code")
            if p.get("code")
            else _("open link turned on for at most %(cap)s respondents, without an access code")
        )
        % {"cap": p["cap"]}
    ),
    "open_link_disabled": lambda p: _("open link turned off"),
    "invitations_added": lambda p: (
        (
            ngettext(
                "%(n)d e-mail invitation queued",
                "%(n)d e-mail invitations queued",
                p["count"],
            )
            if p["kind"] == "emails"
            else ngettext("%(n)d personal link made", "%(n)d personal links made", p["count"])
        )
        % {"n": p["count"]}
    ),
    "open_link_cap": lambda p: (
        _("open link now for at most %(cap)s respondents") % {"cap": p["cap"]}
    ),
    "interim_results": lambda p: (
        _("interim results turned on") if p["on"] else _("interim results turned off")
    ),
    "in_pool": lambda p: _("joined the research pool") if p["on"] else _("left the research pool"),
    "reminders": lambda p: (
        ngettext("%(n)d reminder queued", "%(n)d reminders queued", p["n"]) % {"n": p["n"]}
    ),
    "addresses_deleted": lambda p: (
        ngettext(
            "the e-mail address or link of %(n)d invitation deleted; the counts stay",
            "the e-mail addresses and links of %(n)d invitations deleted; the counts stay",
            p["n"],
        )
        % {"n": p["n"]}
    ),
    "imported": lambda p: (
        ngettext("%(n)d response imported", "%(n)d responses imported", p["n"]) % {"n": p["n"]}
    ),
    "pool_profile": lambda p: (
        _("sector and size set; researchers may see the name")
        if p["named"]
        else _("sector and size set; researchers do not see the name")
    ),
    "exported": lambda p: _export(p["kind"], p["format"]),
    "research_export": lambda p: (
        _("research download: %(what)s (model %(model)s)")
        % {"what": _export(p["kind"], p["format"]), "model": p["model"]}
    ),
    "viewed": _viewed,
    "action_added": lambda p: (
        _("action %(id)s on %(aspect)s") % {"id": p["id"], "aspect": _aspect(p)}
    ),
    "action_changed": _action_changed,
    "action_deleted": lambda p: (
        _("action %(id)s on %(aspect)s") % {"id": p["id"], "aspect": _aspect(p)}
    ),
    "partner_added": lambda p: _("partner organisation %(it)s") % {"it": _named(p)},
    "partner_changed": lambda p: (
        _("partner organisation %(it)s") % {"it": _changed("portfolio.PartnerOrganisation", p)}
    ),
    "partner_deleted": lambda p: _("partner organisation %(it)s") % {"it": _named(p)},
    "partnership_added": lambda p: _("partnership %(it)s") % {"it": _named(p)},
    "partnership_changed": lambda p: (
        _("partnership %(it)s") % {"it": _changed("portfolio.Partnership", p)}
    ),
    "partnership_deleted": lambda p: _("partnership %(it)s") % {"it": _named(p)},
    "portfolio_imported": lambda p: (
        _("%(created)d new, %(updated)d changed, %(partners)d new partner organisations")
        % {"created": p["created"], "updated": p["updated"], "partners": p["partners"]}
    ),
    "health_check_started": lambda p: (
        _("health check %(check)s of partnership %(it)s") % {"check": p["check"], "it": _named(p)}
    ),
    "health_links_made": lambda p: _health_links(p),
    "health_check_closed": lambda p: (
        _("health check %(check)s of partnership %(it)s") % {"check": p["check"], "it": _named(p)}
    ),
    "contact_added": lambda p: _contact(p),
    "contact_removed": lambda p: _contact(p),
    "partner_round_started": lambda p: _("partner round %(round)s") % {"round": p["round"]},
    "partner_invitations_added": lambda p: (
        ngettext(
            "%(n)d partner invited, partner round %(round)s",
            "%(n)d partners invited, partner round %(round)s",
            p["n"],
        )
        % {"n": p["n"], "round": p["round"]}
    ),
    "partner_reminders_queued": lambda p: (
        ngettext(
            "%(n)d reminder queued, partner round %(round)s",
            "%(n)d reminders queued, partner round %(round)s",
            p["n"],
        )
        % {"n": p["n"], "round": p["round"]}
    ),
    "partner_round_closed": lambda p: _("partner round %(round)s") % {"round": p["round"]},
    "api_token_created": _api_token_created,
    "api_token_revoked": lambda p: _("API token %(id)s") % {"id": p["id"]},
    "api_exported": lambda p: (
        _("%(what)s, through API token %(token)s")
        % {"what": _export(p["kind"], p["format"]), "token": p["token"]}
    ),
    "workshop_started": lambda p: (
        ngettext(
            "workshop %(it)s, %(n)d aspect proposed for the agenda",
            "workshop %(it)s, %(n)d aspects proposed for the agenda",
            p["items"],
        )
        % {"it": _workshop(p), "n": p["items"]}
    ),
    "workshop_item_added": lambda p: (
        _("%(aspect)s added to the agenda of workshop %(it)s")
        % {"aspect": _aspect(p), "it": _workshop(p)}
    ),
    "workshop_item_removed": lambda p: (
        _("%(aspect)s taken off the agenda of workshop %(it)s")
        % {"aspect": _aspect(p), "it": _workshop(p)}
    ),
    "workshop_agenda_reordered": lambda p: (
        _("the agenda of workshop %(it)s put in a new order") % {"it": _workshop(p)}
    ),
    "workshop_live": lambda p: _("workshop %(it)s") % {"it": _workshop(p)},
    "workshop_vote": _workshop_vote,
    "workshop_agreed": _workshop_agreed,
    "workshop_ended": lambda p: _("workshop %(it)s") % {"it": _workshop(p)},
    "workshop_dots_prepared": lambda p: (
        ngettext(
            "dot vote of workshop %(it)s, %(n)d lead's next step proposed",
            "dot vote of workshop %(it)s, %(n)d leads' next steps proposed",
            p["n"],
        )
        % {"it": _workshop(p), "n": p["n"]}
    ),
    "workshop_candidate_added": lambda p: _("added: %(it)s") % {"it": _candidate(p)},
    "workshop_candidate_changed": lambda p: _("changed: %(it)s") % {"it": _candidate(p)},
    "workshop_candidate_removed": lambda p: _("removed: %(it)s") % {"it": _candidate(p)},
    "workshop_dots_settings": _dots_settings,
    "workshop_dots": lambda p: _("dot vote of workshop %(it)s") % {"it": _workshop(p)},
    "workshop_dots_planned": _dots_planned,
}


def register(code: str, says: Callable[[Params], str]) -> None:
    """Let an app above audit word its own events (assessments/apps.py registers the mail
    texts' sentence), so audit never imports the apps that use it."""
    SENTENCES[code] = says


def sentence(code: str, params: Params, detail: str = "") -> str:
    """The details of an event in the active language; `detail` for an event without a code
    (written before codes) or with a code this version does not know."""
    render = SENTENCES.get(code)
    if render is None:
        # An event without words of its own that came through the API: say only that.
        only_channel = detail.startswith("(via ") and params.get("via")
        return _channel(params).strip() if only_channel else detail
    try:
        return render(params) + _channel(params)
    except (KeyError, TypeError):
        return detail


def _channel(params: Params) -> str:
    """How a write came in, when not through a page (audit/events.py `via`)."""
    how = params.get("via") or {}
    if "api_token" not in how:
        return ""
    return " " + _("(through API token %(id)s, %(prefix)s…)") % {
        "id": how["api_token"],
        "prefix": how.get("prefix", ""),
    }
