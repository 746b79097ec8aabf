"""Demo data for trying partnerscan: a consultant, a municipality with three rounds, a pool.

The municipality measured a year ago, agreed an action plan on its leads, and measured again
(a follow-up round with a trend, shared in the benchmark pool); a third round is open. Both
closed rounds have a partner round (partnerview/demo.py), so the follow-up shows how partners
see the municipality and how that changed. Twenty
peer organisations fill the pool, so the benchmark shows. The consultant may download the
pooled research data.

Idempotent: when the demo organisation exists, nothing is written again. All data goes through
the domain functions, exactly as real use would write it.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from typing import Any

from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand
from django.db import transaction

from partnerscan.accounts import domain as accounts_domain
from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment, Response
from partnerscan.assessments.visible_results import assessment_results
from partnerscan.capability.loader import get_model
from partnerscan.capability.schema import CapabilityModel
from partnerscan.partnerview.demo import seed_partner_rounds
from partnerscan.plans import domain as plans
from partnerscan.plans.followup import start_follow_up
from partnerscan.plans.models import Action
from partnerscan.pool.demo import seed_peers
from partnerscan.portfolio.demo import seed_portfolio
from partnerscan.scoring.records import DK
from partnerscan.workshop.demo import seed_workshop

PASSWORD = "partnerscan-demo"  # noqa: S105 - a published demo password, printed on purpose
CONSULTANT = "consultant@example.org"
VIEWER = "viewer@example.org"
ORGANISATION = "Gemeente Waterland (demo)"
DEPARTMENTS = ["Beleid", "Uitvoering", "Sociaal Domein", "Bedrijfsvoering", "Economie"]
SEED = 20240917
PEERS = 20
# Half the peers share the demo's sector, so "same sector" has enough organisations too.
Sector = Organisation.Sector
PEER_SECTORS = (
    Sector.MUNICIPALITY,
    Sector.HEALTHCARE,
    Sector.MUNICIPALITY,
    Sector.EDUCATION,
    Sector.MUNICIPALITY,
    Sector.HOUSING,
)

# How often each role occurs among respondents; roles a model lacks are skipped.
ROLE_WEIGHTS = {
    "staff": 9,
    "management": 6,
    "support": 3,
    "partnership-manager": 2,
    "board": 2,
    "external": 3,
}
# Departments see the organisation differently: policy makers are more positive.
DEPARTMENT_OFFSET = {
    "Beleid": 0.5,
    "Uitvoering": -0.4,
    "Sociaal Domein": 0.0,
    "Bedrijfsvoering": -0.2,
    "Economie": 0.3,
}

# Written for this demo; comment i goes to condition i (mod the model's conditions).
COMMENTS = [
    "We werken veel samen in de regio, maar niemand weet precies met wie en waarom.",
    "Er ligt geen uitgewerkte samenwerkingsstrategie; het hangt af van wie er aan tafel zit.",
    "Het bestuur spreekt vaak over samenwerken, maar op de werkvloer merken we daar weinig van.",
    "Fouten maken mag bij ons eigenlijk niet, en dat remt nieuwe partnerschappen.",
    "Twee afdelingen voeren gesprekken met dezelfde zorgaanbieder zonder dat van elkaar te weten.",
    "Besluiten over samenwerkingen duren lang: het is onduidelijk wie mag tekenen.",
    "Wij missen een vaste partnershipmanager; nu doet iedereen het er een beetje bij.",
    "Kennis over eerdere samenwerkingen verdwijnt als een collega vertrekt.",
    "De samenwerking met het onderwijs in de regio loopt goed en kan een voorbeeld zijn.",
    "Ik weet te weinig van andere afdelingen om dit goed te kunnen beoordelen.",
]


class Command(BaseCommand):
    help = "Create demo accounts, an organisation and two assessments (once)."

    def handle(self, *args: Any, **options: Any) -> None:
        if Organisation.objects.filter(name=ORGANISATION).exists():
            self.stdout.write("load_demo: the demo data is already there; nothing changed.")
        else:
            model = load(SEED)
            self.stdout.write(f"load_demo: demo data created (model {model.ref}).")
        self.stdout.write(
            f"Log in at {login_url()} as {CONSULTANT} (or the viewer {VIEWER}), password {PASSWORD}"
        )


def login_url() -> str:
    """Where `make run` serves: it passes PORT on to the server (8000 unless set)."""
    return f"http://127.0.0.1:{os.environ.get('PORT') or 8000}/accounts/login/"


@transaction.atomic
def load(seed: int) -> CapabilityModel:
    consultant = _user(CONSULTANT, "Demo Consultant")
    organisation = accounts_domain.create_organisation(
        consultant, ORGANISATION, sector=Sector.MUNICIPALITY, size="large", departments=DEPARTMENTS
    )
    _user(VIEWER, "Demo Viewer")
    accounts_domain.add_member(organisation, VIEWER, "viewer")
    rng = random.Random(seed)
    profile = _profile(get_model(), rng)  # the newest model: the one new rounds pin
    first = _closed_round(organisation, consultant, rng, profile)
    actions = _plan(first, consultant)
    follow_up = _follow_up(first, consultant, rng, profile, actions)
    _open_round(organisation, consultant, rng)
    seed_peers(PEERS, respondents=8, model_ref=first.model_ref, seed=seed, sectors=PEER_SECTORS)
    seed_portfolio(organisation, consultant, dt.date.today())
    seed_partner_rounds(first, follow_up, consultant, seed)  # after the portfolio: its kinds
    seed_workshop(follow_up, consultant, seed)  # after the partners: their blind spots join
    consultant.user_permissions.add(Permission.objects.get(codename="export_pool"))
    return first.capability_model


def _user(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, PASSWORD, name=name)
    return user


def _closed_round(
    organisation: Organisation,
    user: User,
    rng: random.Random,
    profile: list[tuple[float, float, bool]],
) -> Assessment:
    today = domain.today()
    assessment = domain.create_assessment(
        organisation,
        user,
        title="Nulmeting samenwerkingskracht",
        goal="Beter samenwerken met zorg, onderwijs en buurgemeenten in het sociaal domein.",
        shares={"chain": 0.5, "regional": 0.3, "innovation": 0.2},
        opens_on=today - dt.timedelta(days=420),
        closes_on=today - dt.timedelta(days=390),
        in_pool=True,
    )
    domain.open_assessment(assessment)
    for index, token in enumerate(domain.create_links(assessment, 25)):
        response = _respond(assessment, token, profile, rng, share=1.0, submit=True)
        if index % 2 == 0 and index // 2 < len(COMMENTS):
            _comment(assessment.capability_model, response, index // 2, rng)
    return _close_on(assessment, assessment.closes_on)


def _close_on(assessment: Assessment, day: dt.date | None) -> Assessment:
    assessment = domain.close_assessment(assessment)
    # Demo history only: the rounds closed months ago, which real use would have recorded.
    closed_at = dt.datetime.combine(day or domain.today(), dt.time(17), dt.UTC)
    opened = assessment.opens_on or (day or domain.today())
    opened_at = dt.datetime.combine(opened, dt.time(9), dt.UTC)
    Assessment.objects.filter(pk=assessment.pk).update(closed_at=closed_at, opened_at=opened_at)
    assessment.closed_at, assessment.opened_at = closed_at, opened_at
    return assessment


# Who owns each lead's action, and how far it got by the follow-up round. The action itself is
# the model's next step for the lead, as a plan made in the workshop would start from.
PLAN = [
    ("Wethouder sociaal domein", Action.Status.DONE),
    ("Afdelingshoofd Beleid", Action.Status.IN_PROGRESS),
    ("Teamleider Bedrijfsvoering", Action.Status.PLANNED),
]
DROPPED_OWNER = "HR-adviseur"  # one more action, on an aspect that was no lead, dropped


def _plan(assessment: Assessment, user: User) -> list[Action]:
    results = assessment_results(assessment, "nl")
    assert results is not None  # 25 respondents
    due = domain.today() - dt.timedelta(days=60)
    actions = [
        plans.create_action(
            assessment,
            user,
            aspect=lead.aspect,
            description=lead.next_step,
            owner=owner,
            status=status,
            target_level=min(5, lead.level + 1),
            due_on=due + dt.timedelta(days=90 * index),
        )
        for index, (lead, (owner, status)) in enumerate(zip(results.leads, PLAN, strict=True))
    ]
    led = {lead.aspect for lead in results.leads}
    other = next(a for a in assessment.capability_model.aspects if a.id not in led)
    plans.create_action(
        assessment,
        user,
        aspect=other.id,
        description=other.next_steps[1].get("nl"),
        owner=DROPPED_OWNER,
        status=Action.Status.DROPPED,
    )
    return actions


def _follow_up(
    first: Assessment,
    user: User,
    rng: random.Random,
    profile: list[tuple[float, float, bool]],
    actions: list[Action],
) -> Assessment:
    """A year on: where actions were done or under way the aspect moved; a little elsewhere."""
    today = domain.today()
    second = start_follow_up(
        first,
        user,
        title="Vervolgmeting samenwerkingskracht",
        opens_on=today - dt.timedelta(days=45),
        closes_on=today - dt.timedelta(days=20),
    )
    domain.open_assessment(second)
    lift = {a.aspect: 1.3 for a in actions if a.status == Action.Status.DONE}
    lift |= {a.aspect: 0.9 for a in actions if a.status == Action.Status.IN_PROGRESS}
    aspects = second.capability_model.aspects
    moved = [
        (now + lift.get(aspect.id, 0.25), wanted, split)
        for aspect, (now, wanted, split) in zip(aspects, profile, strict=True)
    ]
    for index, token in enumerate(domain.create_links(second, 22)):
        response = _respond(second, token, moved, rng, share=1.0, submit=True)
        if index < len(FOLLOW_UP_COMMENTS):
            aspect = actions[index % len(actions)].aspect
            domain.save_answer(response, aspect, "comment", FOLLOW_UP_COMMENTS[index])
    second = _close_on(second, second.closes_on)
    _next_plan(second, user)
    return second


FOLLOW_UP_COMMENTS = [
    "Sinds er een vaste partnershipmanager is, weten partners bij wie ze moeten zijn.",
    "De doelen staan nu op papier, maar in mijn team merk ik er nog weinig van.",
    "De training samenwerken heeft geholpen; we voeren gesprekken met partners beter voor.",
    "Het overzicht van samenwerkingen is er nog steeds niet.",
]


def _next_plan(assessment: Assessment, user: User) -> None:
    """The follow-up's own plan: its newest lead gets an action straight away."""
    results = assessment_results(assessment, "nl")
    assert results is not None
    lead = results.leads[0]
    plans.create_action(
        assessment,
        user,
        aspect=lead.aspect,
        description=lead.next_step,
        owner="Gemeentesecretaris",
        status=Action.Status.PLANNED,
        target_level=min(5, lead.level + 1),
        due_on=domain.today() + dt.timedelta(days=120),
    )


