"""Workflows of a partner round, from the editor's side: start it, invite people of partner
organisations, queue the one reminder, close it. Each is atomic, audited, and the only way
that write happens; who the invitees are comes from `invitees.py`, the respondents' side is in
`responding.py`, the mails and the automatic close in `mail.py` and `worker.py`.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from partnerscan.accounts.models import User
from partnerscan.assessments.models import Assessment
from partnerscan.audit.events import record
from partnerscan.audit.models import Event
from partnerscan.capability.loader import shipped_models
from partnerscan.capability.modelfile import version_key
from partnerscan.core import languages
from partnerscan.core.errors import DomainError
from partnerscan.core.languages import LANGUAGES
from partnerscan.core.mail import is_email
from partnerscan.partnerview.invitees import Invitee
from partnerscan.partnerview.models import MAX_NOTE, REMINDABLE, PartnerInvitation, PartnerRound
from partnerscan.portfolio.models import PartnerOrganisation
from partnerscan.scoring.options import DEFAULT_MIN_GROUP, LOWEST_MIN_GROUP

MAX_MIN_GROUP = 100
MAX_INVITEES = 1000  # at a time


class InviteeErrors(DomainError):
    """Every line or address that cannot be invited, each as its own sentence."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


def start_partner_round(
    assessment: Assessment,
    by: User | None,
    min_group: int = DEFAULT_MIN_GROUP,
    closes_at: dt.datetime | None = None,
    note: str = "",
    contact_name: str | None = None,
    contact_email: str | None = None,
) -> PartnerRound:
    """Open the partner round of an assessment whose model has partner wording. The contact
    partners are told to ask defaults to the member who starts it."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        _refuse_model_without_partners(assessment)
        if PartnerRound.objects.filter(assessment=assessment).exists():
            raise DomainError(_("This assessment already has a partner round."))
        _check_settings(min_group, closes_at, note)
        name = by.name if contact_name is None and by else contact_name or ""
        email = by.email if contact_email is None and by else contact_email or ""
        if email and not is_email(email):
            raise DomainError(_("Enter a valid e-mail address for the contact person."))
        partner_round = PartnerRound.objects.create(
            assessment=assessment,
            min_group=min_group,
            closes_at=closes_at,
            note=note.strip(),
            contact_name=name.strip()[:150],
            contact_email=email.strip(),
            created_by=by,
        )
        _record(Event.PARTNER_ROUND_STARTED, partner_round, by, code="partner_round_started")
        return partner_round


def _refuse_model_without_partners(assessment: Assessment) -> None:
    model = assessment.capability_model
    if model.has_partner_view:
        return
    later = sorted(
        (m.version for m in shipped_models() if m.id == model.id and m.has_partner_view),
        key=version_key,
    )
    names = {"model": model.name.get(languages.of(get_language())), "version": model.version}
    if later:
        raise DomainError(
            _(
                "%(model)s %(version)s has no questions for partners. Start an assessment on "
                "version %(later)s or later to invite partners."
            )
            % {**names, "later": later[0]}
        )
    raise DomainError(
        _(
            "%(model)s %(version)s has no questions for partners, and no installed version has "
            "them yet."
        )
        % names
    )


def _check_settings(min_group: int, closes_at: dt.datetime | None, note: str) -> None:
    if not LOWEST_MIN_GROUP <= min_group <= MAX_MIN_GROUP:
        raise DomainError(
            _("The smallest group of partners shown must be between %(low)d and %(high)d.")
            % {"low": LOWEST_MIN_GROUP, "high": MAX_MIN_GROUP}
        )
    if closes_at is not None and closes_at <= timezone.now():
        raise DomainError(_("The closing date must lie in the future."))
    if len(note.strip()) > MAX_NOTE:
        raise DomainError(_("The note may have at most %(n)d characters.") % {"n": MAX_NOTE})


def add_partner_invitations(
    partner_round: PartnerRound, rows: list[Invitee], by: User | None
) -> list[PartnerInvitation]:
    """Queue a mail to each invitee; the worker sends them. Every problem is reported, with
    its line where the row came from pasted text, and nothing is added while any remains.

    An organisation typed with the name of one of the portfolio's partner organisations (in
    any case) is that partner organisation, with its kind."""
    with transaction.atomic():
        partner_round = _locked(partner_round)
        if not partner_round.is_open:
            raise DomainError(_("This partner round is closed; nobody can be invited any more."))
        if not rows:
            raise DomainError(_("Choose or paste at least one person to invite."))
        if len(rows) > MAX_INVITEES:
            raise DomainError(_("Invite at most %(n)d people at a time.") % {"n": MAX_INVITEES})
        problems = _problems(partner_round, rows)
        if problems:
            raise InviteeErrors(problems)
        known = _portfolio_partners(partner_round)
        spelled = _spellings(partner_round)
        made = PartnerInvitation.objects.bulk_create(
            _invitation(
                partner_round,
                row,
                row.partner or known.get(row.organisation.strip().lower()),
                spelled,
            )
            for row in rows
        )
        _record(
            Event.PARTNER_INVITATIONS_ADDED,
            partner_round,
            by,
            code="partner_invitations_added",
            n=len(made),
        )
        return made


def _spellings(partner_round: PartnerRound) -> dict[str, str]:
    """The organisation names of the round so far, by their lower case: "care north" typed
    later is the "Care North" invited before, so one organisation is one group."""
    names = partner_round.invitations.values_list("organisation_name", flat=True).order_by("id")
    spelled: dict[str, str] = {}
    for name in names:
        spelled.setdefault(" ".join(name.split()).lower(), name)
    return spelled


def _invitation(
    partner_round: PartnerRound,
    row: Invitee,
    partner: PartnerOrganisation | None,
    spelled: dict[str, str],
) -> PartnerInvitation:
    typed = " ".join(row.organisation.split())
    name = partner.name if partner else spelled.setdefault(typed.lower(), typed)
    return PartnerInvitation(
        round=partner_round,
        email=row.email.strip().lower(),
        organisation_name=name,
        partner=partner,
        kind=partner.kind if partner else "",
        language=row.language,
    )


def _problems(partner_round: PartnerRound, rows: list[Invitee]) -> list[str]:
    invited = set(
        partner_round.invitations.exclude(email="")
        .annotate(address=Lower("email"))
        .values_list("address", flat=True)
    )
    seen: dict[str, str] = {}
    problems = []
    for row in rows:
        email = row.email.strip().lower()
        for problem in _row_problems(row, email):
            problems.append(_at(row, problem))
        if email in invited:
            problems.append(_at(row, _("this address is already invited")))
        elif email and email in seen:
            problems.append(_at(row, _("the same address as %(other)s") % {"other": seen[email]}))
        seen.setdefault(email, _place(row))
    return problems


def _row_problems(row: Invitee, email: str) -> list[str]:
    problems = []
    if not is_email(email):
        problems.append(_("“%(value)s” is not an e-mail address") % {"value": row.email.strip()})
    if not row.organisation.strip():
        problems.append(_("the partner organisation is missing"))
    elif len(row.organisation.strip()) > 200:
        problems.append(_("the name of the partner organisation is longer than 200 characters"))
    if row.language not in LANGUAGES:
        problems.append(_("unknown language “%(value)s” (use nl or en)") % {"value": row.language})
    if row.extra:
        problems.append(_("too many fields (use e-mail;organisation;language)"))
    return problems


def _at(row: Invitee, problem: str) -> str:
    """The problem, with the line of pasted text or the address of a contact it is about."""
    if row.line:
        return _("Line %(line)d: %(problem)s") % {"line": row.line, "problem": problem}
    return _("%(email)s: %(problem)s") % {"email": row.email.strip(), "problem": problem}


def _place(row: Invitee) -> str:
    return _("line %(line)d") % {"line": row.line} if row.line else row.email.strip()


def _portfolio_partners(partner_round: PartnerRound) -> dict[str, PartnerOrganisation]:
    organisation = partner_round.assessment.organisation_id
    partners = PartnerOrganisation.objects.filter(organisation_id=organisation)
    return {partner.name.lower(): partner for partner in partners}


def queue_partner_reminders(partner_round: PartnerRound, by: User | None) -> int:
    """Mark for the one reminder everyone whose mail went out and who has not submitted nor
    been reminded; the worker sends them."""
    with transaction.atomic():
        partner_round = _locked(partner_round)
        if not partner_round.is_open:
            raise DomainError(_("This partner round is closed."))
        count = partner_round.invitations.filter(REMINDABLE).update(reminder_due=True)
        _record(
            Event.PARTNER_REMINDERS_QUEUED,
            partner_round,
            by,
            code="partner_reminders_queued",
            n=count,
        )
        return count


def close_partner_round(partner_round: PartnerRound, by: User | None) -> PartnerRound:
    """Close for good: the response keys go (not even a partner's own link leads to their
    answers any more) and so do the addresses, as the invitation promised. The links still
    say that the round has closed; the worker forgets them later (worker.forget_links).
    Closing a closed round changes nothing."""
    with transaction.atomic():
        partner_round = _locked(partner_round)
        if not partner_round.is_open:
            return partner_round
        partner_round.state = PartnerRound.State.CLOSED
        partner_round.closed_at = timezone.now()
        partner_round.save(update_fields=["state", "closed_at"])
        partner_answers_changed(partner_round)  # from now on the view reads the answers
        # Takes each response's row lock, which a racing save waits for and then finds keyless.
        partner_round.responses.update(key_hash=None)
        partner_round.invitations.update(
            email="", reminder_due=False, send_error="", send_failure="", next_attempt_at=None
        )
        _record(Event.PARTNER_ROUND_CLOSED, partner_round, by, code="partner_round_closed")
        return partner_round


def partner_answers_changed(partner_round: PartnerRound) -> None:
    """The answers the round's partner view is read from changed (or whether they are read):
    a stored partner view no longer holds (view_store.py).

    Only a closed round's answers are read (records.py), so closing calls it; so must any
    workflow that changes a closed round's answers, inside its transaction, and code that
    writes partners' answers outside a workflow (tests, benchmarks). The caller's object
    follows."""
    rounds = PartnerRound.objects.filter(pk=partner_round.pk)
    rounds.update(answers_version=F("answers_version") + 1)
    partner_round.answers_version += 1


def _locked(partner_round: PartnerRound) -> PartnerRound:
    rounds = PartnerRound.objects.select_for_update(of=("self",))
    return rounds.select_related("assessment__organisation").get(pk=partner_round.pk)


def _record(
    event: str, partner_round: PartnerRound, by: User | None, code: str, **params: object
) -> None:
    said = ", ".join(f"{key} {value}" for key, value in params.items())
    record(
        event,
        user=by,
        assessment=partner_round.assessment,
        detail=f"partner round {partner_round.pk}" + (f": {said}" if said else ""),
        code=code,
        params={"round": partner_round.pk, **params},
    )
