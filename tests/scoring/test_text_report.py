"""The terminal report of `partnerscan score` (text_report.py), compared whole: every figure,
label, column and language of it is what a reader sees."""

from __future__ import annotations

import pytest

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring import ResponseMatrix, score
from partnerscan.scoring.records import RespondentRecord
from partnerscan.scoring.text_report import render_text

from .helpers import respondent

SHARES = {"chain": 0.25, "innovation": 0.75}


def twelve() -> list[RespondentRecord]:
    """Twelve respondents: views differ on goals and leadership, selection mostly unknown."""
    return [
        respondent(
            f"r{i}",
            [(1 + i % 5, 5), (2, 4), ("dk" if i < 4 else 3, "dk"), (1 if i % 2 else 5, 3), (4, 4)],
            role="board" if i < 6 else "staff",
            department="sales" if i % 2 else "hr",
            group=None if i < 6 else "external",
        )
        for i in range(12)
    ]


def agreeing() -> list[RespondentRecord]:
    """Eleven respondents who want what they have; goals average 27/11, shown as 2.45."""
    roles = ["board"] * 5 + ["staff"] * 4 + ["external"] * 2
    return [
        respondent(
            f"r{i}", [(3 if i < 5 else 2,) * 2, (2, 2), (3, 3), (2, 2), (4, 4)], role=roles[i]
        )
        for i in range(11)
    ]


def report(model: CapabilityModel, records: list[RespondentRecord], **options: object) -> str:
    matrix = ResponseMatrix.from_records(model, records)
    return render_text(model, score(model, matrix, **options))  # type: ignore[arg-type]


TWELVE_EN = """\
partnerscan — Mini model (mini@1.0)
Respondents: 12 (minimum group size 5)
Challenge shares: chain 25%, innovation 75%

Profile (current → ambition, level)
  Overall                                          3.0 → 4.0   3 Organised; \
weakest condition: Strategy
  Strategy                                         2.5 → 4.5   3 Organised  n=12  α 0.00
    Goals                                          2.8 → 5.0   n=12
    Themes                                         2.0 → 4.0   n=12
    Selection                                      3.0 → –     n=8
  Culture                                          3.5 → 3.5   4 Integrated  n=12  α 0.00
    Leadership                                     3.0 → 3.0   n=12
    Learning                                       4.0 → 4.0   n=12

Leads
  1. Themes (priority 5.00, level 2 Aware)
     two
  2. Goals (priority 2.81, level 3 Organised)
     three

Where views differ (AD_M > 0.83)
  Goals                            AD_M 1.25   1:3  2:3  3:2  4:2  5:2
  Leadership                       AD_M 2.00   1:6  2:0  3:0  4:0  5:6
Insufficient view (over 30% don't know)
  Selection

Breakdowns
  Role                             n          STR    CUL
    board                          6          2.4    3.5
    staff                          6          2.6    3.5
  Department                       n          STR    CUL
    hr                             6          2.4    4.5
    sales                          6          2.6    2.5
  Group                            n          STR    CUL
    external                       6          2.6    3.5
    (not given)                    6          2.4    3.5
"""

TWELVE_NL = """\
partnerscan — Minimodel (mini@1.0)
Respondenten: 12 (minimale groepsgrootte 5)
Soorten opgaven: chain 25%, innovation 75%

Profiel (huidig → ambitie, niveau)
  Totaal                                           3,0 → 4,0   3 Georganiseerd; \
zwakste voorwaarde: Strategie
  Strategie                                        2,5 → 4,5   3 Georganiseerd  n=12  α 0,00
    Doelen                                         2,8 → 5,0   n=12
    Thema's                                        2,0 → 4,0   n=12
    Selectie                                       3,0 → –     n=8
  Cultuur                                          3,5 → 3,5   4 Geïntegreerd  n=12  α 0,00
    Leiderschap                                    3,0 → 3,0   n=12
    Leren                                          4,0 → 4,0   n=12

Aanknopingspunten
  1. Thema's (prioriteit 5,00, niveau 2 Bewust)
     twee
  2. Doelen (prioriteit 2,81, niveau 3 Georganiseerd)
     drie

Waar de beelden uiteenlopen (AD_M > 0,83)
  Doelen                           AD_M 1,25   1:3  2:3  3:2  4:2  5:2
  Leiderschap                      AD_M 2,00   1:6  2:0  3:0  4:0  5:6
Onvoldoende zicht (meer dan 30% weet het niet)
  Selectie

Uitsplitsingen
  Rol                              n          STR    CUL
    board                          6          2,4    3,5
    staff                          6          2,6    3,5
  Afdeling                         n          STR    CUL
    hr                             6          2,4    4,5
    sales                          6          2,6    2,5
  Groep                            n          STR    CUL
    external                       6          2,6    3,5
    (niet ingevuld)                6          2,4    3,5
"""

