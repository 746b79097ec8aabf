"""Load model files of either kind, reporting every problem as `file:line: message`.

A file without `kind` holds a capability model; `kind: health` marks the health check of a
partnership. Both kinds live side by side in the models folder."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from partnerscan.capability.health import HealthModel
from partnerscan.capability.modelfile import (
    REF,
    Loc,
    ModelFileError,
    Problem,
    RawProblem,
    UniqueIds,
    is_version,
    items,
    message,
    models_dir,
    parse,
    pydantic_problems,
    version_key,
    where,
)
from partnerscan.capability.schema import INTERNAL, PLACEHOLDER, CapabilityModel

AnyModel = CapabilityModel | HealthModel
M = TypeVar("M", CapabilityModel, HealthModel)
KINDS: dict[str, type[AnyModel]] = {"capability": CapabilityModel, "health": HealthModel}


def kind_of(model: AnyModel) -> str:
    return "health" if isinstance(model, HealthModel) else "capability"


FIVE_LISTS = ("anchors", "next_steps", "levels", "level_descriptions")
WEIGHT_ERRORS = ("less_than_equal", "greater_than_equal", "int_type", "int_parsing")


def _capability_wording(kind: str, loc: Loc, default: str) -> str:
    last = loc[-1] if loc else ""
    parent = loc[-2] if len(loc) >= 2 else ""
    if parent == "weights" and kind == "extra_forbidden":
        return f"unknown challenge type '{last}'"
    if parent == "weights" and kind in WEIGHT_ERRORS:
        return "weight must be 1, 2 or 3"
    if kind in ("too_short", "too_long") and last in FIVE_LISTS:
        return f"{last} must have exactly five entries (levels 1 to 5)"
    if kind == "value_error":
        return default.removeprefix("Value error, ")
    return message(kind, loc, default)


def _capability_checks(data: dict[str, Any]) -> list[RawProblem]:
    """Rules across nodes, checked on the raw data so they show beside schema errors."""
    unique = UniqueIds()
    for ci, condition in items(data, "conditions"):
        unique.add(("conditions", ci), condition)
        for ai, aspect in items(condition, "aspects"):
            unique.add(("conditions", ci, "aspects", ai), aspect)
    problems = unique.problems
    for key in ("challenge_types", "context"):
        ids: set[Any] = set()
        for i, item in items(data, key):
            if item.get("id") in ids:
                problems.append(((key, i, "id"), f"duplicate id '{item.get('id')}' in {key}"))
            ids.add(item.get("id"))
    return problems + _continues_checks(data) + _partner_checks(data)


PARTNER_VALUE = "partner must be wording (question and five anchors) or 'internal'"


def _partner_checks(data: dict[str, Any]) -> list[RawProblem]:
    """Each aspect's `partner` is wording or 'internal' (reported at the aspect), and the
    partner view is whole (reported at the model)."""
    aspects: list[tuple[Loc, dict[str, Any]]] = [
        (("conditions", ci, "aspects", ai, "partner"), aspect)
        for ci, condition in items(data, "conditions")
        for ai, aspect in items(condition, "aspects")
    ]
    problems: list[RawProblem] = []
    for loc, aspect in aspects:
        value = aspect.get("partner")
        if isinstance(value, dict):
            problems.extend(_placeholder_checks(loc, value))
        elif "partner" in aspect and value != INTERNAL:
            problems.append((loc, f"{where(loc)}: {PARTNER_VALUE}"))
    return problems + _partner_view_whole(aspects, problems)


def _partner_view_whole(
    aspects: list[tuple[Loc, dict[str, Any]]], problems: list[RawProblem]
) -> list[RawProblem]:
    """Every aspect has `partner` once one has, and a partner can observe at least one."""
    missing = [f"{a.get('id')} ({where(loc[:-1])})" for loc, a in aspects if "partner" not in a]
    if missing and len(missing) < len(aspects):
        rule = "every aspect needs 'partner' (wording or 'internal') once one aspect has it"
        return [((), f"{rule}; missing: {', '.join(missing)}")]
    observable = any(isinstance(a.get("partner"), dict) for _loc, a in aspects)
    if aspects and not missing and not problems and not observable:
        rule = "a partner view needs at least one aspect a partner can observe"
        return [((), f"{rule}; every aspect is 'internal'")]
    return []


def _placeholder_checks(loc: Loc, partner: dict[str, Any]) -> list[RawProblem]:
    """The same rule as the schema's, naming the placeholder and the language it is in."""
    question = partner.get("question")
    if not isinstance(question, dict):
        return []
    problems: list[RawProblem] = []
    for lang, text in question.items():
        rest = text.replace(PLACEHOLDER, "") if isinstance(text, str) else ""
        if "{" not in rest and "}" not in rest:
            continue
        found = re.findall(r"\{[^{}]*\}", rest)
        wrong = ", ".join(found) if found else "a stray '{' or '}'"
        at: Loc = (*loc, "question", lang)
        problems.append(
            (
                at,
                f"{where(at)}: the question may only use the placeholder {PLACEHOLDER}, "
                f"not {wrong}",
            )
        )
    return problems


