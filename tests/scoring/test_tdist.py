"""Student's t distribution in plain Python (scoring/tdist.py), held against scipy.

scipy is the reference here and only here: no module of partnerscan imports it, so a process
serving the trend test does not pay its import (issue 19).
"""

from __future__ import annotations

import ast
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from partnerscan.scoring import tdist
from partnerscan.scoring.trend import ALPHA, Change, Direction, Summary, compare

PACKAGE = Path(__file__).parents[2] / "partnerscan"

DFS = [1, 1.5, 2, 2.37, 3, 4.5, 7.9, 10, 19.5, 30, 49.99, 99.5, 100, 100.5, 250.25, 1000.3]
DFS += [1e4, 12345.6, 1e5, 1e6, 3.3e6, 1e7]
TS = [1e-6, 1e-3, 0.1, 0.5, 1, 1.5, 1.96, 2, 2.5, 3, 4, 5, 6.5, 8, 10, 20, 37, 100, 1e3, 1e4]
TS += [1e5, 1e6]
RTOL = 1e-10


def close(ours: float, reference: float, rtol: float = RTOL) -> bool:
    """Relative closeness; below the normal floats (1e-308) relative digits are not kept."""
    return abs(ours - reference) <= rtol * abs(reference) + 1e-300


def exact_two_sided(t: float, df: int) -> float:
    """Closed forms for one and two degrees of freedom, exact where scipy is not (tiny t)."""
    t = abs(t)
    if df == 1:
        return 2 * math.atan2(1, t) / math.pi
    root = math.sqrt(2 + t * t)
    return 2 / (root * (root + t))  # 1 − t/√(2 + t²) without the subtraction


@pytest.mark.parametrize("df", DFS)
def test_the_tail_equals_scipys_over_a_grid(df: float) -> None:
    for t in TS:
        for signed in (t, -t):
            reference = float(stats.t.sf(signed, df))
            assert close(tdist.sf(signed, df), reference), (signed, df)
            two_sided = float(2 * stats.t.sf(abs(signed), df))
            assert close(tdist.two_sided_p(signed, df), two_sided), (signed, df)


@pytest.mark.parametrize("df", [1, 2])
def test_the_tail_equals_the_closed_forms_for_one_and_two_degrees_of_freedom(df: int) -> None:
    for t in [1e-300, 1e-160, 1e-12, 1e-8, *TS, 1e8, 1e15, 1e160, 1e300]:
        assert close(tdist.two_sided_p(t, df), exact_two_sided(t, df)), (t, df)


def test_the_tail_equals_scipys_at_random_points() -> None:
    rng = np.random.default_rng(19)
    dfs = np.exp(rng.uniform(0, math.log(1e7), 2000))
    ts = np.exp(rng.uniform(math.log(1e-4), math.log(1e6), 2000))
    for df, t in zip(dfs.tolist(), ts.tolist(), strict=True):
        assert close(tdist.two_sided_p(t, df), float(2 * stats.t.sf(t, df))), (t, df)


@pytest.mark.parametrize("df", DFS)
def test_quantiles_equal_scipys(df: float) -> None:
    for q in [1e-100, 1e-10, 1e-3, 0.025, 0.1, 0.5, 0.6, 0.9, 0.95, 0.975, 0.99, 0.999, 1 - 1e-9]:
        assert close(tdist.ppf(q, df), float(stats.t.ppf(q, df))), (q, df)


def test_quantiles_equal_scipys_at_random_degrees_of_freedom() -> None:
    rng = np.random.default_rng(5)
    for df in np.exp(rng.uniform(0, math.log(1e7), 500)).tolist():
        for p in (0.025, 0.005, 0.05):
            assert close(tdist.isf(p, df), float(stats.t.isf(p, df))), (p, df)


@pytest.mark.parametrize("df", [1, 2.5, 30, 1e3, 1e7])
def test_the_quantile_inverts_the_tail_far_out(df: float) -> None:
    for p in [0.4, 0.025, 1e-5, 1e-20, 1e-100, 1e-250]:
        t = tdist.isf(p, df)
        assert close(tdist.sf(t, df), p, 1e-12), (p, df)


