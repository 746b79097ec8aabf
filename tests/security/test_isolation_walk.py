"""Every URL of the project, for every role, against org A's objects: isolation you can prove.

The walk reads the URL resolver, so a new view joins the walk by existing. A URL name that is
not in EXPECTATIONS fails the test with "new URL without an isolation expectation: <name>":
whoever adds a view also states who may reach it. Each request runs in a savepoint that is
rolled back, so one role's POST never changes what the next role sees.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction
from django.http import HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from support import PASSWORD, english_client, logged_in

from partnerscan.accounts import domain as accounts_domain
from partnerscan.accounts.models import User
from partnerscan.api import domain as api_domain
from partnerscan.api.models import ApiToken
from partnerscan.assessments.models import ImportJob
from partnerscan.partnerview import domain as partnerview
from partnerscan.partnerview import mail as partner_mail
from partnerscan.partnerview.invitees import Invitee
from partnerscan.partnerview.models import PartnerInvitation, PartnerRound
from partnerscan.plans.models import Action
from partnerscan.portfolio import health
from partnerscan.portfolio.models import (
    HealthCheck,
    PartnerOrganisation,
    Partnership,
    PartnershipContact,
)
from partnerscan.reports.models import ExportJob
from partnerscan.webhooks.models import Delivery, Subscription
from partnerscan.workshop import participating
from partnerscan.workshop.models import AgendaItem, Ballot, CandidateAction, DotVote, Workshop
from partnerscan.workshop.participant import COOKIE

from .conftest import World

pytestmark = pytest.mark.django_db

# Who may reach a URL. TOKEN: whoever holds the respondent token in the path, with or without
# an account; the token is the key, not a session. RESEARCHER: only a user with the
# pool.export_pool permission, whatever their organisations; everyone else logged in gets a 404.
# INVITEE: only the user a member invitation is addressed to (none of the walk's roles, so
# every logged-in role gets a 404). HOLDER: only the user who made an API token or asked for an
# export file (again none of the walk's roles: another member of org A made them).
# PARTICIPANT: only who joined that workshop, by the cookie joining set (none of the walk's
# roles; the participant of org B's workshop holds the cookie of another session): everyone
# else gets the rule's `granted`, the join page or a 403.
PUBLIC, ACCOUNT, VIEWER, EDITOR, OWNER, TOKEN, RESEARCHER, INVITEE, HOLDER, PARTICIPANT = (
    "public",
    "account",
    "viewer",
    "editor",
    "owner",
    "token",
    "researcher",
    "invitee",
    "holder",
    "participant",
)
RANK = {VIEWER: 1, EDITOR: 2, OWNER: 3}
LOGIN_REQUIRED = {ACCOUNT, VIEWER, EDITOR, OWNER, RESEARCHER, INVITEE, HOLDER}
ANY, GET, POST = ("GET", "POST"), ("GET",), ("POST",)

# role → (organisation letter or None, rank)
ROLES: dict[str, tuple[str | None, int]] = {
    "anonymous": (None, 0),
    "respondent of another assessment": (None, 0),
    "participant of another workshop": (None, 0),
    "viewer of org A": ("a", 1),
    "editor of org A": ("a", 2),
    "owner of org A": ("a", 3),
    "viewer of org B": ("b", 1),
    "editor of org B": ("b", 2),
    "owner of org B": ("b", 3),
    "researcher, member of no organisation": ("r", 0),
}

Params = Callable[[World], dict[str, Any]]


def org(w: World) -> dict[str, Any]:
    return {"org_id": w.a.organisation.pk}


def assessment(w: World) -> dict[str, Any]:
    return {"assessment_id": w.a.assessment.pk}


def member(w: World) -> dict[str, Any]:
    membership = w.a.organisation.memberships.get(user=w.a.viewer)
    return {"org_id": w.a.organisation.pk, "member_id": membership.pk}


def token(w: World) -> dict[str, Any]:
    return {"token": w.a.token}


def member_invitation(w: World) -> dict[str, Any]:
    """A pending invitation of org A to a new address, and the token of its link."""
    invite = accounts_domain.invite_member(
        w.a.organisation, "newcomer@example.org", "viewer", by=None
    )
    return {"org_id": w.a.organisation.pk, "invitation_id": invite.invitation.pk}


def member_invitation_token(w: World) -> dict[str, Any]:
    return {
        "token": accounts_domain.invite_member(
            w.a.organisation, "newcomer@example.org", "viewer", by=None
        ).token
    }


def own_invitation(w: World) -> dict[str, Any]:
    return {"invitation_id": member_invitation(w)["invitation_id"]}


def api_token(w: World) -> dict[str, Any]:
    """An API token of another member of org A, made once and shared by the walk."""
    holder, _new = User.objects.get_or_create(email="holder@example.org")
    accounts_domain.add_member(w.a.organisation, holder.email, "viewer")
    found = ApiToken.objects.filter(user=holder).first()
    if found is None:
        found = api_domain.create_token(holder, w.a.organisation, "BI", "read", 30).api_token
    return {"token_id": found.pk}


def export_job(w: World) -> dict[str, Any]:
    """A responses file another owner of org A asked for: only they download it."""
    asker, _new = User.objects.get_or_create(email="asker@example.org")
    accounts_domain.add_member(w.a.organisation, asker.email, "owner")
    found, _new = ExportJob.objects.get_or_create(
        assessment=w.a.assessment,
        user=asker,
        defaults={"kind": "responses", "fmt": "csv", "lang": "en", "expires_at": timezone.now()},
    )
    return {"job_id": found.pk}


def org_api_token(w: World) -> dict[str, Any]:
    return {"org_id": w.a.organisation.pk} | api_token(w)


def none(w: World) -> dict[str, Any]:
    return {}


def plan_action(w: World) -> dict[str, Any]:
    """An action of org A's round, made once and shared by the walk's action URLs."""
    action, _new = Action.objects.get_or_create(
        assessment=w.a.assessment, aspect="goals", description="Agree goals", owner="Kim"
    )
    return {"action_id": action.pk}


def import_job(w: World) -> dict[str, Any]:
    """An import job of org A's round, made once and shared by the walk."""
    job, _new = ImportJob.objects.get_or_create(assessment=w.a.assessment, file_name="paper.csv")
    return {"assessment_id": w.a.assessment.pk, "job_id": job.pk}


