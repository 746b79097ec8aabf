"""Load capability model files, reporting every problem as `file:line: message`."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from partnerscan.capability.schema import CapabilityModel
from partnerscan.core.languages import LANGUAGES

Loc = tuple[str | int, ...]
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "capability_models"


def models_dir() -> Path:
    return Path(os.environ.get("CAPABILITY_MODELS_DIR", DEFAULT_DIR))


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class ModelFileError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class _Tree:
    """YAML data plus the line of every node, addressed by its path."""

    def __init__(self) -> None:
        self.lines: dict[Loc, int] = {}
        self.problems: list[tuple[Loc, str]] = []
        self._scalars = yaml.SafeLoader("")

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.lines[loc] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value)
                if key in result:
                    self.lines[(*loc, key)] = key_node.start_mark.line + 1
                    self.problems.append(((*loc, key), f"duplicate key '{key}'"))
                    continue
                result[key] = self.build(value_node, (*loc, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        return self._scalars.construct_object(node, deep=True)

    def line(self, loc: Loc) -> int:
        while loc not in self.lines and loc:
            loc = loc[:-1]
        return self.lines.get(loc, 1)


def _where(loc: Loc) -> str:
    return ".".join(str(part) for part in loc) or "(top)"


FIVE_LISTS = ("anchors", "next_steps", "levels", "level_descriptions")
WEIGHT_ERRORS = ("less_than_equal", "greater_than_equal", "int_type", "int_parsing")


def _message(kind: str, loc: Loc, default: str) -> str:
    """A consultant-readable message for one pydantic error."""
    last = loc[-1] if loc else ""
    parent = loc[-2] if len(loc) >= 2 else ""
    if kind == "missing" and last in LANGUAGES:
        return f"missing language '{last}'"
    if parent == "weights" and kind == "extra_forbidden":
        return f"unknown challenge type '{last}'"
    if parent == "weights" and kind in WEIGHT_ERRORS:
        return "weight must be 1, 2 or 3"
    if kind == "extra_forbidden":
        return f"unknown field '{last}'"
    if kind == "string_too_short":
        return "empty text"
    if kind == "string_pattern_mismatch" and last == "code":
        return "code is not SPSS-safe (a letter, then up to 31 letters, digits or _)"
    if kind in ("too_short", "too_long") and last in FIVE_LISTS:
        return f"{last} must have exactly five entries (levels 1 to 5)"
    return default


def _pydantic_problems(error: ValidationError) -> list[tuple[Loc, str]]:
    problems = []
    for item in error.errors():
        loc = tuple(item["loc"])
        problems.append((loc, f"{_where(loc)}: {_message(item['type'], loc, item['msg'])}"))
    return problems


def _items(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _cross_checks(data: dict[str, Any]) -> list[tuple[Loc, str]]:
    """Rules across nodes, checked on the raw data so they show beside schema errors."""
    problems: list[tuple[Loc, str]] = []
    seen: dict[tuple[str, str], str] = {}

    def unique(loc: Loc, field: str, value: Any) -> None:
        if not isinstance(value, str):
            return
        key = (field, value.lower() if field == "code" else value)
        if key in seen:
            problems.append(((*loc, field), f"duplicate {field} '{value}' (also at {seen[key]})"))
        else:
            seen[key] = _where(loc)

    for ci, condition in _items(data, "conditions"):
        for field in ("id", "code"):
            unique(("conditions", ci), field, condition.get(field))
        for ai, aspect in _items(condition, "aspects"):
            for field in ("id", "code"):
                unique(("conditions", ci, "aspects", ai), field, aspect.get(field))
    for key in ("challenge_types", "context"):
        ids: set[Any] = set()
        for i, item in _items(data, key):
            if item.get("id") in ids:
                problems.append(((key, i, "id"), f"duplicate id '{item.get('id')}' in {key}"))
            ids.add(item.get("id"))
    return problems + _continues_checks(data)


def _aspect_ids(data: Any) -> set[Any]:
    return {
        a.get("id") for _c, cond in _items(data, "conditions") for _a, a in _items(cond, "aspects")
    }


def _continues_checks(data: dict[str, Any]) -> list[tuple[Loc, str]]:
    """Within the file: an earlier version, aspects of this model, no old aspect twice."""
    continues = data.get("continues")
    if not isinstance(continues, dict):
        return []
    problems: list[tuple[Loc, str]] = []
    version, own = str(continues.get("version")), str(data.get("version"))
    if _is_version(version) and _is_version(own) and _version_key(version) >= _version_key(own):
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


def _is_version(value: str) -> bool:
    return re.fullmatch(r"\d+(\.\d+)*", value) is not None


def _earlier_version_checks(model: CapabilityModel, directory: Path) -> list[tuple[Loc, str]]:
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
    if old is None:
        return [(("continues", "version"), f"{name}, which this version continues, has errors")]
    known = {a.id for a in old.aspects}
    return [
        (("continues", "aspects", new), f"'{gone}' is not an aspect of {old.ref}")
        for new, gone in model.continues.aspects.items()
        if gone not in known
    ]


def check_text(
    text: str, filename: str, directory: Path | None = None
) -> tuple[CapabilityModel | None, list[Problem]]:
    """Parse and validate one model file's text; never raises for bad content.

    A version that continues an earlier one is checked against that version's file in
    `directory` (by default the folder of `filename`)."""
    tree = _Tree()
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        return None, [Problem(filename, line, f"malformed YAML: {exc.problem or exc.context}")]
    if node is None:
        return None, [Problem(filename, 1, "empty file")]
    try:
        data = tree.build(node, ())
    except yaml.YAMLError as exc:
        return None, [Problem(filename, 1, f"malformed YAML: {exc}")]
    if not isinstance(data, dict):
        return None, [Problem(filename, 1, "a model file must be a mapping at the top")]
    raw = list(tree.problems) + _cross_checks(data)
    model = None
    try:
        model = CapabilityModel.model_validate(data)
    except ValidationError as exc:
        raw.extend(_pydantic_problems(exc))
    if model is not None:
        expected = f"{model.id}-{model.version}.yaml"
        if Path(filename).name != expected and not raw:
            raw.append((("id",), f"file name must be '{expected}' (model id and version)"))
        if not raw:
            raw.extend(_earlier_version_checks(model, directory or Path(filename).parent))
    problems = [Problem(filename, tree.line(loc), message) for loc, message in raw]
    problems.sort(key=lambda p: p.line)
    return (model if not problems else None), problems


def check_file(path: Path | str) -> tuple[CapabilityModel | None, list[Problem]]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(str(path), 1, f"cannot read file: {exc}")]
    return check_text(text, str(path))


def load_file(path: Path | str) -> CapabilityModel:
    model, problems = check_file(path)
    if model is None:
        raise ModelFileError(problems)
    return model


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


@cache
def _shipped(directory: Path) -> tuple[CapabilityModel, ...]:
    models = [load_file(p) for p in sorted(directory.glob("*.yaml"))]
    return tuple(sorted(models, key=lambda m: (m.id, _version_key(m.version))))


def shipped_models(directory: Path | None = None) -> tuple[CapabilityModel, ...]:
    """Every model shipped in the models folder, ordered by id and version."""
    # absolute(), not resolve(): this runs on every request that reads a model, and
    # resolving symlinks is a round of system calls for a key the cache already has.
    return _shipped((directory or models_dir()).absolute())


REF = re.compile(r"^(?P<id>[a-z][a-z0-9-]*)(@(?P<version>[0-9.]+))?$")


def get_model(ref: str | None = None, directory: Path | None = None) -> CapabilityModel:
    """A shipped model by `id@version`, `id` (its newest version), or None (the newest)."""
    # Cached per folder and reference: every respondent request asks for its round's model,
    # and the shipped files never change while the process runs (the same bargain _shipped
    # makes). A refused reference raises, and exceptions are not cached; the bound keeps
    # spelling variants of a reference (spaces) from growing it without end.
    return _find_model(ref, (directory or models_dir()).absolute())


@lru_cache(maxsize=256)
def _find_model(ref: str | None, directory: Path) -> CapabilityModel:
    models = _shipped(directory)
    if not models:
        raise LookupError("no capability models are shipped")
    if ref is None:
        return max(models, key=lambda m: _version_key(m.version))
    match = REF.match(ref.strip())
    if not match:
        raise LookupError(f"'{ref}' is not a model reference (use ID or ID@VERSION)")
    candidates = [m for m in models if m.id == match["id"]]
    if match["version"]:
        candidates = [m for m in candidates if m.version == match["version"]]
    if not candidates:
        known = ", ".join(m.ref for m in models)
        raise LookupError(f"unknown model '{ref}' (shipped: {known})")
    return max(candidates, key=lambda m: _version_key(m.version))


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
    return sorted(found, key=lambda m: _version_key(m.version), reverse=True)