def _capability_errors(errors: list[ErrorDetails], raw: list[RawProblem]) -> list[ErrorDetails]:
    """Pydantic's errors at the places the file has them.

    Pydantic tries an aspect's `partner` as wording and as 'internal' and reports each branch's
    failure under the branch's name; only the wording branch is kept, at the file's own path.
    What _partner_checks reports with a better message is left to it: a `partner` that is not
    a mapping, a wrong placeholder, and the rules across aspects (the schema checks these last,
    at the top of the model)."""
    kept = []
    for error in errors:
        loc = tuple(error["loc"])
        if loc == () and any(at == () or at[4:5] == ("partner",) for at, _message in raw):
            continue
        if loc[:1] == ("conditions",) and loc[4:5] == ("partner",) and len(loc) > 5:
            rest = loc[6:]
            if loc[5] != "PartnerWording" or not rest:
                continue
            if rest == ("question",) and error["type"] == "value_error":
                continue
            error = {**error, "loc": (*loc[:5], *rest)}
        kept.append(error)
    return kept


def _aspect_ids(data: Any) -> set[Any]:
    return {
        a.get("id") for _c, cond in items(data, "conditions") for _a, a in items(cond, "aspects")
    }


def _continues_checks(data: dict[str, Any]) -> list[RawProblem]:
    """Within the file: an earlier version, aspects of this model, no old aspect twice."""
    continues = data.get("continues")
    if not isinstance(continues, dict):
        return []
    problems: list[RawProblem] = []
    version, own = str(continues.get("version")), str(data.get("version"))
    if is_version(version) and is_version(own) and version_key(version) >= version_key(own):
        problems.append(
            (("continues", "version"), f"version {version} is not earlier than this version {own}")
        )
    mapping = continues.get("aspects")
    if not isinstance(mapping, dict):
        return problems
    ours = _aspect_ids(data)
    taken: dict[Any, Any] = {}
    for new, old in mapping.items():
        loc: Loc = ("continues", "aspects", new)
        if new not in ours:
            problems.append((loc, f"'{new}' is not an aspect of this model"))
        if isinstance(old, str) and old in taken:
            problems.append(
                (loc, f"old aspect '{old}' is continued twice (also by '{taken[old]}')")
            )
        taken.setdefault(old, new)
    return problems


def _earlier_version_checks(model: CapabilityModel, directory: Path) -> list[RawProblem]:
    """Across files: the continued version lies next to this file and has the old aspects."""
    if model.continues is None:
        return []
    version = model.continues.version
    name = f"{model.id}-{version}.yaml"
    if not (directory / name).is_file():
        return [
            (
                ("continues", "version"),
                f"version {version} of '{model.id}' is not in the models folder ({name})",
            )
        ]
    old, _problems = check_file(directory / name)
    if not isinstance(old, CapabilityModel):
        return [(("continues", "version"), f"{name}, which this version continues, has errors")]
    known = {a.id for a in old.aspects}
    return [
        (("continues", "aspects", new), f"'{gone}' is not an aspect of {old.ref}")
        for new, gone in model.continues.aspects.items()
        if gone not in known
    ]


