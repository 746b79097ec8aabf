"""A readable terminal report of scoring results: profile, leads, where views differ."""

from __future__ import annotations

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring import stats
from partnerscan.scoring.results import AspectResult, Breakdown, Results

WORDS = {
    "en": {
        "respondents": "Respondents",
        "min_group": "minimum group size",
        "shares": "Challenge shares",
        "no_shares": "none (all weights 1)",
        "profile": "Profile (current → ambition, level)",
        "overall": "Overall",
        "weakest": "weakest condition",
        "leads": "Leads",
        "no_leads": "No aspect has a positive priority.",
        "differ": "Where views differ (AD_M > 0.83)",
        "no_differ": "Views agree on every aspect.",
        "insufficient": "Insufficient view (over 30% don't know)",
        "breakdowns": "Breakdowns",
        "suppressed": "not shown: groups too small to keep answers anonymous",
        "role": "Role",
        "department": "Department",
        "group": "Group",
        "other": "other",
        "missing": "(not given)",
        "priority": "priority",
        "level": "level",
    },
    "nl": {
        "respondents": "Respondenten",
        "min_group": "minimale groepsgrootte",
        "shares": "Soorten opgaven",
        "no_shares": "geen (alle gewichten 1)",
        "profile": "Profiel (huidig → ambitie, niveau)",
        "overall": "Totaal",
        "weakest": "zwakste voorwaarde",
        "leads": "Aanknopingspunten",
        "no_leads": "Geen enkel aspect heeft een positieve prioriteit.",
        "differ": "Waar de beelden uiteenlopen (AD_M > 0,83)",
        "no_differ": "Over elk aspect zijn de beelden eensgezind.",
        "insufficient": "Onvoldoende zicht (meer dan 30% weet het niet)",
        "breakdowns": "Uitsplitsingen",
        "suppressed": "niet getoond: groepen te klein om antwoorden anoniem te houden",
        "role": "Rol",
        "department": "Afdeling",
        "group": "Groep",
        "other": "overig",
        "missing": "(niet ingevuld)",
        "priority": "prioriteit",
        "level": "niveau",
    },
}


def _num(value: float | None, lang: str, digits: int = 2) -> str:
    """Rounded half up as on screen; means take one decimal (`_mean`)."""
    shown = stats.shown(value, digits)
    places = digits if shown is None else stats.decimals(shown, digits)
    text = "–" if shown is None else f"{float(shown):.{places}f}"
    return text.replace(".", ",") if lang == "nl" else text


def _mean(value: float | None, lang: str) -> str:
    """A mean with one decimal, as its level is read from (stats.level_of)."""
    return _num(value, lang, 1)


def _level(model: CapabilityModel, level: int | None, lang: str) -> str:
    return "–" if level is None else f"{level} {model.level_name(level, lang)}"


def _header(model: CapabilityModel, results: Results) -> list[str]:
    w = WORDS[results.lang]
    shares = ", ".join(f"{t} {s:.0%}" for t, s in results.challenge_shares.items())
    return [
        f"partnerscan — {model.name.get(results.lang)} ({model.ref})",
        f"{w['respondents']}: {results.respondents} ({w['min_group']} {results.min_group})",
        f"{w['shares']}: {shares or w['no_shares']}",
    ]


def _aspect_line(model: CapabilityModel, aspect: AspectResult, lang: str) -> str:
    name = model.aspect(aspect.id).name.get(lang)
    cur, amb = _mean(aspect.current.mean, lang), _mean(aspect.ambition.mean, lang)
    return f"    {name:<44} {cur:>5} → {amb:<5} n={aspect.current.n}"


def _profile(model: CapabilityModel, results: Results) -> list[str]:
    lang, w = results.lang, WORDS[results.lang]
    o = results.overall
    weakest = (
        model.conditions[[c.id for c in model.conditions].index(o.weakest_condition)]
        if o.weakest_condition
        else None
    )
    lines = [w["profile"]]
    now, ambition = _mean(o.current.mean, lang), _mean(o.ambition.mean, lang)
    lines.append(
        f"  {w['overall']:<46} {now:>5} → {ambition:<5} {_level(model, o.level, lang)}"
        + (f"; {w['weakest']}: {weakest.name.get(lang)}" if weakest else "")
    )
    for condition, result in zip(model.conditions, results.conditions, strict=True):
        cur, amb = _mean(result.current.mean, lang), _mean(result.ambition.mean, lang)
        alpha = f"  α {_num(result.alpha, lang)}" if result.alpha is not None else ""
        lines.append(
            f"  {condition.name.get(lang):<46} {cur:>5} → {amb:<5} "
            f"{_level(model, result.level, lang)}  n={result.current.n}{alpha}"
        )
        lines += [
            _aspect_line(model, a, lang) for a in results.aspects if a.condition == condition.id
        ]
    return lines


def _leads(model: CapabilityModel, results: Results) -> list[str]:
    lang, w = results.lang, WORDS[results.lang]
    lines = [w["leads"]]
    for number, lead in enumerate(results.leads, start=1):
        name = model.aspect(lead.aspect).name.get(lang)
        lines.append(
            f"  {number}. {name} ({w['priority']} {_num(lead.priority, lang)}, "
            f"{w['level']} {_level(model, lead.level, lang)})"
        )
        lines.append(f"     {lead.next_step}")
    return lines if results.leads else [*lines, f"  {w['no_leads']}"]


def _flagged(model: CapabilityModel, results: Results) -> list[str]:
    lang, w = results.lang, WORDS[results.lang]
    lines = [w["differ"]]
    for a in (a for a in results.aspects if a.agreement.views_differ):
        counts = "  ".join(
            f"{level}:{n}" for level, n in enumerate(a.current.counts or (), start=1)
        )
        name = model.aspect(a.id).name.get(lang)
        lines.append(f"  {name:<32} AD_M {_num(a.agreement.ad_m, lang)}   {counts}")
    if len(lines) == 1:
        lines.append(f"  {w['no_differ']}")
    unclear = [model.aspect(a.id).name.get(lang) for a in results.aspects if a.insufficient_view]
    return lines + ([w["insufficient"], *(f"  {name}" for name in unclear)] if unclear else [])


def _breakdown(model: CapabilityModel, name: str, breakdown: Breakdown, lang: str) -> list[str]:
    w = WORDS[lang]
    if breakdown.suppressed:
        return [f"  {w[name]}: {w['suppressed']}"]
    codes = "  ".join(f"{c.code:>5}" for c in model.conditions)
    lines = [f"  {w[name]:<32} {'n':<8} {codes}"]
    for group in breakdown.groups:
        label = group.group if group.kind == "value" else w[group.kind]
        means = "  ".join(f"{_mean(c.current.mean, lang):>5}" for c in group.conditions)
        lines.append(f"    {label or '':<30} {group.n:<8} {means}")
    return lines


def render_text(model: CapabilityModel, results: Results) -> str:
    lines = _header(model, results) + [""] + _profile(model, results) + [""]
    lines += _leads(model, results) + [""] + _flagged(model, results) + [""]
    lines.append(WORDS[results.lang]["breakdowns"])
    for name in ("role", "department", "group"):
        lines += _breakdown(model, name, getattr(results.breakdowns, name), results.lang)
    return "\n".join(lines) + "\n"
