"""The upload form of a Responses CSV."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from partnerscan.assessments.imports import MAX_IMPORT
from partnerscan.assessments.models import Assessment
from partnerscan.scoring import responses_csv


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
