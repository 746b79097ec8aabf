"""A world of two organisations for the security tests, with a respondent of each.

Org A: alice owns, dave edits, bob views; an open round with three submitted responses, one
respondent who has not started, an e-mail invitation and an open link. Org B (charlie owns,
erin edits, frank views) has the same shape: it is the could-leak second tenant.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.utils import translation
from partner_models import fixtures_with_partners
from support import PASSWORD

from partnerscan.accounts import domain as accounts_domain
from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment

LEVELS = {"goals": ("2", "4"), "themes": ("3", "4"), "selection": ("1", "3")}


@pytest.fixture(scope="session")
def models_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixtures' models, the mini model with partner wording (for the partner round's
    pages) on goals and leadership."""
    return fixtures_with_partners(tmp_path_factory.mktemp("models"))


@pytest.fixture(autouse=True)
def mini_model(monkeypatch: pytest.MonkeyPatch, models_folder: Path) -> None:
    monkeypatch.setenv("CAPABILITY_MODELS_DIR", str(models_folder))


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def answer(
    token: str, levels: dict[str, tuple[str, str]], submit: bool = True, comment: str = ""
) -> None:
    """What the respondent pages do, through the same domain functions; a `comment` goes with
    the first aspect, goals."""
    invitation = domain.find_invitation(token)
    assert invitation is not None
    response = domain.start_response(invitation, token)
    for aspect, (current, ambition) in levels.items():
        domain.save_answer(response, aspect, "current", current)
        domain.save_answer(response, aspect, "ambition", ambition)
    if comment:
        domain.save_answer(response, "goals", "comment", comment)
    if submit:
        domain.submit_response(response, invitation)


@dataclass
class Tenant:
    organisation: Organisation
    owner: User
    editor: User
    viewer: User
    assessment: Assessment
    token: str  # a respondent who has not started yet
    open_token: str
    answered: list[str] = field(default_factory=list)


def make_tenant(letter: str, names: tuple[str, str, str]) -> Tenant:
    owner, editor, viewer = (
        User.objects.create_user(f"{name}@example.org", PASSWORD, name=name.title())
        for name in names
    )
    organisation = accounts_domain.create_organisation(
        owner, f"Org {letter}", departments=["Policy", "Operations"]
    )
    accounts_domain.add_member(organisation, editor.email, "editor")
    accounts_domain.add_member(organisation, viewer.email, "viewer")
    assessment = domain.create_assessment(organisation, owner, title=f"Round {letter}", min_group=3)
    assessment = domain.open_assessment(assessment)
    tokens = domain.create_links(assessment, 4)
    for token in tokens[:3]:
        answer(token, LEVELS)
    domain.add_email_invitations(
        assessment, [domain.InvitationRow(email=f"respondent-{letter.lower()}@example.net")]
    )
    open_token = domain.enable_open_link(assessment)
    assessment.refresh_from_db()
    return Tenant(
        organisation, owner, editor, viewer, assessment, tokens[3], open_token, tokens[:3]
    )


@dataclass
class World:
    a: Tenant
    b: Tenant


@pytest.fixture
def world(db: None) -> World:
    return World(
        make_tenant("A", ("alice", "dave", "bob")), make_tenant("B", ("charlie", "erin", "frank"))
    )
