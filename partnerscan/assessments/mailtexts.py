"""The invitation and reminder e-mails an editor can word per assessment, in Dutch and English.

Stored on the assessment as a language → field → text map (Assessment.mail_texts); a field not
stored takes its default, which is the wording partnerscan used before the texts could be
edited. Texts are plain text with placeholders such as {link}; they are filled in by one pass
over the text, so a title or a name that itself holds "{link}" is never filled in again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import formataddr, parseaddr
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from partnerscan.assessments.links import respondent_url
from partnerscan.core.mail import header_text

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from partnerscan.assessments.models import Assessment

LANGUAGES = ("nl", "en")  # Dutch first: it is the primary language
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}
SAMPLE_TOKEN = "voorbeeld-geen-echte-link"  # noqa: S105 - the preview's link, no token at all


@dataclass(frozen=True)
class Field:
    label: Promise
    limit: int
    placeholders: tuple[str, ...]
    required: bool = True
    multiline: bool = False
    needs_link: bool = False


BODY_PLACEHOLDERS = ("link", "greeting", "organisation", "title", "deadline", "min_group")
FIELDS: dict[str, Field] = {
    "sender": Field(gettext_lazy("Sender name"), 60, ("organisation",), required=False),
    "subject": Field(gettext_lazy("Subject of the invitation"), 150, ("title", "organisation")),
    "greeting": Field(gettext_lazy("Greeting"), 100, ()),
    "greeting_external": Field(gettext_lazy("Greeting for external partners"), 100, ()),
    "text": Field(
        gettext_lazy("Text of the invitation"),
        5000,
        BODY_PLACEHOLDERS,
        multiline=True,
        needs_link=True,
    ),
    "reminder_subject": Field(
        gettext_lazy("Subject of the reminder"), 150, ("title", "organisation")
    ),
    "reminder_text": Field(
        gettext_lazy("Text of the reminder"),
        5000,
        BODY_PLACEHOLDERS,
        multiline=True,
        needs_link=True,
    ),
}

DEFAULTS: dict[str, dict[str, str]] = {
    "nl": {
        "sender": "",
        "subject": "Uitnodiging: {title} ({organisation})",
        "greeting": "Beste collega,",
        "greeting_external": "Geachte relatie,",
        "text": (
            "{greeting}\n\n"
            "{organisation} onderzoekt hoe goed de organisatie samenwerkt met andere "
            'organisaties: "{title}". Wij vragen u om mee te doen. Het invullen kost ongeveer '
            "15 minuten, op uw telefoon of laptop. U kunt tussendoor stoppen en later verdergaan "
            "met dezelfde link.\n\n"
            "Uw persoonlijke link:\n{link}\n\n"
            "{deadline}\n\n"
            "Uw antwoorden zijn anoniem: ze worden los van deze uitnodiging bewaard, en "
            "uitkomsten worden alleen getoond voor groepen van minstens {min_group} personen. "
            "Stuur deze link niet door; hij is alleen voor u.\n\n"
            "Met vriendelijke groet,\n{organisation}\n"
        ),
        "reminder_subject": "Herinnering: {title} ({organisation})",
        "reminder_text": (
            "{greeting}\n\n"
            "Enige tijd geleden heeft {organisation} u uitgenodigd om mee te doen aan "
            '"{title}". Uw antwoorden zijn nog niet ingediend. Als u nog wilt meedoen, bent u '
            "van harte welkom.\n\n"
            "{link}\n\n"
            "{deadline}\n\n"
            "Uw antwoorden zijn anoniem. Niemand ziet wie wat heeft geantwoord; deze herinnering "
            "is alleen verstuurd omdat uw antwoorden nog niet zijn ingediend.\n\n"
            "Met vriendelijke groet,\n{organisation}\n"
        ),
    },
    "en": {
        "sender": "",
        "subject": "Invitation: {title} ({organisation})",
        "greeting": "Dear colleague,",
        "greeting_external": "Dear partner,",
        "text": (
            "{greeting}\n\n"
            "{organisation} is looking at how well it collaborates with other organisations: "
            '"{title}". We would like to ask you to take part. It takes about 15 minutes, on '
            "your phone or laptop. You can stop at any time and continue later with the same "
            "link.\n\n"
            "Your personal link:\n{link}\n\n"
            "{deadline}\n\n"
            "Your answers are anonymous: they are stored apart from this invitation, and "
            "results are only shown for groups of at least {min_group} people. Please do not "
            "forward this link; it is yours alone.\n\n"
            "Kind regards,\n{organisation}\n"
        ),
        "reminder_subject": "Reminder: {title} ({organisation})",
        "reminder_text": (
            "{greeting}\n\n"
            'Some time ago {organisation} invited you to take part in "{title}". Your answers '
            "have not been submitted yet. If you would still like to take part, you are very "
            "welcome.\n\n"
            "{link}\n\n"
            "{deadline}\n\n"
            "Your answers are anonymous. Nobody sees who answered what; this reminder was sent "
            "only because your answers have not been submitted yet.\n\n"
            "Kind regards,\n{organisation}\n"
        ),
    },
}

# A reminder's {link}: who has not started gets a new link that replaces the first one; who
# has started gets no link at all, because only the first link leads to their answers.
REMINDER_LINK = {
    "nl": "Uw persoonlijke link (deze vervangt de link uit de eerste e-mail):\n{url}",
    "en": "Your personal link (it replaces the link in the first e-mail):\n{url}",
}
REMINDER_NO_LINK = {
    "nl": (
        "Ga verder met de persoonlijke link uit de eerste e-mail: alleen die link leidt naar de "
        "antwoorden die u al hebt gegeven."
    ),
    "en": (
        "Please continue with the personal link from the first e-mail: only that link leads to "
        "the answers you have already given."
    ),
}
DEADLINE = {"nl": "U kunt meedoen tot en met {date}.", "en": "You can take part until {date}."}

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
PLACEHOLDER_HELP = {
    "link": pgettext_lazy("placeholder", "the respondent's personal link"),
    "greeting": pgettext_lazy("placeholder", "the greeting, for external partners their own"),
    "organisation": pgettext_lazy("placeholder", "the organisation's name"),
    "title": pgettext_lazy("placeholder", "the assessment's title"),
    "deadline": pgettext_lazy(
        "placeholder", "the sentence with the closing date; nothing when there is none"
    ),
    "min_group": pgettext_lazy("placeholder", "the smallest group shown"),
}


def texts(assessment: Assessment, language: str) -> dict[str, str]:
    """Every field in `language`: the stored text, else the default."""
    stored = (assessment.mail_texts or {}).get(language, {})
    return {name: stored.get(name, default) for name, default in DEFAULTS[language].items()}


def problems(language: str, values: dict[str, str]) -> dict[str, str]:
    """Field name → what is wrong, in words naming the field and the language."""
    found = {}
    for name, field in FIELDS.items():
        problem = _problem(field, values.get(name, ""))
        if problem:
            where = f"{field.label} ({LANGUAGE_NAMES[language]})"
            found[name] = _("%(where)s: %(problem)s") % {"where": where, "problem": problem}
    return found


def _problem(field: Field, value: str) -> str:
    if field.required and not value.strip():
        return _("it may not be empty.")
    if len(value) > field.limit:
        return _("it may be at most %(n)d characters long.") % {"n": field.limit}
    unknown = sorted({m for m in PLACEHOLDER.findall(value) if m not in field.placeholders})
    if unknown:
        names = ", ".join(f"{{{m}}}" for m in unknown)
        allowed = ", ".join(f"{{{p}}}" for p in field.placeholders) or _("none")
        return _("unknown placeholder %(names)s; allowed here: %(allowed)s.") % {
            "names": names,
            "allowed": allowed,
        }
    links = PLACEHOLDER.findall(value).count("link")
    if field.needs_link and links != 1:
        return _(
            "it must contain {link} exactly once, so each person gets their own link; "
            "it now contains it %(n)d times."
        ) % {"n": links}
    return ""


def fill(text: str, values: dict[str, str]) -> str:
    """Each placeholder replaced once; the result is never read for placeholders again."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