def test_the_edges() -> None:
    assert [tdist.two_sided_p(t, 5) for t in (0.0, -0.0, math.inf, -math.inf)] == [1, 1, 0, 0]
    assert (tdist.sf(math.inf, 3), tdist.sf(-math.inf, 3)) == (0.0, 1.0)
    assert math.isnan(tdist.two_sided_p(math.nan, 3))
    assert (tdist.ppf(0, 4), tdist.ppf(0.5, 4), tdist.ppf(1, 4)) == (-math.inf, 0.0, math.inf)
    assert math.isnan(tdist.ppf(1.5, 4))
    assert tdist.two_sided_p(1e6, 1e7) == 0.0
    assert tdist.pdf(0.3, 7.5) == pytest.approx(float(stats.t.pdf(0.3, 7.5)), rel=1e-13)
    for df in (0, -1, math.inf, math.nan):
        with pytest.raises(ValueError, match="degrees of freedom"):
            tdist.two_sided_p(1.0, df)


def scipy_compare(then: Summary, now: Summary) -> Change:
    """trend.compare as it was, on scipy.stats, for the cases that reach the t-test."""
    assert then.mean is not None and now.mean is not None
    assert then.sd is not None and now.sd is not None
    change = now.mean - then.mean
    a, b = then.sd**2 / then.n, now.sd**2 / now.n
    se = math.sqrt(a + b)
    df = (a + b) ** 2 / (a**2 / (then.n - 1) + b**2 / (now.n - 1))
    t = change / se
    p = float(2 * stats.t.sf(abs(t), df))
    margin = float(stats.t.ppf(1 - ALPHA / 2, df)) * se
    direction: Direction = "none" if p >= ALPHA else ("up" if change > 0 else "down")
    return Change(change, change - margin, change + margin, t, df, p, direction)


def random_summary(rng: np.random.Generator) -> Summary:
    n = int(np.exp(rng.uniform(math.log(2), math.log(200_000))))
    sd = float(rng.choice([0.0, rng.uniform(0.01, 2.0)], p=[0.1, 0.9]))
    return Summary(n, float(rng.uniform(1, 5)), sd)


def test_compare_judges_as_the_scipy_version_did_on_random_summaries() -> None:
    rng = np.random.default_rng(2019)
    judged = 0
    for _ in range(3000):
        then, now = random_summary(rng), random_summary(rng)
        if then.sd == 0 and now.sd == 0:
            continue
        ours, reference = compare(then, now), scipy_compare(then, now)
        assert ours.direction == reference.direction, (then, now)
        assert ours.p is not None and reference.p is not None
        assert abs(ours.p - reference.p) <= 1e-9, (then, now)
        assert (ours.change, ours.t, ours.df) == (reference.change, reference.t, reference.df)
        assert ours.low == pytest.approx(reference.low, rel=1e-10, abs=1e-12)
        assert ours.high == pytest.approx(reference.high, rel=1e-10, abs=1e-12)
        judged += 1
    assert judged > 2500


def test_compare_judges_as_the_scipy_version_did_near_the_five_percent_line() -> None:
    rng = np.random.default_rng(7)
    for _ in range(500):
        n1, n2 = (int(v) for v in rng.integers(2, 60, size=2))
        sd1, sd2 = (float(v) for v in rng.uniform(0.3, 1.5, size=2))
        se = math.sqrt(sd1**2 / n1 + sd2**2 / n2)
        t = float(rng.uniform(1.6, 2.6))  # around the critical value for these df
        then, now = Summary(n1, 3.0, sd1), Summary(n2, 3.0 + t * se, sd2)
        assert compare(then, now).direction == scipy_compare(then, now).direction


def scipy_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        else:
            continue
        found += [f"{path}:{node.lineno}" for n in names if n.split(".")[0] == "scipy"]
    return found


def test_no_module_of_partnerscan_imports_scipy() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 100
    assert [hit for path in modules for hit in scipy_imports(path)] == []


def test_a_trend_test_loads_no_scipy() -> None:
    check = (
        "import sys, partnerscan.scoring.trend as t;"
        "r = t.compare(t.Summary(8, 2.1, 0.6), t.Summary(9, 3.2, 0.7));"
        "assert r.direction == 'up', r;"
        "assert 'scipy' not in sys.modules"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
