"""The mails to partners, in the invitee's language, and how a mail that did not go out is
recorded and tried again (the shared bookkeeping of assessments/domain/sending.py: the back-off
schedule of settings.MAIL_RETRY_MINUTES, a final refusal of the address at once).

Our own wording, for someone outside the organisation: who asks and why, how long it takes,
how anonymous it is (texts.py), the personal link, and whom to ask; replies go to that person.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from partnerscan.assessments.domain import SendFailure
from partnerscan.assessments.domain.sending import record_mail, try_send
from partnerscan.core import respondents
from partnerscan.core.languages import supported
from partnerscan.core.mail import header_text
from partnerscan.partnerview.models import PartnerInvitation
from partnerscan.partnerview.texts import outsider

INVITATION, REMINDER = "invitation", "reminder"


def partner_url(token: str) -> str:
    # SITE_URL, as the scans' links: the worker has no request, and a proxy's host may differ.
    return f"{settings.SITE_URL}{reverse('partner-start', args=[token])}"


def mail_text(invitation: PartnerInvitation, kind: str, token: str | None) -> tuple[str, str]:
    """Subject and body; a reminder without a token asks to go on with the first link (only
    that one leads to the answers given)."""
    lang = supported(invitation.language)
    partner_round = invitation.round
    rated = partner_round.assessment.organisation.name
    told = outsider(partner_round, invitation.organisation_name, lang)
    with translation.override(lang):
        subject = _subject(kind, header_text(rated, 80))
        parts = [_("Hello,"), _opening(kind, rated, told.why)]
        if told.note:
            parts.append(f"{told.note_intro}\n{told.note}")
        parts += [told.how_long, _link(kind, token)]
        if told.deadline:
            parts.append(told.deadline)
        parts.append(
            _("How your answers are used:") + "\n" + "\n".join(f"- {s}" for s in told.anonymity)
        )
        if told.contact:
            parts.append(told.contact)
        parts.append(_("Kind regards,\n%(organisation)s") % {"organisation": rated})
        parts.append(
            _("Sent with partnerscan on behalf of %(organisation)s.") % {"organisation": rated}
        )
    return header_text(subject), "\n\n".join(parts) + "\n"


def _subject(kind: str, rated: str) -> str:
    if kind == REMINDER:
        return _("Reminder: how do you experience %(organisation)s as a partner?") % {
            "organisation": rated
        }
    return _("How do you experience %(organisation)s as a partner?") % {"organisation": rated}


def _opening(kind: str, rated: str, why: str) -> str:
    if kind == REMINDER:
        return _(
            "Some time ago %(organisation)s asked how you experience it as a partner. Your "
            "answers have not been submitted yet; there is still time."
        ) % {"organisation": rated}
    return why


def _link(kind: str, token: str | None) -> str:
    if token is None:
        return _(
            "Please go on with the link in the first e-mail: only that link leads to the answers "
            "you gave."
        )
    if kind == REMINDER:
        said = _("Your personal link (it replaces the link in the first e-mail):")
    else:
        said = _("Your personal link:")
    alone = _("Please do not forward it: it is yours alone.")
    return f"{said}\n{partner_url(token)}\n{alone}"


def deliver(invitation: PartnerInvitation, kind: str, token: str | None) -> SendFailure | None:
    """None when the mail went out, else why not; never raises."""
    subject, body = mail_text(invitation, kind, token)
    reply_to = [invitation.round.contact_email] if invitation.round.contact_email else None
    return try_send(EmailMessage(subject, body, None, [invitation.email], reply_to=reply_to))


@transaction.atomic
def issue_token(invitation: PartnerInvitation) -> str | None:
    """A fresh link for a mail, or None for someone who has started: a new link would lose the
    answers they gave. An earlier link (a failed mail's, or the one a reminder replaces) stops
    working."""
    locked = PartnerInvitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.started_on is not None:
        return None
    return respondents.new_link(invitation)


def record_attempt(
    invitation: PartnerInvitation, kind: str, failed: SendFailure | None, now: dt.datetime
) -> None:
    """Sent (the invitation's or the reminder's time), or the failure and the next try; a
    reminder given up is no longer due."""
    sent = "sent_at" if kind == INVITATION else "reminded_at"
    fields = record_mail(invitation, sent, failed, now)
    if kind == REMINDER and (failed is None or invitation.next_attempt_at is None):
        invitation.reminder_due = False
        fields.append("reminder_due")
    invitation.save(update_fields=fields)
