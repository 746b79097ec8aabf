"""Role, department and group: one rule for the invitation form and the import, with the
accepted values shown where they are asked (partnerscan/assessments/groupings.py)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from support import logged_in

from partnerscan.accounts.models import User
from partnerscan.assessments import domain, imports
from partnerscan.assessments.models import Assessment, ImportJob, Invitation, Response

pytestmark = pytest.mark.django_db

CODES = ("STR_GOALS", "STR_THEMES", "STR_SELECT", "CUL_LEAD", "CUL_LEARN")
HEADER = ",".join(
    ["respondent", "role", "department", "group"]
    + [f"{code}_{part}" for code in CODES for part in ("current", "ambition")]
)
REST = ",," * (len(CODES) - 1)  # the other aspects left blank
# The same spellings through both doors: a value, or its name in Dutch or English, any case.
SPELLINGS = [
    ("Bestuur", "policy", "Extern", ("board", "Policy", "external")),
    ("STAFF", "Operations", "intern", ("staff", "Operations", "internal")),
    ("medewerker", "", "", ("staff", "", "")),
]


@pytest.fixture
def round_a(assessment_a: Assessment) -> Assessment:
    return domain.update_assessment(assessment_a, departments=["Policy", "Operations"])


def test_the_invitation_form_stores_each_spelling_as_its_value(
    as_alice: Client, round_a: Assessment
) -> None:
    lines = [f"p{i}@example.org;{r};{d};{g}" for i, (r, d, g, _stored) in enumerate(SPELLINGS)]
    as_alice.post(
        f"/assessments/{round_a.pk}/invitations/email/",
        {"addresses": "\n".join(lines), "language": "nl"},
    )
    stored = list(Invitation.objects.order_by("email").values_list("role", "department", "group"))
    assert stored == [expected for *_typed, expected in SPELLINGS]


def test_the_import_stores_each_spelling_as_its_value(round_a: Assessment) -> None:
    rows = [f"p{i},{r},{d},{g},3,4{REST}" for i, (r, d, g, _stored) in enumerate(SPELLINGS)]
    imports.queue_import(round_a, "\n".join([HEADER, *rows]).encode(), "paper.csv")
    call_command("run_imports")
    assert ImportJob.objects.get().state == ImportJob.State.DONE
    stored = list(Response.objects.order_by("label").values_list("role", "department", "group"))
    assert stored == [expected for *_typed, expected in SPELLINGS]


def test_a_value_the_round_does_not_know_is_refused_by_both(
    as_alice: Client, round_a: Assessment
) -> None:
    page = as_alice.post(
        f"/assessments/{round_a.pk}/invitations/email/",
        {"addresses": "a@example.org;chair;Sales;partner", "language": "en"},
    )
    errors = page.content.decode()
    assert "unknown role “chair”" in errors
    assert "department “Sales” is not one of this assessment&#x27;s departments" in errors
    assert not Invitation.objects.exists()
    data = f"{HEADER}\np1,chair,Sales,partner,3,4{REST}\n".encode()
    imports.queue_import(round_a, data, "x.csv")
    call_command("run_imports")
    assert ImportJob.objects.get().errors == [
        "row 2, column role: 'chair' is not one of: board, staff",
        "row 2, column department: 'Sales' is not one of: Operations, Policy",
        "row 2, column group: 'partner' is not one of: external, internal",
    ]
    assert not Response.objects.exists()


@pytest.mark.parametrize("path", ["import/", "invitations/"])
def test_the_accepted_values_are_shown_where_they_are_asked(
    alice: User, round_a: Assessment, path: str
) -> None:
    html = logged_in(alice, "nl").get(f"/assessments/{round_a.pk}/{path}").content.decode()
    assert "<code>board (Bestuur)</code>, <code>staff (Medewerker)</code>" in html
    assert "<code>Policy</code>, <code>Operations</code>" in html
    assert "<code>internal (intern)</code>, <code>external (extern)</code>" in html
