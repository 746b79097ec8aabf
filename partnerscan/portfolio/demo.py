"""A demo portfolio: about fifteen partnerships of a municipality, through the workflows.

Across the three challenge types and every phase; several partner organisations are shared by
departments that do not know it; some partnerships lack an owner or a goal date, or are overdue
for review, so every list of the portfolio view has something to show.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from partnerscan.accounts.models import Organisation, User
from partnerscan.portfolio import domain
from partnerscan.portfolio.health_demo import seed_health_checks
from partnerscan.portfolio.models import PartnerOrganisation

Kind = PartnerOrganisation.Kind
PARTNERS = {
    "GGD Noord-Holland Noord": Kind.PUBLIC,
    "Zorggroep Waterland": Kind.NON_PROFIT,
    "Woonstichting De Dijk": Kind.NON_PROFIT,
    "Hogeschool Inholland": Kind.KNOWLEDGE,
    "Regio Zaanstreek-Waterland": Kind.PUBLIC,
    "Ondernemersvereniging Waterland": Kind.PRIVATE,
    "Bibliotheek Waterland": Kind.NON_PROFIT,
    "Provincie Noord-Holland": Kind.PUBLIC,
    "Energiecoöperatie Waterland": Kind.NON_PROFIT,
    "TNO": Kind.KNOWLEDGE,
    "Vervoerder Connexxion": Kind.PRIVATE,
    "Politie Zaanstreek-Waterland": Kind.PUBLIC,
}
# name, partners, challenge type, phase, importance, departments, owner?, goal date (months
# from today, None: not set), review (months from today, negative: overdue)
PARTNERSHIPS = [
    (
        "Wijkteams zorg en welzijn",
        ["Zorggroep Waterland", "GGD Noord-Holland Noord"],
        "chain",
        "running",
        3,
        ["Sociaal Domein"],
        True,
        12,
        2,
    ),
    (
        "Schuldhulp in de keten",
        ["Zorggroep Waterland", "Woonstichting De Dijk"],
        "chain",
        "running",
        2,
        ["Uitvoering"],
        True,
        6,
        -2,
    ),
    (
        "Vroegsignalering huurachterstand",
        ["Woonstichting De Dijk"],
        "chain",
        "forming",
        2,
        ["Uitvoering"],
        False,
        None,
        1,
    ),
    (
        "Leerlingenvervoer",
        ["Vervoerder Connexxion"],
        "chain",
        "ending",
        1,
        ["Uitvoering"],
        True,
        3,
        -1,
    ),
    (
        "Gezondheidsmonitor jeugd",
        ["GGD Noord-Holland Noord"],
        "chain",
        "ended",
        1,
        ["Beleid"],
        True,
        -6,
        None,
    ),
    (
        "Regionale woningbouwafspraken",
        ["Regio Zaanstreek-Waterland", "Provincie Noord-Holland", "Woonstichting De Dijk"],
        "regional",
        "running",
        3,
        ["Beleid"],
        True,
        24,
        4,
    ),
    (
        "Bedrijventerrein Hoogedijk",
        ["Ondernemersvereniging Waterland", "Provincie Noord-Holland"],
        "regional",
        "forming",
        2,
        ["Economie"],
        False,
        18,
        None,
    ),
    (
        "Veiligheid in de kernen",
        ["Politie Zaanstreek-Waterland", "Regio Zaanstreek-Waterland"],
        "regional",
        "running",
        2,
        ["Beleid"],
        True,
        None,
        -3,
    ),
    (
        "Regionaal mobiliteitsplan",
        ["Regio Zaanstreek-Waterland", "Vervoerder Connexxion"],
        "regional",
        "exploring",
        1,
        ["Uitvoering"],
        False,
        None,
        None,
    ),
    (
        "Laaggeletterdheid aanpakken",
        ["Bibliotheek Waterland", "Zorggroep Waterland"],
        "regional",
        "ending",
        1,
        ["Sociaal Domein"],
        True,
        2,
        1,
    ),
    (
        "Energietransitie dorpskernen",
        ["Energiecoöperatie Waterland", "TNO", "Provincie Noord-Holland"],
        "innovation",
        "running",
        3,
        ["Economie"],
        True,
        30,
        -1,
    ),
    (
        "Datalab sociaal domein",
        ["Hogeschool Inholland", "TNO"],
        "innovation",
        "exploring",
        2,
        ["Sociaal Domein"],
        False,
        None,
        2,
    ),
    (
        "Slimme dijkmonitoring",
        ["TNO", "Provincie Noord-Holland"],
        "innovation",
        "forming",
        2,
        ["Uitvoering"],
        True,
        12,
        3,
    ),
    (
        "Praktijkleren ambtenaren",
        ["Hogeschool Inholland"],
        "innovation",
        "running",
        1,
        ["Bedrijfsvoering"],
        True,
        9,
        -4,
    ),
    (
        "Digitale bibliotheekpunten",
        ["Bibliotheek Waterland", "Hogeschool Inholland"],
        "innovation",
        "ended",
        1,
        ["Sociaal Domein"],
        False,
        -12,
        None,
    ),
]
OWNER_NAMES = ["Fatima El Amrani", "Joost de Vries", "Marieke Bakker", "Sanne Visser"]


def _months(today: dt.date, months: int | None) -> dt.date | None:
    if months is None:
        return None
    total = today.year * 12 + today.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, min(today.day, 28))


@transaction.atomic
def seed_portfolio(organisation: Organisation, user: User, today: dt.date) -> None:
    partners = {
        name: domain.create_partner(organisation, user, name, kind)
        for name, kind in PARTNERS.items()
    }
    member = organisation.memberships.get(user=user)
    made = []
    for index, row in enumerate(PARTNERSHIPS):
        name, names, challenge, phase, importance, departments, owned, goal_in, review_in = row
        owner_name = OWNER_NAMES[index % len(OWNER_NAMES)] if owned and index % 3 else ""
        made.append(
            domain.create_partnership(
                organisation,
                user,
                name=name,
                partners=[partners[n] for n in names],
                challenge_type=challenge,
                goal=f"Afspraken en resultaten van “{name}” vastleggen en halen.",
                goal_date=_months(today, goal_in),
                owner=member if owned and not owner_name else None,
                owner_name=owner_name,
                departments=departments,
                phase=phase,
                importance=importance,
                started_on=_months(today, -6 - index * 2),
                review_on=_months(today, review_in),
                review_interval_months=6 if index % 2 else 12,
            )
        )
    seed_health_checks(made[0], made[1], user)
