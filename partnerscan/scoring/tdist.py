"""Student's t distribution: tail probabilities and quantiles, in plain Python.

The trend test (`trend.py`) needs two numbers per comparison: the two-sided p of a t statistic
and the quantile for the 95% interval, at the non-integer degrees of freedom Welch's test gives.
Importing `scipy.stats` for them costs seconds per process; these few functions do not.

The tail is the regularized incomplete beta function, P(|T| > t) = I_x(df/2, 1/2) with
x = df / (df + t²). Up to 100 degrees of freedom, and wherever x is not close to 1, it is
evaluated by its continued fraction (modified Lentz). For more degrees of freedom x comes
close to 1, where the continued fraction loses digits (1e-10 at df = 1e7), so there the
asymptotic expansion for a large and b small of DiDonato and Morris (1992, ACM TOMS 18,
"BGRAT") takes over; with b = ½ its incomplete gamma function is `math.erfc`. The quantile
inverts the tail by Newton's method on its logarithm, kept inside a bracket and falling back
to bisection when a step would leave it. Tested against scipy for df from 1 to 1e7 and t up
to 1e6 (tests/scoring/test_tdist.py).
"""

from __future__ import annotations

import math

_EPSILON = 1e-16  # the continued fraction stops when a step changes it less than this
_TINY = 1e-300  # keeps Lentz's denominators away from zero
_MAX_TERMS = 100_000
_LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)
_LARGE_A = 50.0  # from df = 100 on, near x = 1, the series below instead of the fraction
_LOG_NEAR_ONE = math.log(0.3)  # "near": 1 − x < 0.3


def two_sided_p(t: float, df: float) -> float:
    """P(|T| ≥ |t|) for T with `df` degrees of freedom (df > 0, not necessarily whole)."""
    _check_df(df)
    if math.isnan(t):
        return math.nan
    if t == 0:
        return 1.0
    if math.isinf(t):
        return 0.0
    return _tail(abs(t), df)


def sf(t: float, df: float) -> float:
    """P(T > t), the survival function."""
    half = 0.5 * two_sided_p(t, df)
    return half if t >= 0 or math.isnan(t) else 1.0 - half


def isf(p: float, df: float) -> float:
    """The t with P(T > t) = p: the inverse of `sf`, for 0 ≤ p ≤ 1."""
    _check_df(df)
    if not 0 <= p <= 1:
        return math.nan
    if p == 0.5:
        return 0.0
    if p > 0.5:
        return -isf(1.0 - p, df)
    if p == 0:
        return math.inf
    return _solve_upper(2 * p, df)


def ppf(q: float, df: float) -> float:
    """The t with P(T ≤ t) = q: the quantile function, for 0 ≤ q ≤ 1."""
    if not 0 <= q <= 1:
        return math.nan
    return -isf(q, df) if q < 0.5 else isf(1.0 - q, df)


def pdf(t: float, df: float) -> float:
    """The density of T at t."""
    _check_df(df)
    if math.isinf(t):
        return 0.0
    a = 0.5 * df
    log_norm = _log_gamma_ratio(a) - 0.5 * math.log(df * math.pi)
    return math.exp(log_norm - (a + 0.5) * _log1p_square(t / math.sqrt(df)))


def _check_df(df: float) -> None:
    if not (df > 0 and math.isfinite(df)):
        raise ValueError(f"degrees of freedom must be positive and finite, not {df}")


def _log1p_square(r: float) -> float:
    """log(1 + r²), also where r² overflows."""
    return math.log1p(r * r) if abs(r) < 1e150 else 2 * math.log(abs(r))


def _tail(t: float, df: float) -> float:
    """I_x(df/2, 1/2) at x = df / (df + t²), for finite t > 0: the two-sided tail."""
    a, b = 0.5 * df, 0.5
    # x and 1 − x each computed without subtracting from 1, so neither loses digits.
    r = t / math.sqrt(df)
    log_x = -_log1p_square(r)
    log_y = -math.log1p(1 / (r * r)) if r >= 1 else 2 * math.log(r) - math.log1p(r * r)
    if a >= _LARGE_A and log_y < _LOG_NEAR_ONE:
        return _large_a_series(a, log_x)
    front = math.exp(a * log_x + b * log_y - _log_beta_half(a))
    x, y = math.exp(log_x), math.exp(log_y)
    if x < (a + 1) / (a + b + 2):
        return front * _continued_fraction(a, b, x) / a
    return 1.0 - front * _continued_fraction(b, a, y) / b