FOUR_SUPPRESSED = """\
partnerscan — Mini model (mini@1.0)
Respondents: 4 (minimum group size 3)
Challenge shares: none (all weights 1)

Profile (current → ambition, level)
  Overall                                          2.9 → 4.0   3 Organised; \
weakest condition: Strategy
  Strategy                                         2.3 → 4.5   2 Aware  n=4
    Goals                                          2.5 → 5.0   n=4
    Themes                                         2.0 → 4.0   n=4
    Selection                                        – → –     n=0
  Culture                                          3.5 → 3.5   4 Integrated  n=4  α 0.00
    Leadership                                     3.0 → 3.0   n=4
    Learning                                       4.0 → 4.0   n=4

Leads
  1. Goals (priority 2.50, level 3 Organised)
     three
  2. Themes (priority 2.00, level 2 Aware)
     two

Where views differ (AD_M > 0.83)
  Goals                            AD_M 1.00   1:1  2:1  3:1  4:1  5:0
  Leadership                       AD_M 2.00   1:2  2:0  3:0  4:0  5:2
Insufficient view (over 30% don't know)
  Selection

Breakdowns
  Role: not shown: groups too small to keep answers anonymous
  Department: not shown: groups too small to keep answers anonymous
  Group: not shown: groups too small to keep answers anonymous
"""

AGREEING = """\
partnerscan — Mini model (mini@1.0)
Respondents: 11 (minimum group size 5)
Challenge shares: none (all weights 1)

Profile (current → ambition, level)
  Overall                                          2.7 → 2.7   3 Organised; \
weakest condition: Strategy
  Strategy                                        2.48 → 2.48  2 Aware  n=11  α 0.00
    Goals                                         2.45 → 2.45  n=11
    Themes                                         2.0 → 2.0   n=11
    Selection                                      3.0 → 3.0   n=11
  Culture                                          3.0 → 3.0   3 Organised  n=11
    Leadership                                     2.0 → 2.0   n=11
    Learning                                       4.0 → 4.0   n=11

Leads
  No aspect has a positive priority.

Where views differ (AD_M > 0.83)
  Views agree on every aspect.

Breakdowns
  Role                             n          STR    CUL
    board                          5          2.7    3.0
    other                          6          2.3    3.0
  Department: not shown: groups too small to keep answers anonymous
  Group: not shown: groups too small to keep answers anonymous
"""


@pytest.mark.parametrize(("lang", "expected"), [("en", TWELVE_EN), ("nl", TWELVE_NL)])
def test_the_report_shows_profile_leads_differing_views_and_breakdowns(
    mini: CapabilityModel, lang: str, expected: str
) -> None:
    assert report(mini, twelve(), shares=SHARES, lang=lang) == expected


def test_small_groups_are_not_broken_down_and_no_shares_means_weights_1(
    mini: CapabilityModel,
) -> None:
    assert report(mini, twelve()[:4], min_group=3, lang="en") == FOUR_SUPPRESSED


def test_agreeing_views_without_gaps_and_an_other_group(mini: CapabilityModel) -> None:
    assert report(mini, agreeing(), lang="en") == AGREEING