# --- the health check of a partnership ----------------------------------------------------------


def _health_wording(kind: str, loc: Loc, default: str) -> str:
    last = loc[-1] if loc else ""
    if kind in ("too_short", "too_long") and loc == ("scale",):
        return "scale must have exactly five points (1 to 5)"
    if kind == "too_short" and last == "statements":
        return "a dimension needs at least one statement"
    if kind == "value_error":
        return default.removeprefix("Value error, ")
    return message(kind, loc, default)


def _health_checks(data: dict[str, Any]) -> list[RawProblem]:
    """Ids and codes are unique across the file's dimensions and statements."""
    unique = UniqueIds()
    for di, dimension in items(data, "dimensions"):
        unique.add(("dimensions", di), dimension)
        for si, statement in items(dimension, "statements"):
            unique.add(("dimensions", di, "statements", si), statement)
    return unique.problems


# --- either kind ---------------------------------------------------------------------------------


def _validate(kind: str, data: dict[str, Any]) -> tuple[AnyModel | None, list[RawProblem]]:
    if kind == "health":
        raw, wording = _health_checks(data), _health_wording
    else:
        raw, wording = _capability_checks(data), _capability_wording
    try:
        return KINDS[kind].model_validate(data), raw
    except ValidationError as exc:
        errors = exc.errors() if kind == "health" else _capability_errors(exc.errors(), raw)
        return None, raw + pydantic_problems(errors, wording)


def check_text(
    text: str, filename: str, directory: Path | None = None
) -> tuple[AnyModel | None, list[Problem]]:
    """Parse and validate one model file's text, of either kind; never raises for bad content.

    A version that continues an earlier one is checked against that version's file in
    `directory` (by default the folder of `filename`)."""
    parsed = parse(text, filename)
    if isinstance(parsed, list):
        return None, parsed
    data, tree = parsed
    kind = data.get("kind", "capability")
    if not isinstance(kind, str) or kind not in KINDS:
        unknown = f"kind: unknown kind '{kind}' (leave it out for a capability model, or 'health')"
        return None, tree.located(filename, [*tree.problems, (("kind",), unknown)])
    if kind == "capability":
        data.pop("kind", None)  # the capability schema predates `kind`: its files go without it
    model, raw = _validate(kind, data)
    raw = tree.problems + raw
    if model is not None and not raw:
        expected = f"{model.id}-{model.version}.yaml"
        if Path(filename).name != expected:
            raw.append((("id",), f"file name must be '{expected}' (model id and version)"))
        elif isinstance(model, CapabilityModel):
            raw.extend(_earlier_version_checks(model, directory or Path(filename).parent))
    problems = tree.located(filename, raw)
    return (model if not problems else None), problems


def check_file(path: Path | str) -> tuple[AnyModel | None, list[Problem]]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(str(path), 1, f"cannot read file: {exc}")]
    return check_text(text, str(path))


def _load(path: Path | str, expected: type[M]) -> M:
    model, problems = check_file(path)
    if model is None:
        raise ModelFileError(problems)
    if not isinstance(model, expected):
        wanted = next(kind for kind, schema in KINDS.items() if schema is expected)
        found = f"a {kind_of(model)} model, not a {wanted} model"
        raise ModelFileError([Problem(str(path), 1, found)])
    return model


def load_file(path: Path | str) -> CapabilityModel:
    return _load(path, CapabilityModel)


def load_health_file(path: Path | str) -> HealthModel:
    return _load(path, HealthModel)


