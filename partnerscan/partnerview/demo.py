"""Demo partner rounds: how the demo municipality's partners see it, through the workflows.

The first round gets a partner round of 15 partners from 5 organisations, the follow-up one of
20 counting partners from 6 organisations, two more who answered only "don't know" (they count
nowhere) and three who never answered. Partners find the municipality less oriented towards
them and a less attractive partner than colleagues think (blind spots), and its people more
skilled (a hidden strength); between the two rounds its goals became clearer to them. The two
largest organisations have enough partners to be shown on their own, the rest are pooled.

The organisations are the portfolio's (portfolio/demo.py), so seed the portfolio first: an
invitee of a portfolio organisation's name gets its kind, and the breakdown by kind shows.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from partnerscan.accounts.models import User
from partnerscan.assessments.models import Assessment
from partnerscan.partnerview import domain, mail, responding
from partnerscan.partnerview.invitees import Invitee
from partnerscan.partnerview.models import PartnerInvitation, PartnerRound

CARE, HOUSING, SCHOOL = "Zorggroep Waterland", "Woonstichting De Dijk", "Hogeschool Inholland"
HEALTH, REGION = "GGD Noord-Holland Noord", "Regio Zaanstreek-Waterland"
PROVINCE = "Provincie Noord-Holland"
# Aspects a partner sees little of from outside: "don't know" comes more often there.
INNER = {"processes", "internal-alignment", "roles", "knowledge-sharing", "tools"}
# Where an organisation sees the municipality differently from partners on the whole.
LEANING = {
    HOUSING: {"partner-orientation": -0.5, "attractiveness": -0.4, "long-horizon": -0.3},
    CARE: {"skills": 0.3, "long-horizon": -0.4},
    SCHOOL: {"learning-path": 0.5, "attractiveness": 0.4},
}


@dataclass(frozen=True)
class Cohort:
    """The partners of one partner round."""

    levels: Mapping[str, float]  # the partners' typical level per aspect
    people: Sequence[tuple[str, int, int]]  # organisation, partners who count, of them in English
    dont_know_only: Sequence[str]  # organisations of partners who answered only "don't know"
    silent: Sequence[str]  # organisations of people invited who never answered
    comments: Sequence[tuple[str, str]]  # (aspect, what the partner would need from us)


FIRST = Cohort(
    levels={
        "goals": 1.9,
        "selection": 2.5,
        "attractiveness": 2.7,
        "leadership": 2.5,
        "partner-orientation": 1.9,
        "long-horizon": 2.6,
        "learning-path": 2.2,
        "processes": 2.5,
        "internal-alignment": 2.5,
        "roles": 2.9,
        "knowledge-sharing": 2.2,
        "skills": 3.3,
        "partnership-manager": 1.8,
        "tools": 2.3,
    },
    people=[(CARE, 5, 0), (HOUSING, 5, 0), (SCHOOL, 2, 1), (HEALTH, 2, 0), (REGION, 1, 0)],
    dont_know_only=[],
    silent=[CARE, SCHOOL],
    comments=[
        (
            "goals",
            "Het is ons niet duidelijk wat de gemeente met deze samenwerking wil bereiken. "
            "Schrijf dat samen met ons op.",
        ),
        (
            "partner-orientation",
            "We worden vaak pas gevraagd mee te tekenen als het plan al af is.",
        ),
        (
            "partnership-manager",
            "Wie is bij de gemeente eigenlijk ons aanspreekpunt? Dat wisselt steeds.",
        ),
        (
            "skills",
            "De mensen met wie we dagelijks werken zijn betrokken en weten wat er in de wijken "
            "speelt.",
        ),
        (
            "processes",
            "Het duurt lang voordat er een besluit ligt, en het is niet duidelijk wie er "
            "uiteindelijk over gaat.",
        ),
    ],
)

FOLLOW_UP = Cohort(
    levels={
        "goals": 3.1,
        "selection": 2.5,
        "attractiveness": 2.0,
        "leadership": 2.5,
        "partner-orientation": 1.8,
        "long-horizon": 3.1,
        "learning-path": 2.4,
        "processes": 3.0,
        "internal-alignment": 3.1,
        "roles": 3.1,
        "knowledge-sharing": 2.3,
        "skills": 3.9,
        "partnership-manager": 2.8,
        "tools": 2.4,
    },
    people=[
        (CARE, 7, 1),
        (HOUSING, 6, 0),
        (SCHOOL, 3, 1),
        (HEALTH, 2, 0),
        (REGION, 1, 0),
        (PROVINCE, 1, 0),
    ],
    dont_know_only=[CARE, REGION],
    silent=[CARE, HOUSING, HEALTH],
    comments=[
        (
            "partner-orientation",
            "Betrek ons aan het begin, niet pas als het plan af is. Nu lezen we soms in de krant "
            "wat de gemeente met ons van plan is.",
        ),
        (
            "attractiveness",
            "Maak duidelijker wat een samenwerking met de gemeente ons oplevert. Nu voelt het "
            "vaak als een verplichting.",
        ),
        (
            "skills",
            "De mensen van het wijkteam en de beleidsadviseurs zijn deskundig en denken mee. Geef "
            "ze ook de ruimte om zelf iets toe te zeggen.",
        ),
        (
            "partner-orientation",
            "Vraag eens wat wij nodig hebben om ons werk in de wijk goed te doen, in plaats van "
            "alleen wat de gemeente van ons verwacht.",
        ),
        (
            "long-horizon",
            "Subsidie per jaar maakt het lastig om goede mensen vast te houden. Meerjarige "
            "afspraken zouden veel schelen.",
        ),
        (
            "internal-alignment",
            "Stem eerst onderling af; soms krijgen we van twee afdelingen een ander verzoek.",
        ),
        (
            "attractiveness",
            "Laat eerder weten welke vraagstukken er spelen. Dan kunnen wij zien wat wij kunnen "
            "bijdragen, en wat het ons zelf oplevert.",
        ),
        (
            "partnership-manager",
            "Sinds we een vast aanspreekpunt hebben, gaat het beter. Houd dat vast, ook als er "
            "weer een reorganisatie komt.",
        ),
        (
            "goals",
            "De doelen voor het sociaal domein zijn nu helder. Maak er ook afspraken per wijk "
            "van, dan kunnen wij erop plannen.",
        ),
        (
            "learning-path",
            "Kijk na een project samen met ons terug: wat ging goed, wat doen we de volgende keer "
            "anders?",
        ),
        (
            "knowledge-sharing",
            "Deel de cijfers uit de wijkmonitor met ons, dan hoeven we niet ieder apart te meten.",
        ),
    ],
)


@dataclass(frozen=True)
class Person:
    organisation: str
    language: str = "nl"
    answers: Mapping[str, str] | None = None  # None: invited, never answered
    comments: Mapping[str, str] | None = None


def seed_partner_rounds(first: Assessment, follow_up: Assessment, user: User, seed: int) -> None:
    """A closed partner round on each of the two closed rounds, around their closing days;
    none on a model without partner wording (another models folder's, as the tests' small one)."""
    rng = random.Random(seed)
    for assessment, cohort in ((first, FIRST), (follow_up, FOLLOW_UP)):
        if not assessment.capability_model.has_partner_view:
            continue
        partner_round = _partner_round(assessment, user, _people(cohort, rng))
        day = assessment.closes_on
        assert day is not None  # both demo rounds have a closing day
        _back_date(partner_round, day - dt.timedelta(days=25), day + dt.timedelta(days=2))


def _people(cohort: Cohort, rng: random.Random) -> list[Person]:
    people = [
        Person(organisation, "en" if index < english else "nl", _answers(cohort, organisation, rng))
        for organisation, count, english in cohort.people
        for index in range(count)
    ]
    speaking = [i for i, person in enumerate(people) if person.language == "nl"]
    written: dict[int, dict[str, str]] = {}
    for number, (aspect, text) in enumerate(cohort.comments):
        written.setdefault(speaking[number * 3 % len(speaking)], {})[aspect] = text
    people = [
        Person(p.organisation, p.language, p.answers, written.get(i)) for i, p in enumerate(people)
    ]
    people += [Person(o, answers=dict.fromkeys(cohort.levels, "dk")) for o in cohort.dont_know_only]
    people += [Person(o) for o in cohort.silent]
    return sorted(people, key=lambda person: person.organisation)


def _answers(cohort: Cohort, organisation: str, rng: random.Random) -> dict[str, str]:
    """One partner's levels: the cohort's, their organisation's leaning, their own mood."""
    mood = rng.gauss(0, 0.3)
    answers = {}
    for aspect, level in cohort.levels.items():
        if rng.random() < (0.12 if aspect in INNER else 0.03):
            answers[aspect] = "dk"
            continue
        lean = LEANING.get(organisation, {}).get(aspect, 0.0)
        answers[aspect] = str(min(5, max(1, round(rng.gauss(level + lean + mood, 0.6)))))
    return answers


