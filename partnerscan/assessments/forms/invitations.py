"""Forms of invitations: addresses pasted or uploaded (each line checked), personal links,
the mail texts, and the link of a respondent whose answers are to be erased."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerscan.assessments import groupings, mailtexts
from partnerscan.assessments.domain.invitations import InvitationRow
from partnerscan.assessments.models import LANGUAGE_CHOICES, Assessment
from partnerscan.capability.schema import CapabilityModel
from partnerscan.core import tokens
from partnerscan.core.languages import LANGUAGES
from partnerscan.core.mail import is_email

MAX_UPLOAD = 5 * 1024 * 1024  # a responses file of 10,000 respondents is well below this


CSV_COLUMNS = ("email", "role", "department", "group", "language")


class EmailInvitationsForm(forms.Form):
    addresses = forms.CharField(
        label=gettext_lazy("E-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "autocomplete": "off", "spellcheck": "false"}),
        help_text=gettext_lazy(
            "One per line, optionally as email;role;department;group "
            "(group is internal or external)."
        ),
    )
    file = forms.FileField(
        label=gettext_lazy("Or a CSV file"),
        required=False,
        help_text=gettext_lazy("Columns: email, role, department, group, language."),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the invitation"),
        choices=LANGUAGE_CHOICES,
        help_text=gettext_lazy("For pasted addresses; a CSV file can give it per line."),
    )

    def __init__(self, assessment: Assessment, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        offered = [c for c in LANGUAGE_CHOICES if c[0] in assessment.languages]
        cast(forms.ChoiceField, self.fields["language"]).choices = offered or LANGUAGE_CHOICES
        self.rows: list[InvitationRow] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        lines = self._lines(data)
        if not lines:
            raise ValidationError(_("Paste at least one e-mail address or choose a CSV file."))
        checker = RowChecker(self.assessment, data["language"])
        self.rows = [checker.row(number, cells) for number, cells in lines]
        if checker.problems:
            raise ValidationError(checker.problems)
        return data

    def _lines(self, data: dict[str, Any]) -> list[tuple[int, list[str]]]:
        upload = data.get("file")
        if upload:
            return _csv_lines(upload)
        text = data.get("addresses") or ""
        return [
            (number, line.split(";"))
            for number, line in enumerate(text.splitlines(), start=1)
            if line.strip()
        ]


def _csv_lines(upload: Any) -> list[tuple[int, list[str]]]:
    if upload.size > MAX_UPLOAD:
        raise ValidationError(_("The file is larger than 5 MB."))
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("The file is not UTF-8 text.")) from exc
    reader = csv.DictReader(io.StringIO(text), delimiter=_delimiter(text))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    unknown = [name for name in header if name not in CSV_COLUMNS]
    if "email" not in header or unknown:
        raise ValidationError(
            _("Line 1: the columns must be email, role, department, group, language.")
        )
    reader.fieldnames = header
    return [
        (reader.line_num, [(row.get(c) or "") for c in CSV_COLUMNS])
        for row in reader
        if any((value or "").strip() for value in row.values() if isinstance(value, str))
    ]


def _delimiter(text: str) -> str:
    # Spreadsheets in Dutch locales save CSV with semicolons.
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


class RowChecker:
    """Checks invitation lines and collects every problem, each naming its line."""

    def __init__(self, assessment: Assessment, language: str) -> None:
        self.model: CapabilityModel = assessment.capability_model
        self.accepted = groupings.accepted(assessment)
        self.languages = set(assessment.languages) or set(LANGUAGES)
        self.language = language
        self.problems: list[str] = []

    def row(self, number: int, cells: Iterable[str]) -> InvitationRow:
        email, role, department, group, language, *extra = [*map(str.strip, cells), *[""] * 5]
        language = language or self.language
        # One rule with the import and the questionnaire: a value or its name in either language.
        known = {
            name: self.accepted.resolve(name, text)
            for name, text in (("role", role), ("department", department), ("group", group))
        }
        checks = [
            (is_email(email), _("“%(value)s” is not an e-mail address"), email),
            (known["role"] is not None, _("unknown role “%(value)s”"), role),
            (
                known["department"] is not None,
                _("department “%(value)s” is not one of this assessment's departments"),
                department,
            ),
            (known["group"] is not None, _("group must be internal or external"), ""),
            (language in self.languages, _("language “%(value)s” is not offered"), language),
            (not any(extra), _("too many fields"), ""),
        ]
        for ok, message, value in checks:
            if not ok:
                problem = message % {"value": value}
                self.problems.append(
                    _("Line %(line)d: %(problem)s") % {"line": number, "problem": problem}
                )
        role, department, group = (known[name] or "" for name in ("role", "department", "group"))
        return InvitationRow(email.lower(), role, department, group, language)


class LinksForm(forms.Form):
    count = forms.IntegerField(
        label=gettext_lazy("Number of links"), min_value=1, max_value=1000, initial=10
    )
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=LANGUAGE_CHOICES)

    def __init__(self, assessment: Assessment, *args: Any, **kwargs: Any) -> None:
        # Its own ids: the e-mail form on the same page also has a "language" field.
        kwargs.setdefault("auto_id", "id_links_%s")
        super().__init__(*args, **kwargs)
        offered = [c for c in LANGUAGE_CHOICES if c[0] in assessment.languages]
        cast(forms.ChoiceField, self.fields["language"]).choices = offered or LANGUAGE_CHOICES


class MailTextsForm(forms.Form):
    """The invitation and reminder mail's wording in one language (used once per language,
    with the language as prefix); the placeholders are checked by mailtexts.problems."""

    def __init__(self, language: str, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", language)
        super().__init__(*args, **kwargs)
        self.language = language
        for name, field in mailtexts.FIELDS.items():
            allowed = ", ".join(f"{{{p}}}" for p in field.placeholders)
            self.fields[name] = forms.CharField(
                label=str(field.label),
                required=False,  # an empty required text gets mailtexts' message, naming it
                strip=False,
                max_length=field.limit,
                widget=forms.Textarea(attrs={"rows": 14}) if field.multiline else None,
                help_text=_placeholder_help(name, allowed),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        values = {name: cleaned.get(name) or "" for name in mailtexts.FIELDS}
        for name, problem in mailtexts.problems(self.language, values).items():
            if name in cleaned:
                self.add_error(name, problem)
        return cleaned

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in mailtexts.FIELDS}


def _placeholder_help(name: str, allowed: str) -> str:
    help_texts = {
        "sender": _("The name recipients see as sender; empty for the usual sender."),
        "greeting_external": _(
            "Used for invitations whose group is external, instead of the greeting above."
        ),
        "reminder_text": _(
            "Here {link} is the new link with a line saying that it replaces the first one; who "
            "has already started is asked instead to continue with the first e-mail's link, as "
            "only that link leads to their answers."
        ),
    }
    said = help_texts.get(name, "")
    if not allowed:
        plain = _("Plain text, without placeholders.")
        return f"{said} {plain}".strip()
    placeholders = _("Placeholders: %(allowed)s.") % {"allowed": allowed}
    if name in ("text", "reminder_text"):
        placeholders += " " + _("{link} must appear exactly once.")
    return f"{placeholders} {said}".strip()


TOKEN_IN_LINK = re.compile(r"/r/([A-Za-z0-9_-]{20,64})(?:/|$)")


class EraseForm(forms.Form):
    link = forms.CharField(
        label=gettext_lazy("The respondent's personal link"),
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=gettext_lazy("Paste the whole link the respondent sent you."),
    )

    def clean_link(self) -> str:
        """The token: from a whole link, or the bare token."""
        text = self.cleaned_data["link"].strip()
        found = TOKEN_IN_LINK.search(text)
        token = found.group(1) if found else text
        if not tokens.looks_like_token(token):
            raise ValidationError(_("This is not a respondent's link."))
        return token