def partner(w: World) -> dict[str, Any]:
    """A partner organisation of org A, made once and shared by the walk's portfolio URLs."""
    found, _new = PartnerOrganisation.objects.get_or_create(
        organisation=w.a.organisation, name="Care Group"
    )
    return {"partner_id": found.pk}


def partnership(w: World) -> dict[str, Any]:
    found = Partnership.objects.filter(organisation=w.a.organisation).first()
    if found is None:
        found = Partnership.objects.create(
            organisation=w.a.organisation, name="Care chain", challenge_type="chain", goal="Care"
        )
        found.partners.add(partner(w)["partner_id"])
    return {"partnership_id": found.pk}


def health_check(w: World) -> dict[str, Any]:
    """The open health check of org A's partnership, started once and shared by the walk."""
    found = Partnership.objects.get(pk=partnership(w)["partnership_id"])
    check = HealthCheck.objects.filter(partnership=found, state="open").first()
    return {"check_id": (check or health.start_health_check(found, None)).pk}


def health_token(w: World) -> dict[str, Any]:
    """A fresh link of the partner side of that check: the token is the key."""
    check = HealthCheck.objects.get(pk=health_check(w)["check_id"])
    return {"token": health.create_health_links(check, None, "partner", 1)[0]}


HEALTH_LINKS = {"side": "own", "count": "2", "language": "nl"}


def contact(w: World) -> dict[str, Any]:
    """A contact of org A's partnership, made once and shared by the walk."""
    found = Partnership.objects.get(pk=partnership(w)["partnership_id"])
    made, _new = PartnershipContact.objects.get_or_create(
        partnership=found, side="partner", email="kim@example.net"
    )
    return {"contact_id": made.pk}


