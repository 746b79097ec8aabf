"""Forms of the management pages: assessment settings, invitations and the responses import."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from partnerscan.accounts.forms import DepartmentsField
from partnerscan.assessments import groupings, mailtexts
from partnerscan.assessments.domain import DEFAULT_OPEN_LINK_CAP, InvitationRow
from partnerscan.assessments.imports import MAX_IMPORT
from partnerscan.assessments.models import (
    DEFAULT_RETENTION_DAYS,
    LANGUAGE_CHOICES,
    Assessment,
)
from partnerscan.capability.loader import get_model, shipped_models
from partnerscan.capability.schema import CHALLENGE_TYPES, CapabilityModel
from partnerscan.core import tokens
from partnerscan.scoring import responses_csv

MAX_UPLOAD = 5 * 1024 * 1024  # a responses file of 10,000 respondents is well below this


class DateInput(forms.DateInput):
    input_type = "date"


class SharesWidget(forms.MultiWidget):
    def __init__(self) -> None:
        number = {"min": 0, "max": 100, "step": "any", "inputmode": "decimal"}
        super().__init__([forms.NumberInput(attrs=number) for _type in CHALLENGE_TYPES])

    def decompress(self, value: Any) -> list[Any]:
        shares = value or {}
        return [_percent(shares.get(t)) for t in CHALLENGE_TYPES]


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 4)


class SharesField(forms.MultiValueField):
    """Three percentages that add up to 100, or none at all; cleaned to fractions of 1."""

    widget = SharesWidget

    def __init__(self, **kwargs: Any) -> None:
        fields = [
            forms.DecimalField(min_value=0, max_value=100, required=False)
            for _type in CHALLENGE_TYPES
        ]
        super().__init__(fields, require_all_fields=False, required=False, **kwargs)

    def compress(self, data_list: list[Any]) -> dict[str, float]:
        given = [value for value in data_list if value is not None]
        if not given:
            return {}
        if len(given) < len(CHALLENGE_TYPES):
            raise ValidationError(
                _(
                    "Challenge-type shares: give all three percentages (adding up to 100), "
                    "or leave all three empty."
                )
            )
        if sum(given) != 100:
            raise ValidationError(
                _(
                    "Challenge-type shares: the three percentages must add up to 100 "
                    "(now %(total)s)."
                ),
                params={"total": f"{sum(given):g}"},
            )
        return {t: float(v) / 100 for t, v in zip(CHALLENGE_TYPES, data_list, strict=True)}


def model_label(model: CapabilityModel) -> str:
    """A capability model as a choice reads: its name in the reader's language, and version."""
    lang = "en" if (get_language() or "").startswith("en") else "nl"
    return f"{model.name.get(lang)} {model.version}"


def model_choices() -> list[tuple[str, str]]:
    newest_first = sorted(shipped_models(), key=lambda m: m.ref == get_model().ref, reverse=True)
    return [(m.ref, model_label(m)) for m in newest_first]


class AssessmentForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    goal = forms.CharField(
        label=gettext_lazy("Partnering goal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What the organisation wants to achieve by working with others."),
    )
    shares = SharesField(
        label=gettext_lazy("Challenge-type shares (percent)"),
        help_text=gettext_lazy(
            "How the partnering effort divides over chain, regional and innovation challenges. "
            "They weigh the leads; leave all three empty to weigh every aspect the same."
        ),
    )
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages offered"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        initial=["nl", "en"],
        error_messages={"required": gettext_lazy("Offer at least one language.")},
    )
    min_group = forms.IntegerField(
        label=gettext_lazy("Smallest group shown (k)"),
        initial=5,
        min_value=3,
        max_value=100,
        help_text=gettext_lazy("Breakdowns show a group only when it has at least this many."),
        error_messages={
            "min_value": gettext_lazy(
                "At least 3: smaller groups would let readers recognise individual answers."
            )
        },
    )
    departments = DepartmentsField()
    opens_on = forms.DateField(label=gettext_lazy("Opens on"), required=False, widget=DateInput)
    closes_on = forms.DateField(label=gettext_lazy("Closes on"), required=False, widget=DateInput)
    allow_amend = forms.BooleanField(
        label=gettext_lazy("Respondents may change their answers after submitting"),
        required=False,
        initial=True,
    )
    retention_days = forms.IntegerField(
        label=gettext_lazy("Keep e-mail addresses after closing (days)"),
        required=False,
        initial=DEFAULT_RETENTION_DAYS,
        min_value=0,
        max_value=3650,
        help_text=gettext_lazy(
            "After this many days the invitations and their e-mail addresses are deleted. "
            "The anonymous answers stay."
        ),
    )

    in_pool = forms.BooleanField(
        label=gettext_lazy("Share this round's results anonymously in the benchmark pool"),
        required=False,
        help_text=gettext_lazy(
            "Owners only. When the round closes with results, the pool receives its means per "
            "condition and aspect, the number of respondents, and the organisation's sector and "
            "size band: never an answer or a comment, and never the organisation's name unless "
            "it allowed researchers to see it. In return the dashboard compares the round with "
            "other organisations. Switching this off takes the round out of the pool."
        ),
    )

    def clean_retention_days(self) -> int:
        # Left empty (or by an older form): the default, not "keep forever".
        value = self.cleaned_data.get("retention_days")
        return DEFAULT_RETENTION_DAYS if value is None else int(value)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes <= opens:
            self.add_error("closes_on", _("The closing date must be after the opening date."))
        return data

    def share_inputs(self) -> list[dict[str, Any]]:
        """One entry per challenge type, so the template gives each input a label of its own."""
        field = self["shares"]
        value = field.value()
        values = value if isinstance(value, list) else SharesWidget().decompress(value)
        labels = {"chain": _("Chain"), "regional": _("Regional"), "innovation": _("Innovation")}
        return [
            {
                "label": labels[kind],
                "name": f"{field.html_name}_{i}",
                "id": f"{field.auto_id}_{i}",
                "value": "" if values[i] is None else values[i],
            }
            for i, kind in enumerate(CHALLENGE_TYPES)
        ]