@cache
def _shipped(directory: Path) -> tuple[AnyModel, ...]:
    models = []
    for path in sorted(directory.glob("*.yaml")):
        model, problems = check_file(path)
        if model is None:
            raise ModelFileError(problems)
        models.append(model)
    return tuple(sorted(models, key=lambda m: (m.id, version_key(m.version))))


def _folder(directory: Path | None) -> Path:
    # absolute(), not resolve(): this runs on every request that reads a model, and
    # resolving symlinks is a round of system calls for a key the cache already has.
    return (directory or models_dir()).absolute()


def shipped_models(directory: Path | None = None) -> tuple[CapabilityModel, ...]:
    """Every capability model shipped in the models folder, ordered by id and version."""
    return tuple(m for m in _shipped(_folder(directory)) if isinstance(m, CapabilityModel))


def shipped_health_models(directory: Path | None = None) -> tuple[HealthModel, ...]:
    """Every health check shipped in the models folder, ordered by id and version."""
    return tuple(m for m in _shipped(_folder(directory)) if isinstance(m, HealthModel))


def get_model(ref: str | None = None, directory: Path | None = None) -> CapabilityModel:
    """A shipped model by `id@version`, `id` (its newest version), or None (the newest)."""
    # Cached per folder and reference: every respondent request asks for its round's model,
    # and the shipped files never change while the process runs (the same bargain _shipped
    # makes). A refused reference raises, and exceptions are not cached; the bound keeps
    # spelling variants of a reference (spaces) from growing it without end.
    return _find_model(ref, _folder(directory))


def get_health_model(ref: str | None = None, directory: Path | None = None) -> HealthModel:
    """A shipped health check by `id@version`, `id` (its newest version), or None (the newest);
    cached like get_model."""
    return _find_health_model(ref, _folder(directory))


@lru_cache(maxsize=256)
def _find_model(ref: str | None, directory: Path) -> CapabilityModel:
    return _pick(shipped_models(directory), ref, "capability")


@lru_cache(maxsize=256)
def _find_health_model(ref: str | None, directory: Path) -> HealthModel:
    return _pick(shipped_health_models(directory), ref, "health")


def _pick(models: Sequence[M], ref: str | None, kind: str) -> M:
    if not models:
        raise LookupError(f"no {kind} models are shipped")
    if ref is None:
        return max(models, key=lambda m: version_key(m.version))
    match = REF.match(ref.strip())
    if not match:
        raise LookupError(f"'{ref}' is not a model reference (use ID or ID@VERSION)")
    candidates = [m for m in models if m.id == match["id"]]
    if match["version"]:
        candidates = [m for m in candidates if m.version == match["version"]]
    if not candidates:
        known = ", ".join(m.ref for m in models)
        raise LookupError(f"unknown model '{ref}' (shipped: {known})")
    return max(candidates, key=lambda m: version_key(m.version))


# --- continuation across versions ---------------------------------------------------------------


def aspect_map(
    model: CapabilityModel, version: str, directory: Path | None = None
) -> dict[str, str] | None:
    """This model's aspect ids -> the ids they continue in `version` of the same model.

    Follows `continues` back through the versions in between, so 1.2 -> 1.1 -> 1.0 composes.
    The same version maps every aspect to itself; None when `version` is not reached."""
    mapping = {a.id: a.id for a in model.aspects}
    current = model
    while current.version != version:
        if current.continues is None:
            return None
        step = current.continues
        mapping = {new: step.aspects[mid] for new, mid in mapping.items() if mid in step.aspects}
        try:
            current = get_model(f"{model.id}@{step.version}", directory)
        except LookupError:
            return None
    return mapping


def successors(model: CapabilityModel, directory: Path | None = None) -> list[CapabilityModel]:
    """The model itself and every shipped later version that continues it, newest first."""
    found = [
        m
        for m in shipped_models(directory)
        if m.id == model.id and (m.version == model.version or m.continues is not None)
        if aspect_map(m, model.version, directory) is not None
    ]
    return sorted(found, key=lambda m: version_key(m.version), reverse=True)