CONTACT = {"side": "own", "email": "olga@example.org", "name": "Olga", "language": "nl"}


def partnership_form(w: World) -> dict[str, Any]:
    return {
        "name": "Library",
        "partners": [partner(w)["partner_id"]],
        "challenge_type": "regional",
        "goal": "Reading together",
        "phase": "forming",
        "importance": "2",
    }


def partner_round(w: World) -> dict[str, Any]:
    """The partner round of org A's assessment, started once and shared by the walk."""
    found = PartnerRound.objects.filter(assessment=w.a.assessment).first()
    if found is None:
        partnerview.start_partner_round(w.a.assessment, None, min_group=3)
    return {"assessment_id": w.a.assessment.pk}


def partner_token(w: World) -> dict[str, Any]:
    """A fresh invitation of that round and the token its mail would carry."""
    round_ = PartnerRound.objects.get(assessment_id=partner_round(w)["assessment_id"])
    email = f"partner-{PartnerInvitation.objects.count()}@example.net"
    (invitation,) = partnerview.add_partner_invitations(round_, [Invitee(email, "Care")], None)
    return {"token": partner_mail.issue_token(invitation)}


PASTED_PARTNER = {"lines": "walker@example.net;Care Group", "language": "nl"}

WALK_CODE = "WALK23"


def running_workshop(assessment: Any, code: str) -> Workshop:
    """A live workshop with one item and its open vote, made by hand once: the walk's rounds are
    open, and a workshop starts only from a closed round (workshop/domain.py)."""
    found = Workshop.objects.filter(assessment=assessment).first()
    if found is None:
        found = Workshop.objects.create(
            assessment=assessment, title="Room", code=code, state="live"
        )
        found.current = AgendaItem.objects.create(workshop=found, position=1, aspect="goals")
        found.save(update_fields=["current"])
        Ballot.objects.create(item=found.current, number=1)
        DotVote.objects.create(workshop=found, state="open")
        CandidateAction.objects.create(
            workshop=found, position=1, aspect="goals", description="Walk", source="facilitator"
        )
    return found


def workshop(w: World) -> dict[str, Any]:
    return {"workshop_id": running_workshop(w.a.assessment, WALK_CODE).pk}


def workshop_item(w: World) -> dict[str, Any]:
    found = running_workshop(w.a.assessment, WALK_CODE)
    return {"workshop_id": found.pk, "item_id": found.items.get().pk}


def workshop_ballot(w: World) -> dict[str, Any]:
    found = running_workshop(w.a.assessment, WALK_CODE)
    return {"workshop_id": found.pk, "ballot_id": Ballot.objects.get(item__workshop=found).pk}


def workshop_candidate(w: World) -> dict[str, Any]:
    found = running_workshop(w.a.assessment, WALK_CODE)
    return {"workshop_id": found.pk, "candidate_id": found.candidates.get().pk}


def workshop_code(w: World) -> dict[str, Any]:
    return {"code": running_workshop(w.a.assessment, WALK_CODE).code}


def webhook(w: World) -> dict[str, Any]:
    """A webhook of org A, made by hand once (the workflow would resolve its address)."""
    found, _new = Subscription.objects.get_or_create(
        organisation=w.a.organisation,
        url="https://hooks.example.net/partnerscan",
        defaults={"events": ["assessment.closed"], "secret": "whsec_walk"},
    )
    return {"org_id": w.a.organisation.pk, "subscription_id": found.pk}


def webhook_delivery(w: World) -> dict[str, Any]:
    ids = webhook(w)
    found, _new = Delivery.objects.get_or_create(
        subscription_id=ids["subscription_id"],
        event_id="00000000-0000-5000-8000-000000000001",
        defaults={"event_type": "assessment.closed", "body": "{}", "state": "delivered"},
    )
    return {**ids, "delivery_id": found.pk}


ACTION_FORM = {"aspect": "themes", "description": "Pick themes", "owner": "Kim", "status": "done"}