class NewAssessmentForm(AssessmentForm):
    model_ref = forms.ChoiceField(
        label=gettext_lazy("Capability model"),
        help_text=gettext_lazy("Fixed once the assessment exists, so rounds stay comparable."),
    )
    field_order = ["title", "model_ref"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["model_ref"].choices = model_choices()
        self.fields["model_ref"].initial = get_model().ref


def assessment_initial(assessment: Assessment) -> dict[str, Any]:
    return {name: getattr(assessment, name) for name in AssessmentForm.base_fields}


# Invitations --------------------------------------------------------------------------------

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
        self.fields["language"].choices = offered or LANGUAGE_CHOICES
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
        self.languages = set(assessment.languages) or {"nl", "en"}
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
            (_is_email(email), _("“%(value)s” is not an e-mail address"), email),
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


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


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
        self.fields["language"].choices = offered or LANGUAGE_CHOICES


def _cap_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=gettext_lazy("Most respondents through the open link"),
        min_value=1,
        max_value=100_000,
        help_text=gettext_lazy(
            "For example the number of people you expect. Each visitor who starts gets a "
            "personal link; once this many have started, the open link takes nobody else, so "
            "nobody can add answers without end. You can raise it later."
        ),
    )


class OpenLinkForm(forms.Form):
    """Switching the open link on (again): a cap is required, an access code is optional."""

    cap = _cap_field()
    access_code = forms.CharField(
        label=gettext_lazy("Access code (optional)"),
        required=False,
        max_length=100,
        help_text=gettext_lazy(
            "Visitors must type this code before they start. Give it apart from the link, for "
            "example in the meeting or on the intranet, so a forwarded link alone is not enough. "
            "It is stored scrambled and cannot be shown again."
        ),
    )

    def __init__(self, assessment: Assessment, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_open_%s")
        kwargs.setdefault("initial", {"cap": assessment.open_link_cap or DEFAULT_OPEN_LINK_CAP})
        super().__init__(*args, **kwargs)


class OpenLinkCapForm(forms.Form):
    cap = _cap_field()

    def __init__(self, assessment: Assessment, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_open_cap_%s")
        kwargs.setdefault("initial", {"cap": assessment.open_link_cap})
        super().__init__(*args, **kwargs)


class OpenLinkPrintForm(forms.Form):
    """The open link just shown (its token, only ever in this POST) and, if the editor types
    it, the access code to print beside it."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    access_code = forms.CharField(
        label=gettext_lazy("Access code to print (optional)"),
        required=False,
        max_length=100,
        help_text=gettext_lazy(
            "Leave empty to print only that a code is needed, and give the code in the room."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_print_%s")
        super().__init__(*args, **kwargs)


class ImportForm(forms.Form):
    """The upload of a Responses CSV. Only what is quick is checked here (size, UTF-8, the
    header row); the worker checks every row (assessments/imports.py)."""

    file = forms.FileField(
        label=gettext_lazy("Responses CSV"),
        help_text=gettext_lazy(
            "One row per respondent: respondent, optional role, department, group, then per "
            "aspect CODE_current, CODE_ambition and optional CODE_comment."
        ),
    )

    def __init__(self, assessment: Assessment, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        self.content = b""

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT:
            raise ValidationError(
                _("The file is larger than %(mb)d MB.") % {"mb": MAX_IMPORT // 1024 // 1024}
            )
        content = upload.read()
        try:
            lines = responses_csv.decode(content).split("\n", 2)
            # The header, with Excel's `sep=;` line before it when there is one.
            named = responses_csv.SEPARATOR_LINE.fullmatch(lines[0] + "\n")
            header = "\n".join(lines[:2]) if named else lines[0]
            responses_csv.parse_responses_csv(self.assessment.capability_model, header)
        except responses_csv.ResponsesCSVError as exc:
            lang = "nl" if (get_language() or "").startswith("nl") else "en"
            raise ValidationError(exc.problems_in(lang)) from None
        self.content = content
        return upload


class CloseForm(forms.Form):
    delete_invitations = forms.BooleanField(
        label=gettext_lazy("Also delete all e-mail addresses and links now"),
        required=False,
        help_text=gettext_lazy(
            "Otherwise they are deleted automatically when the retention period has passed."
        ),
    )


class InterimResultsForm(forms.Form):
    interim_results = forms.BooleanField(
        label=gettext_lazy("Show interim results while the assessment is open"), required=False
    )


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
                label=field.label,
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