def _open_round(organisation: Organisation, user: User, rng: random.Random) -> Assessment:
    today = domain.today()
    assessment = domain.create_assessment(
        organisation,
        user,
        title="Meting met ketenpartners",
        goal="Horen hoe zorgaanbieders en scholen ons als partner ervaren.",
        opens_on=today - dt.timedelta(days=3),
        closes_on=today + dt.timedelta(days=25),
    )
    domain.open_assessment(assessment)
    domain.add_email_invitations(
        assessment,
        [
            domain.InvitationRow("a.jansen@example.org", "staff", "Beleid", "internal", "nl"),
            domain.InvitationRow("m.dewit@example.org", "management", "Uitvoering", "", "nl"),
            domain.InvitationRow("j.smith@example.org", "external", "", "external", "en"),
        ],
    )
    profile = _profile(assessment.capability_model, rng)
    tokens = domain.create_links(assessment, 8)
    for token in tokens[:3]:  # submitted
        _respond(assessment, token, profile, rng, share=1.0, submit=True)
    for token in tokens[3:5]:  # started, a few answers
        _respond(assessment, token, profile, rng, share=0.3, submit=False)
    return assessment  # tokens[5:] stay invited


def _profile(model: CapabilityModel, rng: random.Random) -> list[tuple[float, float, bool]]:
    """Per aspect: the typical current level, the typical ambition, and whether views split."""
    count = len(model.aspects)
    split = {2 % count, 9 % count}  # a couple of aspects where departments disagree
    return [
        (rng.uniform(1.8, 3.3), rng.uniform(3.4, 4.4), index in split) for index in range(count)
    ]