@dataclass(frozen=True)
class Expect:
    level: str
    methods: tuple[str, ...]
    params: Params = none
    data: Callable[[World], dict[str, Any]] = lambda w: {}
    extra: dict[str, Any] = field(default_factory=dict)
    granted: str = "ok"  # what the role that may reach the URL gets (researcher or member)


EXPECTATIONS: dict[str, Expect] = {
    # Public pages and Django's own.
    "home": Expect(PUBLIC, ANY),
    "model": Expect(PUBLIC, ANY),
    "model-version": Expect(PUBLIC, ANY, extra={"ref": "mini@1.0"}),
    "set_language": Expect(PUBLIC, ANY, data=lambda w: {"language": "en"}),
    "login": Expect(PUBLIC, ANY),
    "logout": Expect(PUBLIC, POST),
    "password_reset": Expect(PUBLIC, ANY),
    "password_reset_done": Expect(PUBLIC, GET),
    "password_reset_confirm": Expect(PUBLIC, ANY, extra={"uidb64": "MQ", "token": "set-password"}),
    "password_reset_complete": Expect(PUBLIC, GET),
    # The user's own account: no organisation's data.
    "password_change": Expect(ACCOUNT, ANY),
    # API tokens (partnerscan/api/views.py): each user lists and makes their own; a token is
    # revoked only by the user who made it.
    "api-tokens": Expect(ACCOUNT, ANY),
    "api-token-revoke": Expect(HOLDER, POST, api_token),
    "organisation-api-tokens": Expect(OWNER, GET, org),
    "organisation-api-token-revoke": Expect(OWNER, POST, org_api_token),
    "password_change_done": Expect(ACCOUNT, GET),
    "organisations": Expect(ACCOUNT, ANY),
    "organisation-create": Expect(ACCOUNT, ANY),
    "organisation-switch": Expect(
        VIEWER, POST, data=lambda w: {"organisation": w.a.organisation.pk}
    ),
    # Organisation pages.
    "organisation": Expect(VIEWER, ANY, org),
    "member-add": Expect(
        OWNER, POST, org, data=lambda w: {"email": "new@example.org", "role": "viewer"}
    ),
    "member-role": Expect(OWNER, POST, member, data=lambda w: {"role": "editor"}),
    "member-remove": Expect(OWNER, POST, member),
    "member-invitation-resend": Expect(OWNER, POST, member_invitation),
    "member-invitation-revoke": Expect(OWNER, POST, member_invitation),
    "invitation-accept": Expect(INVITEE, POST, own_invitation),
    "invitation-decline": Expect(INVITEE, POST, own_invitation),
    "audit-log": Expect(OWNER, ANY, org),
    "assessment-create": Expect(EDITOR, ANY, org),
    # Webhooks (partnerscan/webhooks): the owners' alone. An empty form re-renders (200).
    "webhooks": Expect(OWNER, ANY, org),
    "webhook": Expect(OWNER, GET, webhook),
    "webhook-active": Expect(OWNER, POST, webhook, data=lambda w: {"active": "0"}),
    "webhook-secret": Expect(OWNER, POST, webhook),
    "webhook-delete": Expect(OWNER, POST, webhook),
    "webhook-resend": Expect(OWNER, POST, webhook_delivery),
    # Assessment pages.
    "assessment": Expect(VIEWER, ANY, assessment),
    "assessment-edit": Expect(EDITOR, ANY, assessment),
    "assessment-open": Expect(EDITOR, POST, assessment),
    "assessment-close": Expect(EDITOR, ANY, assessment),
    # Interim results change what every member sees of an open round: the owners' decision.
    "assessment-interim": Expect(OWNER, POST, assessment, data=lambda w: {"interim_results": "on"}),
    "invitations": Expect(EDITOR, ANY, assessment),
    "invitations-email": Expect(EDITOR, POST, assessment),
    "invitations-links": Expect(EDITOR, POST, assessment),
    "invitations-open-link": Expect(EDITOR, POST, assessment),
    "invitations-remind": Expect(EDITOR, POST, assessment),
    "invitation-texts": Expect(EDITOR, ANY, assessment),
    # The printable page of the open link needs its token, which only the page that made the
    # link holds (it is stored hashed); the walk's world kept it.
    "open-link-print": Expect(EDITOR, POST, assessment, data=lambda w: {"token": w.a.open_token}),
    "invitations-delete": Expect(OWNER, ANY, assessment),
    "response-erase": Expect(OWNER, ANY, assessment),
    "assessment-import": Expect(EDITOR, ANY, assessment),
    "import-job": Expect(EDITOR, ANY, import_job),
    # The old results page: a GET is redirected to the dashboard once the access check passes.
    "assessment-results": Expect(VIEWER, GET, assessment),
    # Follow-up rounds (partnerscan/plans/followup_views.py): editors start one.
    "follow-up-start": Expect(EDITOR, ANY, assessment),
    # Reports (partnerscan/reports): viewer and up of the own organisation; the responses, one
    # row per respondent, owners only. The walk's round is open, so the PDF and the responses
    # are refused (409) to whoever passes the access check: nothing leaves an open round.
    "dashboard": Expect(VIEWER, GET, assessment),
    "report-pdf": Expect(VIEWER, GET, assessment, granted="409"),
    "export": Expect(
        OWNER, GET, assessment, extra={"kind": "responses", "fmt": "csv"}, granted="409"
    ),
    # A responses file made by the worker (reports/export_views.py): owners ask for one (the
    # walk's round is open: refused, 409); only the owner who asked follows and downloads it.
    "export-start": Expect(
        OWNER, POST, assessment, extra={"kind": "responses", "fmt": "csv"}, granted="409"
    ),
    "export-job": Expect(HOLDER, GET, export_job),
    "export-download": Expect(HOLDER, GET, export_job),
    # Action plan (partnerscan/plans): every member reads; owners and editors change it.
    "plan": Expect(VIEWER, GET, assessment),
    "action-new": Expect(EDITOR, ANY, assessment, data=lambda w: ACTION_FORM),
    "action-edit": Expect(EDITOR, ANY, plan_action, data=lambda w: ACTION_FORM),
    "action-delete": Expect(EDITOR, ANY, plan_action),
    "action-status": Expect(EDITOR, POST, plan_action, data=lambda w: {"status": "done"}),
    # Benchmark pool (partnerscan/pool): every member reads; sharing is the owners' decision.
    "benchmark": Expect(VIEWER, GET, assessment),
    "pool-toggle": Expect(OWNER, POST, assessment, data=lambda w: {"in_pool": "on"}),
    "pool-profile": Expect(OWNER, POST, org, data=lambda w: {"sector": "housing", "size": "small"}),
    # The research pool (partnerscan/pool/research_views.py). The walk's rounds are open, so its
    # pool is empty: the researcher passes the access check and is refused the download for
    # want of organisations (409), which still proves the others were stopped by the 404.
    "research": Expect(RESEARCHER, GET),
    "research-pool": Expect(RESEARCHER, GET, extra={"fmt": "csv"}, granted="409"),
    "research-reliability": Expect(RESEARCHER, GET, extra={"fmt": "csv"}, granted="409"),
    # The partnership portfolio (partnerscan/portfolio): every member reads and downloads it;
    # owners and editors change it.
    "portfolio": Expect(VIEWER, GET, org),
    "portfolio-export": Expect(VIEWER, GET, org, extra={"fmt": "csv"}),
    "portfolio-import": Expect(EDITOR, ANY, org),
    "partnership": Expect(VIEWER, GET, partnership),
    "partnership-new": Expect(EDITOR, ANY, org, data=partnership_form),
    "partnership-edit": Expect(EDITOR, ANY, partnership, data=partnership_form),
    "partnership-delete": Expect(EDITOR, ANY, partnership),
    "partners": Expect(VIEWER, GET, org),
    "partner-new": Expect(EDITOR, ANY, org, data=lambda w: {"name": "Library", "kind": "public"}),
    "partner-edit": Expect(EDITOR, ANY, partner, data=lambda w: {"name": "Care", "kind": ""}),
    "partner-delete": Expect(EDITOR, ANY, partner),
    # Health checks of a partnership: every member sees them on the partnership's page;
    # owners and editors start them, make links and close them.
    "health-check-start": Expect(EDITOR, POST, partnership),
    "health-check-links": Expect(EDITOR, POST, health_check, data=lambda w: HEALTH_LINKS),
    "health-check-close": Expect(EDITOR, ANY, health_check),
    # The contacts the health-check rhythm mails: editors add and remove them.
    "partnership-contact-add": Expect(EDITOR, POST, partnership, data=lambda w: CONTACT),
    "partnership-contact-remove": Expect(EDITOR, POST, contact),
    # The partner round of an assessment (partnerscan/partnerview/views.py): every member reads
    # the totals; owners and editors start it, invite, remind and close.
    "partner-round": Expect(VIEWER, GET, partner_round),
    "partner-round-start": Expect(EDITOR, POST, partner_round, data=lambda w: {"min_group": "5"}),
    "partner-invite-contacts": Expect(EDITOR, POST, partner_round),
    "partner-invite-paste": Expect(EDITOR, POST, partner_round, data=lambda w: PASTED_PARTNER),
    "partner-remind": Expect(EDITOR, POST, partner_round),
    "partner-round-close": Expect(EDITOR, ANY, partner_round),
    # Respondent pages: the token in the path decides, whatever else the visitor is.
    "respond-open": Expect(TOKEN, ANY, lambda w: {"token": w.a.open_token}),
    "respond-start": Expect(TOKEN, ANY, token),
    "respond-welcome": Expect(TOKEN, ANY, token),
    "respond-language": Expect(TOKEN, POST, token, data=lambda w: {"language": "en"}),
    "respond-context": Expect(TOKEN, ANY, token),
    "respond-condition": Expect(TOKEN, ANY, token, extra={"condition_id": "strategy"}),
    "respond-save": Expect(
        TOKEN, POST, token, data=lambda w: {"aspect": "goals", "field": "current", "value": "3"}
    ),
    "respond-review": Expect(TOKEN, ANY, token),
    "respond-submit": Expect(TOKEN, POST, token),
    "respond-thanks": Expect(TOKEN, ANY, token),
    # A health check's respondent pages (partnerscan/portfolio/health_respond.py).
    "health-start": Expect(TOKEN, ANY, health_token),
    "health-language": Expect(TOKEN, POST, health_token, data=lambda w: {"language": "en"}),
    "health-questions": Expect(TOKEN, ANY, health_token, data=lambda w: {"s-goal-clear": "4"}),
    "health-save": Expect(
        TOKEN, POST, health_token, data=lambda w: {"statement": "goal-clear", "value": "3"}
    ),
    "health-review": Expect(TOKEN, ANY, health_token),
    "health-submit": Expect(TOKEN, POST, health_token),
    "health-thanks": Expect(TOKEN, ANY, health_token),
    # A partner's pages (partnerscan/partnerview/respond.py).
    "partner-start": Expect(TOKEN, ANY, partner_token),
    "partner-language": Expect(TOKEN, POST, partner_token, data=lambda w: {"language": "en"}),
    "partner-questions": Expect(TOKEN, ANY, partner_token, data=lambda w: {"a-goals": "4"}),
    "partner-save": Expect(
        TOKEN, POST, partner_token, data=lambda w: {"aspect": "goals", "value": "3"}
    ),
    "partner-review": Expect(TOKEN, ANY, partner_token),
    "partner-submit": Expect(TOKEN, POST, partner_token),
    "partner-thanks": Expect(TOKEN, ANY, partner_token),
    # The link in a member invitation: the token is the key, as for respondents.
    "member-join": Expect(TOKEN, ANY, member_invitation_token),
    # Workshops (partnerscan/workshop): owners and editors run them, viewers get a 403. The
    # walk's round is open, so starting one is refused with a message (a redirect).
    "workshops": Expect(EDITOR, GET, assessment),
    "workshop-start": Expect(EDITOR, POST, assessment),
    "workshop": Expect(EDITOR, GET, workshop),
    "workshop-poll": Expect(EDITOR, GET, workshop),
    "workshop-go-live": Expect(EDITOR, POST, workshop),
    "workshop-end": Expect(EDITOR, POST, workshop),
    "workshop-item-add": Expect(EDITOR, POST, workshop, data=lambda w: {"aspect": "themes"}),
    "workshop-item-move": Expect(EDITOR, POST, workshop_item, data=lambda w: {"direction": "up"}),
    "workshop-item-remove": Expect(EDITOR, POST, workshop_item),
    "workshop-item-show": Expect(EDITOR, POST, workshop_item),
    "workshop-vote-open": Expect(EDITOR, POST, workshop_item),
    "workshop-agreement": Expect(EDITOR, POST, workshop_item, data=lambda w: {"level": "3"}),
    "workshop-vote-close": Expect(EDITOR, POST, workshop_ballot),
    "workshop-vote-reveal": Expect(EDITOR, POST, workshop_ballot),
    "workshop-dots-prepare": Expect(EDITOR, POST, workshop),
    "workshop-dots-settings": Expect(EDITOR, POST, workshop, data=lambda w: {"budget": "3"}),
    "workshop-dots-open": Expect(EDITOR, POST, workshop),
    "workshop-dots-close": Expect(EDITOR, POST, workshop),
    "workshop-dots-reveal": Expect(EDITOR, POST, workshop),
    "workshop-dots-show": Expect(EDITOR, POST, workshop),
    "workshop-dots-plan": Expect(EDITOR, POST, workshop, data=lambda w: {"owner": "Kim"}),
    "workshop-candidate-add": Expect(
        EDITOR, POST, workshop, data=lambda w: {"aspect": "goals", "description": "Meet"}
    ),
    "workshop-candidate-edit": Expect(
        EDITOR, POST, workshop_candidate, data=lambda w: {"aspect": "goals", "description": "Go"}
    ),
    "workshop-candidate-remove": Expect(EDITOR, POST, workshop_candidate),
    "workshop-projector": Expect(EDITOR, GET, workshop),
    "workshop-projector-poll": Expect(EDITOR, GET, workshop),
    # A participant's pages (partnerscan/workshop/participant.py): the code opens the join
    # page for anyone; the live page, its poll, the vote and the language need the cookie of
    # this session, without which the live page sends to the join page and the rest are a 403.
    "participant-join": Expect(PUBLIC, ANY, data=lambda w: {"code": WALK_CODE}),
    "participant-enter": Expect(PUBLIC, ANY, workshop_code),
    "participant-live": Expect(PARTICIPANT, GET, workshop_code),
    "participant-poll": Expect(PARTICIPANT, GET, workshop_code, granted="403"),
    "participant-vote": Expect(
        PARTICIPANT, POST, workshop_code, data=lambda w: {"current": "3"}, granted="403"
    ),
    "participant-dot": Expect(
        PARTICIPANT,
        POST,
        workshop_code,
        data=lambda w: {
            "candidate": str(running_workshop(w.a.assessment, WALK_CODE).candidates.get().pk),
            "change": "add",
        },
        granted="403",
    ),
    "participant-suggest": Expect(
        PARTICIPANT,
        POST,
        workshop_code,
        data=lambda w: {"aspect": "goals", "description": "Meet"},
        granted="403",
    ),
    "participant-language": Expect(
        PARTICIPANT, POST, workshop_code, data=lambda w: {"language": "en"}, granted="403"
    ),
}

