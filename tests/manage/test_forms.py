"""Bad input on every form: a message naming the field or line, and nothing changed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from partnerscan.accounts.models import Organisation
from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment, Invitation

from .test_journey import new_assessment_data

pytestmark = pytest.mark.django_db


def post_new(client: Client, org: Organisation, **overrides: object) -> dict[str, list[str]]:
    response = client.post(f"/orgs/{org.pk}/assessments/new/", new_assessment_data(**overrides))
    assert response.status_code == 200
    assert not Assessment.objects.filter(organisation=org).exists()
    return {
        name: [str(e) for e in errors] for name, errors in response.context["form"].errors.items()
    }


def test_shares_not_adding_up_to_100_are_an_error_on_the_shares_field(
    as_alice: Client, org_a: Organisation
) -> None:
    errors = post_new(as_alice, org_a, shares_2="10")
    assert errors == {
        "shares": ["Challenge-type shares: the three percentages must add up to 100 (now 90)."]
    }


def test_only_some_shares_given_is_an_error(as_alice: Client, org_a: Organisation) -> None:
    errors = post_new(as_alice, org_a, shares_0="100", shares_1="", shares_2="")
    assert errors == {
        "shares": [
            "Challenge-type shares: give all three percentages (adding up to 100), "
            "or leave all three empty."
        ]
    }


def test_no_shares_at_all_means_equal_weights(as_alice: Client, org_a: Organisation) -> None:
    data = new_assessment_data(shares_0="", shares_1="", shares_2="")
    as_alice.post(f"/orgs/{org_a.pk}/assessments/new/", data)
    assert Assessment.objects.get(organisation=org_a).shares == {}


def test_k_below_three_is_refused_with_the_reason(as_alice: Client, org_a: Organisation) -> None:
    errors = post_new(as_alice, org_a, min_group="2")
    assert errors == {
        "min_group": ["At least 3: smaller groups would let readers recognise individual answers."]
    }


def test_at_least_one_language(as_alice: Client, org_a: Organisation) -> None:
    errors = post_new(as_alice, org_a, languages=[])
    assert errors == {"languages": ["Offer at least one language."]}


def test_closing_before_opening_is_refused(as_alice: Client, org_a: Organisation) -> None:
    errors = post_new(as_alice, org_a, opens_on="2025-04-01", closes_on="2025-03-01")
    assert errors == {"closes_on": ["The closing date must be after the opening date."]}


def test_errors_are_linked_to_their_field_for_screen_readers(
    as_alice: Client, org_a: Organisation
) -> None:
    data = new_assessment_data(min_group="2", shares_0="10")
    html = as_alice.post(f"/orgs/{org_a.pk}/assessments/new/", data).content.decode()
    assert 'aria-describedby="id_min_group_helptext id_min_group_error"' in html
    assert 'id="id_min_group_error"' in html
    assert 'id="id_shares_error"' in html
    assert 'id="id_shares_0"' in html and 'aria-invalid="true"' in html


def test_a_bad_email_line_names_the_line_and_adds_nothing(
    as_alice: Client, assessment_a: Assessment
) -> None:
    text = "one@example.org\ntwo@example.org;staff;Policy;internal\nnot-an-address\n"
    response = as_alice.post(
        f"/assessments/{assessment_a.pk}/invitations/email/",
        {"addresses": text, "language": "nl"},
    )
    assert response.context["email_form"].non_field_errors() == [
        "Line 3: “not-an-address” is not an e-mail address"
    ]
    assert not Invitation.objects.exists()


def test_every_bad_line_is_reported(as_alice: Client, assessment_a: Assessment) -> None:
    text = "ok@example.org;chef\nok2@example.org;staff;Nowhere;sideways\n"
    response = as_alice.post(
        f"/assessments/{assessment_a.pk}/invitations/email/",
        {"addresses": text, "language": "nl"},
    )
    assert response.context["email_form"].non_field_errors() == [
        "Line 1: unknown role “chef”",
        "Line 2: department “Nowhere” is not one of this assessment's departments",
        "Line 2: group must be internal or external",
    ]
    assert not Invitation.objects.exists()


def test_good_lines_and_a_csv_file_queue_invitations(
    as_alice: Client, assessment_a: Assessment
) -> None:
    url = f"/assessments/{assessment_a.pk}/invitations/email/"
    as_alice.post(url, {"addresses": "A@example.org;board;Policy;internal", "language": "en"})
    upload = SimpleUploadedFile(
        "people.csv",
        b"email;role;department;group;language\nb@example.org;staff;Operations;;en\n"
        b"a@example.org;;;;nl\n",
    )
    as_alice.post(url, {"file": upload, "language": "nl"})
    rows = list(
        Invitation.objects.order_by("email").values_list(
            "kind", "email", "role", "department", "group", "language", "token_hash"
        )
    )
    assert rows == [
        ("email", "a@example.org", "board", "Policy", "internal", "en", None),
        ("email", "b@example.org", "staff", "Operations", "", "en", None),
    ]


def test_a_csv_with_a_bad_line_adds_nothing(as_alice: Client, assessment_a: Assessment) -> None:
    upload = SimpleUploadedFile(
        "people.csv", b"email,role,department,group,language\nb@example.org,,,,en\nbad,,,,fr\n"
    )
    response = as_alice.post(
        f"/assessments/{assessment_a.pk}/invitations/email/", {"file": upload, "language": "nl"}
    )
    assert response.context["email_form"].non_field_errors() == [
        "Line 3: “bad” is not an e-mail address",
        "Line 3: language “fr” is not offered",
    ]
    assert not Invitation.objects.exists()


def test_zero_links_is_refused(as_alice: Client, assessment_a: Assessment) -> None:
    response = as_alice.post(
        f"/assessments/{assessment_a.pk}/invitations/links/", {"count": "0", "language": "nl"}
    )
    assert "count" in response.context["links_form"].errors
    assert not Invitation.objects.exists()


def test_editing_settings_that_change_meaning_is_refused_with_the_reason(
    as_alice: Client, assessment_a: Assessment
) -> None:
    from .conftest import answer_as_respondent

    domain.open_assessment(assessment_a)
    [token] = domain.create_links(assessment_a, 1)
    answer_as_respondent(assessment_a, token, {"goals": ("2", "3")}, submit=False)
    data = new_assessment_data(goal="Something else entirely")
    data.pop("model_ref")
    response = as_alice.post(f"/assessments/{assessment_a.pk}/edit/", data, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1 and messages[0].startswith("The settings were not changed: Answers")
    assessment_a.refresh_from_db()
    assert assessment_a.goal == "" and assessment_a.title == "Round 1"


def test_editing_settings_saves_them(as_alice: Client, assessment_a: Assessment) -> None:
    data = new_assessment_data(title="Round one", shares_0="", shares_1="", shares_2="")
    data.pop("model_ref")
    as_alice.post(f"/assessments/{assessment_a.pk}/edit/", data)
    assessment_a.refresh_from_db()
    assert (assessment_a.title, assessment_a.shares, str(assessment_a.closes_on)) == (
        "Round one",
        {},
        "2025-03-31",
    )


def test_an_organisation_needs_a_name(as_alice: Client) -> None:
    response = as_alice.post("/orgs/new/", {"name": "", "departments": "A"})
    assert response.context["form"].errors == {"name": ["This field is required."]}
    assert not Organisation.objects.exists()
