"""Who may do what: another organisation gets a 404 everywhere, a viewer only reads."""

from __future__ import annotations

import pytest
from django.test import Client

from partnerscan.accounts.models import Membership, Organisation
from partnerscan.assessments.models import Assessment, Invitation

pytestmark = pytest.mark.django_db


def org_a_urls(org: Organisation, assessment: Assessment) -> dict[str, str]:
    """Every management URL that belongs to org A, by what it does."""
    member = Membership.objects.exclude(role="owner").get(organisation=org).pk
    a = assessment.pk
    return {
        "organisation": f"/orgs/{org.pk}/",
        "member-add": f"/orgs/{org.pk}/members/",
        "member-role": f"/orgs/{org.pk}/members/{member}/role/",
        "member-remove": f"/orgs/{org.pk}/members/{member}/remove/",
        "assessment-create": f"/orgs/{org.pk}/assessments/new/",
        "assessment": f"/assessments/{a}/",
        "assessment-edit": f"/assessments/{a}/edit/",
        "assessment-open": f"/assessments/{a}/open/",
        "assessment-close": f"/assessments/{a}/close/",
        "invitations": f"/assessments/{a}/invitations/",
        "invitations-email": f"/assessments/{a}/invitations/email/",
        "invitations-links": f"/assessments/{a}/invitations/links/",
        "invitations-open-link": f"/assessments/{a}/invitations/open-link/",
        "invitation-texts": f"/assessments/{a}/invitations/texts/",
        "open-link-print": f"/assessments/{a}/invitations/open-link/print/",
        "assessment-import": f"/assessments/{a}/import/",
        "assessment-results": f"/assessments/{a}/results/",
    }


POSTS = {
    "member-add": {"email": "mallory@example.org", "role": "owner"},
    "member-role": {"role": "owner"},
    "invitations-email": {"addresses": "mallory@example.org", "language": "nl"},
    "invitations-links": {"count": "3", "language": "nl"},
    "invitations-open-link": {"action": "enable"},
    "invitation-texts": {"nl-text": "Taken over {link}", "action": "save"},
    "assessment-edit": {"title": "Taken over"},
    "organisation-switch": {},
}


def assert_nothing_changed(org: Organisation, assessment: Assessment) -> None:
    assessment.refresh_from_db()
    assert (
        assessment.title,
        assessment.state,
        assessment.open_link_hash,
        assessment.mail_texts,
    ) == ("Round 1", "draft", None, {})
    assert not Invitation.objects.exists()
    roles = sorted(org.memberships.values_list("user__email", "role"))
    assert roles == [("alice@example.org", "owner"), ("bob@example.org", "viewer")]


def test_another_organisation_gets_404_on_every_org_a_url(
    as_charlie: Client, org_a: Organisation, org_b: Organisation, assessment_a: Assessment
) -> None:
    statuses = {}
    for name, url in org_a_urls(org_a, assessment_a).items():
        statuses[f"GET {name}"] = as_charlie.get(url).status_code
        statuses[f"POST {name}"] = as_charlie.post(url, POSTS.get(name, {})).status_code
    statuses["POST switch"] = as_charlie.post(
        "/orgs/switch/", {"organisation": org_a.pk}
    ).status_code
    assert {key: code for key, code in statuses.items() if code != 404} == {
        # POST-only views refuse a GET before looking anything up: nothing leaks either way.
        "GET member-add": 405,
        "GET member-role": 405,
        "GET member-remove": 405,
        "GET assessment-open": 405,
        "GET invitations-email": 405,
        "GET invitations-links": 405,
        "GET invitations-open-link": 405,
        "GET open-link-print": 405,
        # The old results address only redirects a GET (to the dashboard, after the check).
        "POST assessment-results": 405,
    }
    assert_nothing_changed(org_a, assessment_a)


EDITOR_ONLY = [
    "assessment-create",
    "assessment-edit",
    "assessment-open",
    "assessment-close",
    "invitations",
    "invitations-email",
    "invitations-links",
    "invitations-open-link",
    "invitation-texts",
    "open-link-print",
    "assessment-import",
    "member-add",
    "member-role",
    "member-remove",
]


def test_a_viewer_gets_403_on_editor_actions(
    as_bob: Client, org_a: Organisation, assessment_a: Assessment
) -> None:
    urls = org_a_urls(org_a, assessment_a)
    statuses = {
        name: as_bob.post(urls[name], POSTS.get(name, {})).status_code for name in EDITOR_ONLY
    }
    assert statuses == dict.fromkeys(EDITOR_ONLY, 403)
    assert as_bob.get(urls["invitations"]).status_code == 403
    assert_nothing_changed(org_a, assessment_a)


def test_a_viewer_sees_the_organisation_overview_and_results_without_edit_buttons(
    as_bob: Client, org_a: Organisation, assessment_a: Assessment
) -> None:
    urls = org_a_urls(org_a, assessment_a)
    pages = {
        name: as_bob.get(urls[name])
        for name in ("organisation", "assessment", "assessment-results")
    }
    assert {name: page.status_code for name, page in pages.items()} == {
        "organisation": 200,
        "assessment": 200,
        "assessment-results": 302,  # the old results page: now the dashboard
    }
    dashboard = f"/assessments/{assessment_a.pk}/dashboard/"
    assert pages["assessment-results"].headers["Location"] == dashboard
    overview = pages["assessment"].content.decode()
    assert urls["invitations"] not in overview and urls["assessment-edit"] not in overview
    assert urls["member-add"] not in pages["organisation"].content.decode()


def test_an_editor_cannot_manage_members(
    org_a: Organisation, assessment_a: Assessment, bob: object
) -> None:
    from support import logged_in

    Membership.objects.filter(organisation=org_a, user=bob).update(role="editor")
    as_editor = logged_in(bob)  # type: ignore[arg-type]
    urls = org_a_urls(org_a, Assessment.objects.get())
    assert as_editor.post(urls["member-add"], POSTS["member-add"]).status_code == 403
    assert as_editor.get(urls["invitations"]).status_code == 200


def test_anonymous_visitors_are_sent_to_the_log_in_page(
    client: Client, org_a: Organisation, assessment_a: Assessment
) -> None:
    urls = {"organisations": "/orgs/", "new": "/orgs/new/", **org_a_urls(org_a, assessment_a)}
    for url in urls.values():
        for response in (client.get(url), client.post(url, {})):
            assert response.status_code in (302, 405)
            if response.status_code == 302:
                assert response.headers["Location"].startswith("/accounts/login/?next=")
    assert client.get("/orgs/").headers["Location"] == "/accounts/login/?next=/orgs/"
    assert_nothing_changed(org_a, assessment_a)