@dataclass(frozen=True)
class Mail:
    sender: str | None  # the From header; None for settings.DEFAULT_FROM_EMAIL
    subject: str
    body: str


def render(
    assessment: Assessment,
    language: str,
    kind: str,
    link: str | None,
    external: bool = False,
) -> Mail:
    """The mail of `kind` ("invitation" or "reminder") in `language`. `link` is the personal
    link; a reminder without one asks to continue with the first e-mail's link."""
    language = language if language in LANGUAGES else "nl"
    words = texts(assessment, language)
    organisation = assessment.organisation.name
    prefix = "reminder_" if kind == "reminder" else ""
    heads = {
        "title": header_text(assessment.title, 80),
        "organisation": header_text(organisation, 60),
    }
    subject = header_text(fill(words[f"{prefix}subject"], heads))
    body_values = {
        "link": _link(language, kind, link),
        "greeting": words["greeting_external" if external else "greeting"],
        "organisation": organisation,
        "title": assessment.title,
        "deadline": _deadline(language, assessment.closes_on),
        "min_group": str(assessment.min_group),
    }
    body = fill(words[f"{prefix}text"].replace("\r\n", "\n"), body_values)
    # An empty {deadline} would leave a gap of blank lines; one blank line is enough.
    body = _BLANK_LINES.sub("\n\n", body).strip("\n") + "\n"
    return Mail(_sender(fill(words["sender"], heads)), subject, body)


def _link(language: str, kind: str, link: str | None) -> str:
    if kind != "reminder":
        return link or ""
    return REMINDER_LINK[language].format(url=link) if link else REMINDER_NO_LINK[language]


def _deadline(language: str, closes_on: dt.date | None) -> str:
    if closes_on is None:
        return ""
    with translation.override(language):  # the month's name in the mail's language
        date = formats.date_format(closes_on, "j F Y")
    return DEADLINE[language].format(date=date)


def _sender(name: str) -> str | None:
    """The From header with the editor's name before the site's own address."""
    name = header_text(name, 60)
    if not name:
        return None
    _default_name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((name, address))


def sample_link() -> str:
    return respondent_url(SAMPLE_TOKEN)


def changed_sentence(params: Mapping[str, Any]) -> str:
    """The audit page's words for a change of the mail texts: each field as the texts page
    labels it, with its language ("Subject of the invitation (NL)")."""
    labels = []
    for item in params.get("changed", []):
        lang, _space, name = str(item).partition(" ")
        field = FIELDS.get(name)
        labels.append(f"{field.label if field else name} ({lang.upper()})")
    return _("e-mail texts changed: %(fields)s") % {"fields": ", ".join(labels)}
