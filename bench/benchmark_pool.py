"""The pool of bench/benchmark.py: every round in it with the scoring engine's means, written in
bulk as `sync_pool_entry` would write them, and checked against `sync_pool_entry` itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from bench.benchmark_data import BATCH, Generated, write_rows


def engine_scores(data: Generated, cache: Path) -> np.ndarray:
    """Per organisation the engine's current and ambition means of every condition and aspect
    (NaN for none), computed from the same answers as the database holds; cached per data set."""
    orgs, respondents, _aspects = data.current.shape
    path = cache / f"scores-{orgs}x{respondents}.npy"
    if path.exists():
        return np.load(path)
    from partnerscan.assessments.visible_results import ENGINE_CODE
    from partnerscan.scoring import Labels, ResponseMatrix, score

    labels = Labels.from_values(["internal"] * respondents)
    blank = Labels.from_values([""] * respondents)
    rows = []
    for o in range(orgs):
        matrix = ResponseMatrix.from_arrays(
            data.aspects,
            ENGINE_CODE[data.current[o]],
            ENGINE_CODE[data.ambition[o]],
            blank,
            blank,
            labels,
        )
        results = score(data.model, matrix, shares={}, min_group=5, lang="en")
        rows.append(flat_means(results))
    scores = np.array(rows, dtype=float)
    np.save(path, scores)
    return scores


def flat_means(results: Any) -> list[float]:
    means = [(c.current.mean, c.ambition.mean) for c in results.conditions]
    means += [(a.current.mean, a.ambition.mean) for a in results.aspects]
    return [np.nan if v is None else v for pair in means for v in pair]


def keys_in_order(model: Any) -> list[tuple[str, str]]:
    """(kind, key) in the order of the engine's results: conditions, then aspects."""
    return [("condition", c.id) for c in model.conditions] + [
        ("aspect", a.id) for a in model.aspects
    ]


def pool(rounds: list[Any], scores: np.ndarray, respondents: int) -> None:
    """One latest entry per round with the engine's means, as `sync_pool_entry` stores them."""
    from partnerscan.pool.models import PoolEntry, PoolScore

    entries = PoolEntry.objects.bulk_create(
        (
            PoolEntry(
                assessment=r,
                organisation_id=r.organisation_id,
                model_id=r.model_id,
                model_version=r.model_version,
                respondents=respondents,
                latest=True,
            )
            for r in rounds
        ),
        batch_size=BATCH,
    )
    keys = keys_in_order(rounds[0].capability_model)
    rows = (
        (entry.pk, kind, key, none(scores[i, 2 * k]), none(scores[i, 2 * k + 1]))
        for i, entry in enumerate(entries)
        for k, (kind, key) in enumerate(keys)
    )
    write_rows(PoolScore, ["entry_id", "kind", "key", "current", "ambition"], rows)


def none(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def stored(assessment: Any) -> dict[tuple[str, str], tuple[float | None, float | None]]:
    from partnerscan.pool.models import PoolScore

    scores = PoolScore.objects.filter(entry__assessment=assessment)
    return {(s.kind, s.key): (s.current, s.ambition) for s in scores}


def check_sync_path(assessment: Any) -> None:
    """The bulk path must store what the real one does: re-sync one round and compare."""
    from partnerscan.pool.domain import sync_pool_entry

    bulk = stored(assessment)
    sync_pool_entry(assessment)
    same = stored(assessment) == bulk
    print(f"sync_pool_entry stores the same means as the bulk path: {'yes' if same else 'NO'}")
    if not same:
        raise SystemExit(1)
