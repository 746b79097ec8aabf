"""What a partner is told before answering, in the mail and on the first page alike: who asks,
why, how long it takes, how anonymous it is and whom to ask. Written for an outsider, who knows
neither partnerscan nor the capability model; in the active language (the caller sets the
invitee's language).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerscan.partnerview.models import PartnerRound

SECONDS_PER_QUESTION = 40  # reading five described levels and choosing one


def minutes_for(questions: int) -> int:
    return max(2, math.ceil(questions * SECONDS_PER_QUESTION / 60))


@dataclass(frozen=True)
class Outsider:
    """The sentences, each ready to show; `note_intro` and `note` only when the sender wrote
    one, `deadline` only with a closing date, `contact` only with someone to ask."""

    title: str
    why: str
    note_intro: str
    note: str
    how_long: str
    anonymity: tuple[str, ...]
    deadline: str
    contact: str


def outsider(partner_round: PartnerRound, partner_name: str, lang: str) -> Outsider:
    """What the invitee of `partner_name` reads, in `lang`."""
    rated = partner_round.assessment.organisation.name
    questions = len(partner_round.assessment.capability_model.partner_aspects)
    k = partner_round.min_group
    with translation.override(lang):
        return Outsider(
            title=_("How do you experience %(organisation)s as a partner?")
            % {"organisation": rated},
            why=_why(rated, partner_name),
            note_intro=_note_intro(partner_round) if partner_round.note else "",
            note=partner_round.note,
            how_long=ngettext(
                "There is %(n)d short question; answering takes about %(minutes)d minutes.",
                "There are %(n)d short questions; answering takes about %(minutes)d minutes.",
                questions,
            )
            % {"n": questions, "minutes": minutes_for(questions)}
            + " "
            + _("You can stop at any time and go on later with the same link."),
            anonymity=_anonymity(k),
            deadline=_deadline(partner_round),
            contact=_contact(partner_round),
        )


def _why(rated: str, partner_name: str) -> str:
    said = _(
        "%(organisation)s wants to learn how its partners experience it as a partner: what goes "
        "well in working together, and what could be better."
    ) % {"organisation": rated}
    if not partner_name:
        return said
    invited = _(
        "You are invited because you work with %(organisation)s on behalf of %(partner)s."
    ) % {"organisation": rated, "partner": partner_name}
    return f"{said} {invited}"


def _note_intro(partner_round: PartnerRound) -> str:
    if partner_round.contact_name:
        return _("%(name)s adds:") % {"name": partner_round.contact_name}
    return _("A note from %(organisation)s:") % {
        "organisation": partner_round.assessment.organisation.name
    }


def _anonymity(k: int) -> tuple[str, ...]:
    return (
        _(
            "Your answers are only ever shown as totals of at least %(k)d partners, never per "
            "person."
        )
        % {"k": k},
        _(
            "The name of your organisation is used only to group the answers of at least %(k)d "
            "people of one organisation."
        )
        % {"k": k},
        _(
            "What you write in the text boxes is shown without the name of your organisation. "
            "Leave out anything that would identify you."
        ),
        _(
            "Your e-mail address is deleted when the round closes; your answers are never "
            "stored with it."
        ),
    )


def _deadline(partner_round: PartnerRound) -> str:
    day = partner_round.last_day
    if day is None:
        return ""
    return _("You can answer until and including %(date)s.") % {
        "date": formats.date_format(day, "j F Y")
    }


def _contact(partner_round: PartnerRound) -> str:
    name, email = partner_round.contact_name, partner_round.contact_email
    if name and email:
        return _("Questions? Please contact %(name)s (%(email)s).") % {"name": name, "email": email}
    if email:
        return _("Questions? Please write to %(email)s.") % {"email": email}
    return ""
