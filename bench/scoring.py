"""Benchmark the scoring engine against a bare numpy pass over the same array.

Run: .venv/bin/python bench/scoring.py [--sizes 1000,10000,100000,1000000]

For each size it prints the time of `score()` (with role, department and group breakdowns) and
its ratio to a pass computing only the per-aspect means of the same current-level array. Goal:
one million respondents in under 3 s, growing linearly, at most 5× the bare pass.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from partnerscan.capability.loader import get_model, load_file  # noqa: E402
from partnerscan.capability.schema import CapabilityModel  # noqa: E402
from partnerscan.scoring import Labels, ResponseMatrix, score  # noqa: E402

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "mini-1.0.yaml"
# Codes 0 (not answered), 1..5, 6 (don't know), roughly as respondents give them.
CODE_P = [0.04, 0.10, 0.22, 0.30, 0.20, 0.08, 0.06]


def pick_model() -> CapabilityModel:
    try:
        return get_model(None)
    except LookupError:
        return load_file(FIXTURE)


def labels(rng: np.random.Generator, size: int, names: list[str | None]) -> Labels:
    weights = rng.random(len(names)) + 0.05
    codes = rng.choice(len(names), size=size, p=weights / weights.sum()).astype(np.intp)
    return Labels(codes, tuple(names))


def synthetic(model: CapabilityModel, size: int, seed: int = 1) -> ResponseMatrix:
    rng = np.random.default_rng(seed)
    shape = (size, len(model.aspects))
    current = rng.choice(7, size=shape, p=CODE_P).astype(np.int8)
    ambition = np.minimum(current + rng.choice(3, size=shape), 5).astype(np.int8)
    ambition[current == 6] = 6
    return ResponseMatrix.from_arrays(
        [a.id for a in model.aspects],
        current,
        ambition,
        labels(rng, size, ["board", "manager", "staff", "advisor", "partner", "other role", None]),
        labels(rng, size, [f"department {i}" for i in range(25)] + [None]),
        labels(rng, size, ["internal", "external", None]),
    )


def bare_means(current: np.ndarray) -> np.ndarray:
    numeric = (current >= 1) & (current <= 5)
    return (current * numeric).sum(axis=0, dtype=np.int64) / numeric.sum(axis=0)


def best_of(repeats: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench/scoring.py")
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    model = pick_model()
    shares = {t.id: 1 / len(model.challenge_types) for t in model.challenge_types}
    print(f"model {model.ref}: {len(model.aspects)} aspects; best of {args.repeats}")
    print(f"{'respondents':>12} {'score s':>9} {'bare s':>9} {'ratio':>6} {'µs/resp':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        matrix = synthetic(model, size)
        scored = best_of(args.repeats, lambda m=matrix: score(model, m, shares=shares))
        bare = best_of(args.repeats, lambda m=matrix: bare_means(m.current))
        per_respondent = scored / size * 1e6
        print(
            f"{size:>12,} {scored:>9.4f} {bare:>9.4f} {scored / bare:>6.1f} {per_respondent:>8.3f}"
        )


if __name__ == "__main__":
    main()
