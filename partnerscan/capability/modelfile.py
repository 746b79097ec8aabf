"""What every model file shares, whatever its kind: YAML read with the line of every node,
problems reported as `file:line: message`, the models folder, references and versions."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from partnerscan.core.languages import LANGUAGES

Loc = tuple[str | int, ...]
RawProblem = tuple[Loc, str]
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "capability_models"
REF = re.compile(r"^(?P<id>[a-z][a-z0-9-]*)(@(?P<version>[0-9.]+))?$")
# libyaml's parser when PyYAML was built with it (about 6× faster on the shipped model); its
# nodes carry the same line marks, so every problem still names its line.
Loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)


def models_dir() -> Path:
    return Path(os.environ.get("CAPABILITY_MODELS_DIR", DEFAULT_DIR))


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def is_version(value: str) -> bool:
    return re.fullmatch(r"\d+(\.\d+)*", value) is not None


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


class Tree:
    """YAML data plus the line of every node, addressed by its path."""

    def __init__(self) -> None:
        self.lines: dict[Loc, int] = {}
        self.problems: list[RawProblem] = []
        self._scalars = Loader("")

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

    def located(self, filename: str, raw: list[RawProblem]) -> list[Problem]:
        problems = [Problem(filename, self.line(loc), message) for loc, message in raw]
        return sorted(problems, key=lambda p: p.line)


def parse(text: str, filename: str) -> tuple[dict[str, Any], Tree] | list[Problem]:
    """The top mapping of a model file and its tree, or the problems that prevent reading it."""
    tree = Tree()
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        return [Problem(filename, line, f"malformed YAML: {exc.problem or exc.context}")]
    if node is None:
        return [Problem(filename, 1, "empty file")]
    try:
        data = tree.build(node, ())
    except yaml.YAMLError as exc:
        return [Problem(filename, 1, f"malformed YAML: {exc}")]
    if not isinstance(data, dict):
        return [Problem(filename, 1, "a model file must be a mapping at the top")]
    return data, tree


def where(loc: Loc) -> str:
    return ".".join(str(part) for part in loc) or "(top)"


def message(kind: str, loc: Loc, default: str) -> str:
    """A consultant-readable message for one pydantic error that any kind of model can have."""
    last = loc[-1] if loc else ""
    if kind == "missing" and last in LANGUAGES:
        return f"missing language '{last}'"
    if kind == "extra_forbidden":
        return f"unknown field '{last}'"
    if kind == "string_too_short":
        return "empty text"
    if kind == "string_pattern_mismatch" and last == "code":
        return "code is not SPSS-safe (a letter, then up to 31 letters, digits or _)"
    return default


Wording = Callable[[str, Loc, str], str]


def pydantic_problems(
    error: ValidationError | list[ErrorDetails], wording: Wording = message
) -> list[RawProblem]:
    """Every error of `error` (or of a kind's own selection of its errors) at its place,
    worded by a kind's own `wording`."""
    problems = []
    for item in error.errors() if isinstance(error, ValidationError) else error:
        loc = tuple(item["loc"])
        problems.append((loc, f"{where(loc)}: {wording(item['type'], loc, item['msg'])}"))
    return problems


def items(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


class UniqueIds:
    """Collects ids and codes across a whole file: a code must differ even in case (SPSS)."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], str] = {}
        self.problems: list[RawProblem] = []

    def add(self, loc: Loc, entry: dict[str, Any]) -> None:
        for field in ("id", "code"):
            value = entry.get(field)
            if not isinstance(value, str):
                continue
            key = (field, value.lower() if field == "code" else value)
            if key in self.seen:
                message = f"duplicate {field} '{value}' (also at {self.seen[key]})"
                self.problems.append(((*loc, field), message))
            else:
                self.seen[key] = where(loc)