def _continued_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of I_x(a, b), by the modified Lentz method."""
    qab, qap, qam = a + b, a + 1, a - 1
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, _MAX_TERMS):
        m2 = 2 * m
        for coefficient in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1.0 + coefficient * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + coefficient / c
            c = c if abs(c) > _TINY else _TINY
            h *= d * c
        if abs(d * c - 1.0) < _EPSILON:
            return h
    raise ArithmeticError(f"incomplete beta did not converge for a={a}, b={b}, x={x}")


def _series_coefficients(b: float, count: int) -> list[float]:
    """p_n of BGRAT (DiDonato & Morris, eq. 9.4): p_0 = 1, then from the previous ones."""
    p = [1.0]
    for n in range(1, count):
        total = sum((m * b - n) * p[n - m] / math.factorial(2 * m + 1) for m in range(1, n))
        p.append(total / n + (b - 1) / math.factorial(2 * n + 1))
    return p


_P_HALF = _series_coefficients(0.5, 40)


def _large_a_series(a: float, log_x: float) -> float:
    """I_x(a, ½) for large a by BGRAT: Σ p_n J_n(½, u) with u = −(a − ¼) log x (eq. 9–9.6).

    Every J_n is carried multiplied by H(½, u) = √u e^(−u) / √π, so that the first term is
    the incomplete gamma function Q(½, u) = erfc(√u) and nothing overflows.
    """
    b, big_t = 0.5, a - 0.25
    u = -big_t * log_x
    gamma_q = math.erfc(math.sqrt(u))
    h = math.exp(0.5 * math.log(u) - u) / math.sqrt(math.pi) if u > 0 else 0.0
    total, hj = gamma_q, gamma_q
    log_x_half_squared, power = (0.5 * log_x) ** 2, 1.0
    four_t2 = 4 * big_t * big_t
    for n in range(1, len(_P_HALF)):
        b2n = b + 2 * (n - 1)
        hj = (b2n * (b2n + 1) * hj + (u + b2n + 1) * power * h) / four_t2
        power *= log_x_half_squared
        term = _P_HALF[n] * hj
        total += term
        if abs(term) <= _EPSILON * abs(total):
            break
    # Γ(a + b) / (Γ(a) T^b), the factor in front of the sum
    return math.exp(_log_gamma_ratio(a) - 0.5 * math.log(big_t)) * total


def _stirling_error(a: float) -> float:
    """log Γ(a) − [(a − ½) log a − a + ½ log 2π]: small, and exact to 1e-16 for a ≥ 10."""
    if a < 10:
        return math.lgamma(a) - ((a - 0.5) * math.log(a) - a + _LOG_SQRT_2PI)
    r = 1.0 / a
    r2 = r * r
    series = (1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156)
    total = 0.0
    for coefficient in reversed(series):
        total = total * r2 + coefficient
    return total * r


def _log_gamma_ratio(a: float) -> float:
    """log Γ(a + ½) − log Γ(a), without the cancellation of two large lgamma values."""
    if a < 10:
        return math.lgamma(a + 0.5) - math.lgamma(a)
    # Stirling's form of both; (a)·log(1 + 1/(2a)) − ½ is small and computed as such.
    return (
        0.5 * math.log(a)
        + (a * math.log1p(0.5 / a) - 0.5)
        + _stirling_error(a + 0.5)
        - _stirling_error(a)
    )


def _log_beta_half(a: float) -> float:
    """log B(a, ½) = log Γ(a) + log Γ(½) − log Γ(a + ½)."""
    return 0.5 * math.log(math.pi) - _log_gamma_ratio(a)


def _solve_upper(p: float, df: float) -> float:
    """The t > 0 whose two-sided tail is p (0 < p < 1): Newton on log tail, in a bracket."""
    low, high = 0.0, 1.0
    while _tail(high, df) > p:
        low, high = high, high * 2
        if math.isinf(high):
            return math.inf
    t = 0.5 * (low + high)
    log_p = math.log(p)
    for _ in range(200):
        tail = _tail(t, df)
        if tail == p:
            return t
        if tail > p:
            low = t
        else:
            high = t
        # d/dt log(two-sided tail) = −2·pdf(t) / tail
        slope = -2 * pdf(t, df) / tail if tail > 0 else 0.0
        step = (math.log(tail) - log_p) / slope if slope < 0 and tail > 0 else math.nan
        proposal = t - step
        if not low < proposal < high:
            proposal = 0.5 * (low + high)
        if abs(proposal - t) <= 1e-15 * t:
            return proposal
        t = proposal
    return t
