"""The health check's mails to a partnership's contacts, in the contact's language, and how a
mail that did not go out is recorded and tried again (as the scans' mails: the worker's
back-off schedule, settings.MAIL_RETRY_MINUTES; a final refusal of the address at once).

Our own wording, not the editors': it names the partnership and our organisation, carries the
personal link and says until when the check is open.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation

from partnerscan.assessments.domain import SendFailure
from partnerscan.assessments.domain.sending import record_mail, try_send
from partnerscan.core import respondents
from partnerscan.core.languages import supported
from partnerscan.core.mail import header_text
from partnerscan.portfolio.models import HealthInvitation

SUBJECT = {
    "invitation": {
        "nl": "Gezondheidscheck: {partnership} ({organisation})",
        "en": "Health check: {partnership} ({organisation})",
    },
    "reminder": {
        "nl": "Herinnering gezondheidscheck: {partnership} ({organisation})",
        "en": "Reminder, health check: {partnership} ({organisation})",
    },
}
OPENING = {
    "invitation": {
        "nl": (
            '{organisation} vraagt u hoe het gaat met de samenwerking "{partnership}". '
            "De gezondheidscheck bestaat uit korte stellingen en kost ongeveer 5 minuten."
        ),
        "en": (
            '{organisation} asks how the partnership "{partnership}" is doing. The health '
            "check is a short set of statements and takes about 5 minutes."
        ),
    },
    "reminder": {
        "nl": (
            "Onlangs vroeg {organisation} u mee te doen aan de gezondheidscheck van de "
            'samenwerking "{partnership}". Uw antwoorden zijn nog niet ingediend.'
        ),
        "en": (
            "Recently {organisation} asked you to take part in the health check of the "
            'partnership "{partnership}". Your answers have not been submitted yet.'
        ),
    },
}
LINK = {
    "invitation": {"nl": "Uw persoonlijke link:\n{url}", "en": "Your personal link:\n{url}"},
    "reminder": {
        "nl": "Uw persoonlijke link (deze vervangt de link uit de eerste e-mail):\n{url}",
        "en": "Your personal link (it replaces the link in the first e-mail):\n{url}",
    },
}
NO_LINK = {
    "nl": "Ga verder met de persoonlijke link uit de eerste e-mail.",
    "en": "Please continue with the personal link from the first e-mail.",
}
CLOSING = {
    "nl": (
        "De check staat open tot {date}. Uw antwoorden zijn anoniem: ze worden los van "
        "deze uitnodiging bewaard. Stuur de link niet door; hij is alleen voor u.\n\n"
        "Met vriendelijke groet,\n{organisation}"
    ),
    "en": (
        "The check is open until {date}. Your answers are anonymous: they are stored apart "
        "from this invitation. Please do not forward the link; it is yours alone.\n\n"
        "Kind regards,\n{organisation}"
    ),
}
GREETING = {"nl": "Beste {name},", "en": "Dear {name},"}
NOBODY = {"nl": "Beste relatie,", "en": "Dear partner,"}


def health_url(token: str) -> str:
    # SITE_URL, as the scans' links: the worker has no request, and a proxy's host may differ.
    return f"{settings.SITE_URL}{reverse('health-start', args=[token])}"


def mail_text(invitation: HealthInvitation, kind: str, token: str | None) -> tuple[str, str]:
    """Subject and body of the `kind` ("invitation" or "reminder") mail; a reminder without a
    token asks to continue with the first link (only that one leads to the answers given)."""
    lang = supported(invitation.language)
    check = invitation.health_check
    names = {
        "partnership": check.partnership.name,
        "organisation": check.partnership.organisation.name,
    }
    subject = header_text(
        SUBJECT[kind][lang].format(
            partnership=header_text(names["partnership"], 80),
            organisation=header_text(names["organisation"], 60),
        )
    )
    name = invitation.contact.name if invitation.contact else ""
    link = LINK[kind][lang].format(url=health_url(token)) if token else NO_LINK[lang]
    parts = [
        GREETING[lang].format(name=name) if name else NOBODY[lang],
        OPENING[kind][lang].format(**names),
        link,
        CLOSING[lang].format(date=_day(lang, check.closes_at), organisation=names["organisation"]),
    ]
    return subject, "\n\n".join(parts) + "\n"


def _day(lang: str, moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    with translation.override(lang):
        return formats.date_format(timezone.localdate(moment), "j F Y")


def deliver(invitation: HealthInvitation, kind: str, token: str | None) -> SendFailure | None:
    """None when the mail went out, else why not; never raises."""
    subject, body = mail_text(invitation, kind, token)
    return try_send(EmailMessage(subject, body, None, [invitation.email]))


@transaction.atomic
def issue_token(invitation: HealthInvitation) -> str:
    """A fresh link for a mail; an earlier one (a failed mail's, or the first one a reminder
    replaces) stops working."""
    return respondents.new_link(invitation)


def record_attempt(
    invitation: HealthInvitation, kind: str, failed: SendFailure | None, now: dt.datetime
) -> None:
    """Sent (the invitation's or the reminder's time), or the failure and the next try."""
    sent = "sent_at" if kind == "invitation" else "reminded_at"
    invitation.save(update_fields=record_mail(invitation, sent, failed, now))