# Whole namespaces left out, each with the reason.
EXEMPT_NAMESPACES = {
    "admin": "Django's admin: staff only (is_staff), for operators, never tenant-facing",
    "api-v1": "the REST API: no session opens it, only a token; tests/api/test_api_walk.py "
    "walks every route of its OpenAPI document for every role and a foreign token",
    "sso": "single sign-on: without OIDC_ISSUER, as in this walk, each of its URLs is a 404 for "
    "everyone; tests/sso/ drive it against a real OpenID Provider",
}


def url_names(
    patterns: list[URLPattern | URLResolver], namespace: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in EXEMPT_NAMESPACES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        else:
            yield (f"{namespace}{pattern.name}" if pattern.name else str(pattern.pattern)), pattern


def test_every_url_has_an_isolation_expectation() -> None:
    names = {name for name, _pattern in url_names(get_resolver().url_patterns)}
    problems = [f"new URL without an isolation expectation: {n}" for n in sorted(names)]
    problems = [p for p in problems if p.rsplit(": ", 1)[1] not in EXPECTATIONS]
    stale = [f"expectation for a URL that no longer exists: {n}" for n in EXPECTATIONS]
    problems += [p for p in stale if p.rsplit(": ", 1)[1] not in names]
    assert problems == []


def expected(rule: Expect, role: str, method: str) -> str:
    tenant, rank = ROLES[role]
    needs_login = rule.level in LOGIN_REQUIRED
    if tenant is None and needs_login:
        return "login"
    if rule.level == RESEARCHER and tenant != "r":
        return "404"  # before the method: not even a 405 tells a non-researcher it exists
    if method not in rule.methods:
        return "405"
    if rule.level in (INVITEE, HOLDER):
        return "404"
    if rule.level == PARTICIPANT:
        return rule.granted
    if rule.level in (PUBLIC, ACCOUNT, TOKEN):
        return "ok"
    if rule.level == RESEARCHER:
        return rule.granted
    if tenant != "a":
        return "404"
    return rule.granted if rank >= RANK[rule.level] else "403"


def outcome(response: HttpResponseBase) -> str:
    status = response.status_code
    if status in (301, 302) and response["Location"].startswith("/accounts/login/"):
        return "login"
    return "ok" if status < 400 else str(status)


def clients(world: World) -> dict[str, Client]:
    respondent = english_client()
    respondent.get(f"/r/{world.b.token}/")
    participant = english_client()
    other = running_workshop(world.b.assessment, "OTHER2")
    participant.cookies[COOKIE] = participating.join(other.code, None, "en").key
    made = {
        "anonymous": english_client(),
        "respondent of another assessment": respondent,
        "participant of another workshop": participant,
    }
    for tenant, letter in ((world.a, "A"), (world.b, "B")):
        for kind in ("viewer", "editor", "owner"):
            made[f"{kind} of org {letter}"] = logged_in(getattr(tenant, kind))
    researcher = User.objects.create_user("rita@example.org", PASSWORD, name="Rita")
    researcher.user_permissions.add(Permission.objects.get(codename="export_pool"))
    made["researcher, member of no organisation"] = logged_in(researcher)
    return made


def attempt(client: Client, method: str, url: str, data: dict[str, Any]) -> str:
    """One request whose writes (a POST that closes, a log-out's session) are undone."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, data)
        transaction.set_rollback(True)
    client.cookies = cookies
    return outcome(response)


def test_every_role_gets_the_expected_answer_on_every_url(world: World) -> None:
    by_role = clients(world)
    wrong = {}
    for name, rule in EXPECTATIONS.items():
        url = reverse(name, kwargs={**rule.params(world), **rule.extra})
        for role, client in by_role.items():
            for method in ("GET", "POST"):
                got = attempt(client, method, url, rule.data(world))
                want = expected(rule, role, method)
                if got != want:
                    wrong[f"{method} {name} as {role}"] = f"{got}, expected {want}"
    assert wrong == {}


def test_a_forged_token_opens_no_respondent_page(world: World) -> None:
    forged = "A" * 32
    client = english_client()
    statuses = {}
    for name, rule in EXPECTATIONS.items():
        if rule.level == TOKEN:
            url = reverse(name, kwargs={**rule.params(world), **rule.extra, "token": forged})
            method = "GET" if "GET" in rule.methods else "POST"
            statuses[name] = attempt(client, method, url, rule.data(world))
    assert statuses == dict.fromkeys(statuses, "404")