def _partner_round(assessment: Assessment, user: User, people: list[Person]) -> PartnerRound:
    """Invited, answered through each partner's link as the pages do it, and closed."""
    partner_round = domain.start_partner_round(assessment, user)
    invitees = [
        Invitee(f"partner{i}@{_domain(p.organisation)}.example", p.organisation, p.language)
        for i, p in enumerate(people)
    ]
    invitations = domain.add_partner_invitations(partner_round, invitees, user)
    for invitation, person in zip(invitations, people, strict=True):
        token = mail.issue_token(invitation)
        if person.answers is not None and token is not None:
            _respond(invitation, token, person)
    return domain.close_partner_round(partner_round, user)


def _domain(organisation: str) -> str:
    return re.sub(r"[^a-z]+", "-", organisation.lower()).strip("-")


def _respond(invitation: PartnerInvitation, token: str, person: Person) -> None:
    response = responding.start_partner_response(invitation, token)
    for aspect, value in (person.answers or {}).items():
        responding.save_partner_answer(response, aspect, value)
    for aspect, text in (person.comments or {}).items():
        responding.save_partner_comment(response, aspect, text)
    responding.submit_partner_response(response, invitation)


def _back_date(partner_round: PartnerRound, opened: dt.date, closed: dt.date) -> None:
    """Demo history only: the mails went out, partners answered and the round closed back
    then, as real use would have recorded it (day precision for the partners, as stored)."""
    opened_at = dt.datetime.combine(opened, dt.time(9), dt.UTC)
    closed_at = dt.datetime.combine(closed, dt.time(17), dt.UTC)
    PartnerRound.objects.filter(pk=partner_round.pk).update(
        opened_at=opened_at, closed_at=closed_at
    )
    invitations = partner_round.invitations.all()
    invitations.update(sent_at=opened_at)
    answered = opened + dt.timedelta(days=6)
    invitations.filter(started_on__isnull=False).update(started_on=answered)
    invitations.filter(submitted_on__isnull=False).update(submitted_on=answered)
