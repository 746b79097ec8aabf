"""Bad input as a 422 that names the field: the pages' own forms check what a request sends,
so the API refuses exactly what the pages refuse, with the same words."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from partnerscan.core.errors import DomainError


class Invalid(Exception):
    """A 422: each field named (the API's name for it) with what is wrong; "" for the whole."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(problems)
        self.problems = problems


def cleaned(form: forms.Form, names: dict[str, str] | None = None) -> dict[str, Any]:
    """The form's cleaned data, or Invalid naming each field as the API calls it (`names`
    maps a form field to its API name where they differ)."""
    if form.is_valid():
        return form.cleaned_data
    names = names or {}
    raise Invalid(
        {
            names.get(field, "" if field == "__all__" else field): " ".join(map(str, errors))
            for field, errors in form.errors.items()
        }
    )


def refused(exc: DomainError | ValidationError, field: str = "") -> Invalid:
    """A workflow's refusal as a 422: a ValidationError names its own fields, a DomainError
    the `field` it is about where that is known."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        return Invalid({name: " ".join(errors) for name, errors in exc.message_dict.items()})
    if isinstance(exc, ValidationError):
        return Invalid({field: " ".join(exc.messages)})
    return Invalid({field: str(exc)})