def _level(mean: float, rng: random.Random) -> str:
    return str(min(5, max(1, round(rng.gauss(mean, 0.7)))))


def _respond(
    assessment: Assessment,
    token: str,
    profile: list[tuple[float, float, bool]],
    rng: random.Random,
    share: float,
    submit: bool,
) -> Response:
    model = assessment.capability_model
    invitation = domain.find_invitation(token)
    assert invitation is not None  # just created
    response = domain.start_response(invitation, token)
    roles = [o.id for q in model.context if q.id == "role" for o in q.options]
    role = rng.choices(roles, [ROLE_WEIGHTS.get(r, 1) for r in roles])[0] if roles else ""
    department = "" if role == "external" else rng.choice(DEPARTMENTS)
    domain.save_context(response, role, department)
    offset = DEPARTMENT_OFFSET.get(department, 0.0) + rng.gauss(0, 0.3)
    for aspect, (now, wanted, split) in zip(model.aspects, profile, strict=True):
        if rng.random() > share:
            continue
        if split:  # policy sees it as arranged, the front line as left to chance
            now = 3.9 if department in ("Beleid", "Economie") else 1.4
        dont_know = rng.random() < (0.25 if role == "external" else 0.05)
        current = DK if dont_know else _level(now + offset, rng)
        domain.save_answer(response, aspect.id, "current", current)
        domain.save_answer(response, aspect.id, "ambition", _level(max(wanted, now + 0.5), rng))
    if submit:
        domain.submit_response(response, invitation)
    return response


def _comment(model: CapabilityModel, response: Response, index: int, rng: random.Random) -> None:
    condition = model.conditions[index % len(model.conditions)]
    aspect = condition.aspects[rng.randrange(len(condition.aspects))]
    domain.save_answer(response, aspect.id, "comment", COMMENTS[index])
