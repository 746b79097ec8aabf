"""Starting a follow-up round: what is copied, what is not, and who may do it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment
from partnerscan.plans.followup import CopyPlan, copy_plan, start_follow_up, suggested_title

pytestmark = pytest.mark.django_db

VERSIONS = Path(__file__).parents[1] / "fixtures" / "versions"
SETTINGS = (
    "organisation_id",
    "model_id",
    "model_version",
    "goal",
    "shares",
    "languages",
    "min_group",
    "departments",
    "allow_amend",
    "retention_days",
    "in_pool",
)
INVITATION = ("kind", "email", "language", "role", "department", "group")
FRESH = ("token_hash", "sent_at", "reminded_at", "reminder_due", "send_error", "started_on",
         "submitted_on")  # fmt: skip


@pytest.fixture
def earlier(org_a: Organisation, alice: User) -> Assessment:
    """An open round with three sent e-mail invitations, two links and an open-link visitor."""
    assessment = domain.create_assessment(
        org_a,
        alice,
        title="Scan 2025",
        goal="Work better with schools.",
        shares={"chain": 0.5, "regional": 0.25, "innovation": 0.25},
        languages=["en", "nl"],
        min_group=4,
        departments=["Policy", "Care"],
        allow_amend=False,
        retention_days=30,
        in_pool=True,
        opens_on=dt.date(2025, 3, 1),
        closes_on=dt.date(2025, 3, 31),
    )
    domain.open_assessment(assessment)
    domain.add_email_invitations(
        assessment,
        [
            domain.InvitationRow("ann@example.net", "board", "Policy", "internal", "nl"),
            domain.InvitationRow("ben@example.net", "staff", "Care", "", "en"),
            domain.InvitationRow("cor@partner.example", "external", "", "external", "nl"),
        ],
    )
    domain.create_links(assessment, 2)
    open_token = domain.enable_open_link(assessment)
    assert domain.claim_open_link(open_token) is not None
    call_command("send_invitations")  # every e-mail invitation gets its token and is sent
    assessment.refresh_from_db()
    return assessment


def values(obj: object, names: tuple[str, ...]) -> dict[str, object]:
    return {name: getattr(obj, name) for name in names}


def test_a_follow_up_copies_the_settings_and_is_a_new_draft(
    earlier: Assessment, alice: User
) -> None:
    new = start_follow_up(
        earlier, alice, opens_on=dt.date(2026, 3, 1), closes_on=dt.date(2026, 3, 31)
    )
    assert values(new, SETTINGS) == values(earlier, SETTINGS)
    assert (new.title, new.state, new.previous, new.created_by) == (
        "Scan 2025 — round 2",
        "draft",
        earlier,
        alice,
    )
    assert (new.opens_on, new.closes_on, new.open_link_hash, new.closed_at) == (
        dt.date(2026, 3, 1),
        dt.date(2026, 3, 31),
        None,
        None,
    )
    assert new.departments is not earlier.departments


def test_a_follow_up_keeps_where_its_shares_came_from(earlier: Assessment, alice: User) -> None:
    taken = dt.date(2026, 2, 1)
    Assessment.objects.filter(pk=earlier.pk).update(
        shares={"chain": 0.5, "regional": 0.3, "innovation": 0.2},
        shares_source="portfolio",
        shares_taken_on=taken,
    )
    earlier.refresh_from_db()
    new = start_follow_up(earlier, alice)
    assert (new.shares, new.shares_source, new.shares_taken_on) == (
        earlier.shares,
        "portfolio",
        taken,
    )


def test_e_mail_invitations_are_copied_unsent_without_a_token(
    earlier: Assessment, alice: User
) -> None:
    new = start_follow_up(earlier, alice)
    copied = [values(i, INVITATION) | values(i, FRESH) for i in new.invitations.all()]
    unsent = dict.fromkeys(FRESH) | {"reminder_due": False, "send_error": ""}
    assert copied == [
        values(i, INVITATION) | unsent
        for i in earlier.invitations.filter(kind="email").order_by("created", "id")
    ]
    assert [c["email"] for c in copied] == [
        "ann@example.net",
        "ben@example.net",
        "cor@partner.example",
    ]


def test_links_and_open_link_visitors_are_counted_not_copied(
    earlier: Assessment, alice: User
) -> None:
    assert copy_plan(earlier) == CopyPlan(emails=3, links=3, deleted=False)
    new = start_follow_up(earlier, alice)
    assert set(new.invitations.values_list("kind", flat=True)) == {"email"}
    assert new.open_link_hash is None


def test_the_copied_invitations_get_new_tokens_when_the_round_opens(
    earlier: Assessment, alice: User
) -> None:
    old_tokens = set(earlier.invitations.values_list("token_hash", flat=True))
    new = start_follow_up(earlier, alice)
    mail.outbox.clear()
    call_command("send_invitations")
    assert mail.outbox == []  # a draft sends nothing
    domain.open_assessment(new)
    call_command("send_invitations")
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ann@example.net",
        "ben@example.net",
        "cor@partner.example",
    ]
    new_tokens = set(new.invitations.values_list("token_hash", flat=True))
    assert None not in new_tokens and len(new_tokens) == 3 and not new_tokens & old_tokens


def test_a_round_whose_invitations_were_purged_says_so(earlier: Assessment, alice: User) -> None:
    domain.close_assessment(earlier, alice)
    domain.purge_expired(now=timezone.now() + dt.timedelta(days=31))
    earlier.refresh_from_db()
    assert copy_plan(earlier) == CopyPlan(emails=0, links=0, deleted=True)
    assert start_follow_up(earlier, alice).invitations.count() == 0


def test_a_closed_round_without_invitations_was_not_purged(
    org_a: Organisation, alice: User
) -> None:
    assessment = domain.open_assessment(domain.create_assessment(org_a, alice, title="Paper"))
    assessment = domain.close_assessment(assessment, alice)
    assert copy_plan(assessment) == CopyPlan(emails=0, links=0, deleted=False)


def test_the_round_number_in_the_title_is_not_stacked(earlier: Assessment, alice: User) -> None:
    second = domain.open_assessment(start_follow_up(earlier, alice))
    assert suggested_title(second) == "Scan 2025 — round 3"
    third = start_follow_up(second, alice, title="Scan 2027")
    assert third.title == "Scan 2027"


def test_a_draft_cannot_be_followed_up(org_a: Organisation, alice: User) -> None:
    draft = domain.create_assessment(org_a, alice, title="Not yet")
    with pytest.raises(domain.DomainError, match="once this round has been opened"):
        start_follow_up(draft, alice)


def test_a_second_follow_up_of_the_same_round_is_refused(earlier: Assessment, alice: User) -> None:
    start_follow_up(earlier, alice)
    with pytest.raises(domain.DomainError, match="already has a follow-up round"):
        start_follow_up(earlier, alice)
    assert earlier.follow_ups.count() == 1


def test_unknown_settings_are_refused(earlier: Assessment, alice: User) -> None:
    with pytest.raises(TypeError, match="min_group"):
        start_follow_up(earlier, alice, min_group=3)


class TestVersions:
    @pytest.fixture(autouse=True)
    def mini_model(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("CAPABILITY_MODELS_DIR", str(VERSIONS))

    @pytest.fixture
    def old(self, org_a: Organisation, alice: User) -> Assessment:
        assessment = domain.create_assessment(org_a, alice, title="Old", model_ref="mini@1.0")
        return domain.open_assessment(assessment)

    def test_the_newest_continuing_version_is_the_default(
        self, old: Assessment, alice: User
    ) -> None:
        assert start_follow_up(old, alice).model_ref == "mini@1.1"

    def test_the_same_version_can_be_kept(self, old: Assessment, alice: User) -> None:
        assert start_follow_up(old, alice, model_ref="mini@1.0").model_ref == "mini@1.0"

    def test_a_version_that_does_not_continue_is_refused(
        self, old: Assessment, alice: User
    ) -> None:
        newer = domain.open_assessment(start_follow_up(old, alice))
        with pytest.raises(domain.DomainError, match="same model"):
            start_follow_up(newer, alice, model_ref="mini@1.0")  # 1.0 does not continue 1.1


# --- the page -------------------------------------------------------------------------------


def url(assessment: Assessment) -> str:
    return f"/assessments/{assessment.pk}/follow-up/"


def test_the_form_says_what_will_and_will_not_be_copied(
    earlier: Assessment, as_alice: Client
) -> None:
    page = as_alice.get(url(earlier)).content.decode()
    assert "Scan 2025 — round 2" in page
    assert "3 e-mail invitations are copied" in page
    assert "3 personal or open-link invitations have no e-mail address" in page


def test_the_form_says_plainly_when_the_invitations_were_deleted(
    earlier: Assessment, alice: User, as_alice: Client
) -> None:
    domain.close_assessment(earlier, alice, delete_invitations=True)
    page = as_alice.get(url(earlier)).content.decode()
    assert "The invitations of this round have been deleted" in page


def test_posting_the_form_creates_the_draft_and_opens_it(
    earlier: Assessment, as_alice: Client
) -> None:
    response = as_alice.post(
        url(earlier),
        {"title": "Scan 2026", "opens_on": "2026-03-01", "closes_on": "", "model_ref": "mini@1.0"},
    )
    new = Assessment.objects.get(previous=earlier)
    assert response.status_code == 302 and response["Location"] == f"/assessments/{new.pk}/"
    assert (new.title, new.opens_on, new.closes_on) == ("Scan 2026", dt.date(2026, 3, 1), None)
    page = as_alice.get(response["Location"]).content.decode()
    assert "3 e-mail invitations were copied" in page
    assert f'href="/assessments/{earlier.pk}/"' in page  # "follows up on"


def test_the_earlier_round_links_to_its_follow_up(earlier: Assessment, as_alice: Client) -> None:
    assert "Start a follow-up round" in as_alice.get(f"/assessments/{earlier.pk}/").content.decode()
    as_alice.post(url(earlier), {"title": "Scan 2026", "model_ref": "mini@1.0"})
    page = as_alice.get(f"/assessments/{earlier.pk}/").content.decode()
    new = Assessment.objects.get(previous=earlier)
    assert "Start a follow-up round" not in page and f'href="/assessments/{new.pk}/"' in page


def test_a_viewer_may_not_start_a_follow_up(earlier: Assessment, as_bob: Client) -> None:
    assert as_bob.post(url(earlier), {"title": "X", "model_ref": "mini@1.0"}).status_code == 403
    assert (
        "Start a follow-up round" not in as_bob.get(f"/assessments/{earlier.pk}/").content.decode()
    )
    assert not Assessment.objects.filter(previous=earlier).exists()


def test_another_organisation_gets_a_404(earlier: Assessment, as_charlie: Client) -> None:
    assert as_charlie.get(url(earlier)).status_code == 404
    assert as_charlie.post(url(earlier), {"title": "X", "model_ref": "mini@1.0"}).status_code == 404
    assert not Assessment.objects.filter(previous=earlier).exists()
