"""Breakdown groups: the figures a group does not show, and the order of the groups."""

from __future__ import annotations

from typing import Any

from partnerscan.capability.schema import CapabilityModel

from .helpers import MINI_ASPECTS, respondent, rounded
from .test_engine_hand import results_of, uniform

CONDITIONS = ("strategy", "culture")
NOT_SHOWN = {"n": 0, "mean": None}


def shown(n: int, mean: float) -> dict[str, Any]:
    return {"n": n, "mean": mean}


def role_group(
    label: str,
    current: list[dict[str, Any]],
    ambition: list[dict[str, Any]],
    aspects: list[dict[str, Any]],
) -> dict[str, Any]:
    """A role group of the mini model; `current`, `ambition` per condition, `aspects` in order."""
    return {
        "group": label,
        "kind": "value",
        "n": 3,
        "conditions": [
            {"id": c, "current": cur, "ambition": amb}
            for c, cur, amb in zip(CONDITIONS, current, ambition, strict=True)
        ],
        "aspects": [{"id": a, "current": s} for a, s in zip(MINI_ASPECTS, aspects, strict=True)],
    }


def test_a_group_without_current_answers_shows_its_current_figures_as_not_shown(
    mini: CapabilityModel,
) -> None:
    # Only ambitions: a gives 4 everywhere, b 2. No current figure is shown for any group.
    records = [
        respondent(str(i), [(None, 4 if i < 3 else 2)] * 5, "a" if i < 3 else "b") for i in range(6)
    ]
    expected = {
        "suppressed": False,
        "groups": [
            role_group(label, [NOT_SHOWN] * 2, [shown(3, mean)] * 2, [NOT_SHOWN] * 5)
            for label, mean in (("a", 4.0), ("b", 2.0))
        ],
    }
    assert rounded(results_of(mini, records, min_group=3)["breakdowns"]["role"]) == expected


def test_groups_follow_display_order_not_the_order_they_first_appear_in(
    mini: CapabilityModel,
) -> None:
    # Only current answers. a answers learning alone (1), so a shows no condition (1 of culture's
    # 2 aspects is below the 60% rule) and first appears at the last aspect, after b (2) and
    # c (3), who answer everything.
    records = [respondent(f"a{i}", [(None, None)] * 4 + [(1, None)], "a") for i in range(3)]
    records += [respondent(f"b{i}", [(2, None)] * 5, "b") for i in range(3)]
    records += [respondent(f"c{i}", [(3, None)] * 5, "c") for i in range(3)]
    expected = {
        "suppressed": False,
        "groups": [
            role_group("a", [NOT_SHOWN] * 2, [NOT_SHOWN] * 2, [NOT_SHOWN] * 4 + [shown(3, 1.0)]),
            role_group("b", [shown(3, 2.0)] * 2, [NOT_SHOWN] * 2, [shown(3, 2.0)] * 5),
            role_group("c", [shown(3, 3.0)] * 2, [NOT_SHOWN] * 2, [shown(3, 3.0)] * 5),
        ],
    }
    assert rounded(results_of(mini, records, min_group=3)["breakdowns"]["role"]) == expected


def test_a_role_named_other_sorts_with_the_named_groups(mini: CapabilityModel) -> None:
    # Roles "other" (current 1, ambition 2) and "zeta" (3, 4), 3 each: nothing is pooled, and the
    # role called "other" is a named group, sorted alphabetically before "zeta".
    records = [uniform(str(i), 1, 2, "other", "x", "y") for i in range(3)]
    records += [uniform(str(i), 3, 4, "zeta", "x", "y") for i in range(3, 6)]
    expected = {
        "suppressed": False,
        "groups": [
            role_group("other", [shown(3, 1.0)] * 2, [shown(3, 2.0)] * 2, [shown(3, 1.0)] * 5),
            role_group("zeta", [shown(3, 3.0)] * 2, [shown(3, 4.0)] * 2, [shown(3, 3.0)] * 5),
        ],
    }
    assert rounded(results_of(mini, records, min_group=3)["breakdowns"]["role"]) == expected
