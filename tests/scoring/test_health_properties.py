"""Properties of the health check's numbers on random data (hypothesis): the order of
respondents, padding with empty submissions and differencing two outputs reveal nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerscan.scoring.health import HealthRespondent, dimension_score, score_health
from partnerscan.scoring.health_results import HealthResults
from partnerscan.scoring.options import MIN_RESPONDENTS
from partnerscan.scoring.records import DK

from .health_support import MODEL, STATEMENTS, everyone, person

METHOD = Path(__file__).resolve().parents[2] / "docs" / "method.md"
answers = st.sampled_from([1, 2, 3, 4, 5, DK, None])
sides = st.sampled_from(["own", "partner"])
respondent = st.builds(
    lambda side, values: person(side, *values),
    sides,
    st.lists(answers, min_size=len(STATEMENTS), max_size=len(STATEMENTS)),
)
# Enough counting respondents for results: three full ones plus random others.
crowd = st.lists(respondent, max_size=14).map(lambda extra: everyone("own", 3, 3) + extra)


@settings(max_examples=80, deadline=None)
@given(crowd, st.randoms(use_true_random=False))
def test_permuting_respondents_changes_nothing(people: list[HealthRespondent], random: Any) -> None:
    shuffled = list(people)
    random.shuffle(shuffled)
    assert score_health(MODEL, shuffled).to_dict() == score_health(MODEL, people).to_dict()


@settings(max_examples=80, deadline=None)
@given(crowd, st.lists(st.tuples(sides, st.sampled_from([DK, None])), min_size=1, max_size=6))
def test_padding_with_empty_submissions_changes_no_figure(
    people: list[HealthRespondent], pads: list[tuple[Any, Any]]
) -> None:
    padding = [person(side, *[value] * len(STATEMENTS)) for side, value in pads]
    padded = score_health(MODEL, people + padding).to_dict()
    assert padded == score_health(MODEL, people).to_dict()


def _figure_sets(
    results: HealthResults, people: list[HealthRespondent]
) -> dict[str, list[set[int]]]:
    """Per dimension and statement, the sets of respondents behind each figure it shows: a
    reader who knows n and mean knows the sum of the answers of that set."""
    sets: dict[str, list[set[int]]] = {}
    for dimension, figures in zip(MODEL.dimensions, results.dimensions, strict=True):
        scored = {i for i, p in enumerate(people) if dimension_score(p, dimension) is not None}
        sets[dimension.id] = _shown_sets(scored, figures, people)
    for statement in results.statements:
        answered = {i for i, p in enumerate(people) if p.numeric(statement.id) is not None}
        sets[statement.id] = _shown_sets(answered, statement, people)
    return sets


def _shown_sets(members: set[int], figures: Any, people: list[HealthRespondent]) -> list[set[int]]:
    shown = [members] if figures.all.mean is not None else []
    for side in ("own", "partner"):
        side_members = {i for i in members if people[i].side == side}
        if getattr(figures, side) is not None:
            assert len(side_members) >= MIN_RESPONDENTS
            shown.append(side_members)
    return shown


def _isolated(sets: list[set[int]], size: int) -> set[int]:
    """The respondents whose own answer follows from the sums of `sets` by adding and
    subtracting: those whose unit vector lies in the span of the sets' indicator vectors."""
    if not sets:
        return set()
    rows = np.array([[i in s for i in range(size)] for s in sets], dtype=float)
    rank = np.linalg.matrix_rank(rows)
    return {
        i for i in range(size) if np.linalg.matrix_rank(np.vstack([rows, np.eye(size)[i]])) == rank
    }


@settings(max_examples=150, deadline=None)
@given(crowd, respondent)
def test_two_outputs_one_respondent_apart_reveal_no_one_else(
    people: list[HealthRespondent], newcomer: HealthRespondent
) -> None:
    # Adding (or, read backwards, removing) one respondent always reveals that respondent's
    # answer by comparing the two totals; that is why a round shows no change caused by one
    # person while it is open. What the side rule must guarantee: no one else's answer can be
    # worked out, in one output or from both, and no side below 3 ever shows.
    before, after = people, [*people, newcomer]
    sets_before = _figure_sets(score_health(MODEL, before), before)
    sets_after = _figure_sets(score_health(MODEL, after), after)
    size = len(after)
    for figure, shown_before in sets_before.items():
        assert not _isolated(shown_before, size)
        assert not _isolated(sets_after[figure], size)
        assert _isolated(shown_before + sets_after[figure], size) <= {size - 1}


def _documented_json() -> dict[str, Any]:
    text = METHOD.read_text(encoding="utf-8")
    section = text[text.index("## Health check JSON") :]
    block = re.search(r"```json\n(.*?)```", section, re.DOTALL)
    assert block is not None
    documented: dict[str, Any] = json.loads(block.group(1))
    return documented


def _keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _keys(item) for key, item in value.items()}
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [_keys(value[0])]
    return None


def test_results_json_has_exactly_the_keys_docs_method_md_documents() -> None:
    # Every side shown, so no figure is null and each nested key appears.
    results = score_health(MODEL, everyone("own", 3, 4) + everyone("partner", 3, 2))
    assert _keys(results.to_dict()) == _keys(_documented_json())
