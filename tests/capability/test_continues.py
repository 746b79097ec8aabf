"""A model version may continue an earlier one; bad continuations are reported by file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from partnerscan.capability.loader import aspect_map, check_file, get_model, successors

VERSIONS = Path(__file__).parents[1] / "fixtures" / "versions"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A models folder of our own: mini 1.0 and 1.1, which continues it."""
    for name in ("mini-1.0.yaml", "mini-1.1.yaml"):
        shutil.copy(VERSIONS / name, tmp_path / name)
    return tmp_path


def rewrite(folder: Path, old: str, new: str) -> tuple[Path, str]:
    path = folder / "mini-1.1.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return path, text


def problems(path: Path) -> list[str]:
    model, found = check_file(path)
    assert model is None
    return [str(p) for p in found]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_the_continuing_version_is_valid_and_names_its_old_aspects() -> None:
    model, found = check_file(VERSIONS / "mini-1.1.yaml")
    assert found == [] and model is not None and model.continues is not None
    assert (model.continues.version, model.continues.aspects) == (
        "1.0",
        {
            "goals": "goals",
            "partner-choice": "selection",
            "leadership": "leadership",
            "learning": "learning",
        },
    )


def test_aspects_map_to_the_old_version_and_new_ones_have_no_trend(folder: Path) -> None:
    newer = get_model("mini@1.1", folder)
    assert aspect_map(newer, "1.0", folder) == {
        "goals": "goals",
        "partner-choice": "selection",
        "leadership": "leadership",
        "learning": "learning",
    }  # "courage" is new: not in the map
    assert aspect_map(newer, "1.1", folder) == {a.id: a.id for a in newer.aspects}
    assert aspect_map(get_model("mini@1.0", folder), "1.1", folder) is None


def test_continuation_composes_over_several_versions(folder: Path) -> None:
    text = (folder / "mini-1.1.yaml").read_text(encoding="utf-8")
    text = text.replace('version: "1.1"', 'version: "1.2"', 1)
    text = text.replace("id: partner-choice, code: STR_CHOICE", "id: partners, code: STR_PARTNERS")
    text = text.replace('continues:\n  version: "1.0"', 'continues:\n  version: "1.1"')
    text = text.replace("    partner-choice: selection\n", "    partners: partner-choice\n")
    text = text.replace("    learning: learning\n", "")  # 1.2 no longer continues learning
    (folder / "mini-1.2.yaml").write_text(text, encoding="utf-8")
    newest = get_model("mini", folder)
    assert aspect_map(newest, "1.0", folder) == {
        "goals": "goals",
        "partners": "selection",
        "leadership": "leadership",
    }
    assert [m.version for m in successors(get_model("mini@1.0", folder), folder)] == [
        "1.2",
        "1.1",
        "1.0",
    ]


def test_a_version_that_does_not_continue_is_no_successor(folder: Path) -> None:
    path = folder / "mini-1.1.yaml"
    path.write_text(path.read_text(encoding="utf-8").split("continues:")[0], encoding="utf-8")
    assert [m.version for m in successors(get_model("mini@1.0", folder), folder)] == ["1.0"]


def test_an_unknown_version_is_reported_on_its_line(folder: Path) -> None:
    path, text = rewrite(folder, 'continues:\n  version: "1.0"', 'continues:\n  version: "0.9"')
    line = line_of(text, 'version: "0.9"')
    assert problems(path) == [
        f"{path}:{line}: version 0.9 of 'mini' is not in the models folder (mini-0.9.yaml)"
    ]


def test_a_later_version_cannot_be_continued(folder: Path) -> None:
    path, text = rewrite(folder, 'continues:\n  version: "1.0"', 'continues:\n  version: "1.1"')
    line = line_of(text, 'continues:\n  version: "1.1"') + 1
    assert problems(path) == [f"{path}:{line}: version 1.1 is not earlier than this version 1.1"]


def test_a_new_aspect_id_must_exist_in_this_version(folder: Path) -> None:
    path, text = rewrite(folder, "    goals: goals\n", "    aims: goals\n")
    line = line_of(text, "    aims: goals")
    assert problems(path) == [f"{path}:{line}: 'aims' is not an aspect of this model"]


def test_an_old_aspect_id_must_exist_in_the_old_version(folder: Path) -> None:
    path, text = rewrite(folder, "    partner-choice: selection\n", "    partner-choice: choice\n")
    line = line_of(text, "    partner-choice: choice")
    assert problems(path) == [f"{path}:{line}: 'choice' is not an aspect of mini@1.0"]


def test_an_old_aspect_cannot_be_continued_twice(folder: Path) -> None:
    path, text = rewrite(folder, "    learning: learning\n", "    learning: leadership\n")
    line = line_of(text, "    learning: leadership")
    assert problems(path) == [
        f"{path}:{line}: old aspect 'leadership' is continued twice (also by 'leadership')"
    ]


def test_a_broken_old_version_is_named(folder: Path) -> None:
    old = folder / "mini-1.0.yaml"
    old.write_text(old.read_text(encoding="utf-8").replace("en: Mini model", "de: Mini"), "utf-8")
    path = folder / "mini-1.1.yaml"
    line = line_of(path.read_text(encoding="utf-8"), 'continues:\n  version: "1.0"') + 1
    assert problems(path) == [
        f"{path}:{line}: mini-1.0.yaml, which this version continues, has errors"
    ]


def test_unknown_fields_in_continues_are_refused(folder: Path) -> None:
    path, text = rewrite(
        folder, '  version: "1.0"\n  aspects:', '  version: "1.0"\n  since: 2024\n  aspects:'
    )
    line = line_of(text, "  since: 2024")
    assert problems(path) == [f"{path}:{line}: continues.since: unknown field 'since'"]


def test_the_published_model_has_no_continuation() -> None:
    assert all(m.continues is None for m in [get_model("partnership-capability@1.0")])
