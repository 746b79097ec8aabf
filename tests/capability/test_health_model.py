"""The health check of a partnership: a second kind of model file, checked and loaded like the
capability model, with every problem reported at its place in the file."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from partnerscan.capability.cli import main
from partnerscan.capability.loader import (
    check_text,
    get_health_model,
    get_model,
    load_file,
    load_health_file,
    shipped_health_models,
    shipped_models,
)
from partnerscan.capability.modelfile import ModelFileError, models_dir

SHIPPED = models_dir() / "partnership-health-1.0.yaml"
NAME = "broken/partnership-health-1.0.yaml"


@pytest.fixture
def health() -> str:
    return SHIPPED.read_text(encoding="utf-8")


def problems_of(text: str) -> list[str]:
    model, problems = check_text(text, NAME)
    assert model is None
    return [str(p) for p in problems]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def drop_statement(text: str, statement_id: str) -> str:
    block = re.compile(rf"^      - id: {statement_id}\n(?:        .*\n)*", re.MULTILINE)
    shorter, count = block.subn("", text)
    assert count == 1
    return shorter


def test_the_shipped_health_check_passes_model_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SHIPPED)]) == 0
    assert capsys.readouterr() == (
        f"{SHIPPED}: ok — health check partnership-health@1.0: 6 dimensions, 12 statements\n",
        "",
    )


def test_the_shipped_health_check_has_six_dimensions_and_bilingual_statements() -> None:
    model = get_health_model("partnership-health@1.0")
    assert [d.id for d in model.dimensions] == [
        "shared-goal",
        "mutual-value",
        "trust-communication",
        "governance",
        "commitment",
        "learning-results",
    ]
    assert [p.label.en for p in model.scale] == [
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
    ]
    assert [s.id for s in model.statements if s.partner_text] == [
        "trust-word",
        "commit-promised",
    ]
    for statement in model.statements:
        assert statement.wording("own") == statement.text
        assert statement.wording("partner") == (statement.partner_text or statement.text)
        assert statement.text.nl != statement.text.en


def test_a_health_check_loads_by_reference_and_as_the_newest() -> None:
    model = get_health_model("partnership-health@1.0")
    assert model.ref == "partnership-health@1.0"
    assert get_health_model("partnership-health") is model
    assert get_health_model() is model
    assert load_health_file(SHIPPED) == model
    assert shipped_health_models() == (model,)


def test_the_kinds_stay_apart_when_loading() -> None:
    assert [m.ref for m in shipped_models()] == [
        "partnership-capability@1.0",
        "partnership-capability@1.1",
    ]
    assert get_model().ref == "partnership-capability@1.1"
    with pytest.raises(LookupError, match="unknown model 'partnership-health'"):
        get_model("partnership-health")
    with pytest.raises(LookupError, match="unknown model 'partnership-capability@1.0'"):
        get_health_model("partnership-capability@1.0")
    with pytest.raises(ModelFileError, match="a health model, not a capability model"):
        load_file(SHIPPED)


def test_a_capability_file_may_say_its_kind(tmp_path: Path) -> None:
    fixture = Path(__file__).parents[1] / "fixtures" / "mini-1.0.yaml"
    text = "kind: capability\n" + fixture.read_text(encoding="utf-8")
    model, problems = check_text(text, str(tmp_path / "mini-1.0.yaml"))
    assert (problems, model is not None and model.ref) == ([], "mini@1.0")


def test_show_prints_a_health_check_as_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    model = get_health_model()
    assert main(["show", model.ref, "--lang", "en"]) == 0
    english = capsys.readouterr().out
    assert english.splitlines()[0] == "Health check of a partnership (partnership-health@1.0)"
    (trust_word,) = [s for s in model.statements if s.id == "trust-word"]
    assert trust_word.text.en in english
    assert f"partner: {trust_word.partner_text and trust_word.partner_text.en}" in english
    assert main(["show", model.id, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["kind"], data["id"], len(data["scale"])) == ("health", model.id, 5)


def test_a_duplicate_statement_id_is_reported_on_its_line(health: str) -> None:
    broken = health.replace("id: value-other", "id: goal-clear")
    line = line_of(broken, "- id: goal-clear\n        code: HC_VALUE_OTHER")
    assert problems_of(broken) == [
        f"{NAME}:{line}: duplicate id 'goal-clear' (also at dimensions.0.statements.0)"
    ]


def test_a_code_may_not_repeat_in_another_case(health: str) -> None:
    broken = health.replace("code: HC_LEARN_REVIEW", "code: hc_goal")
    line = line_of(broken, "code: hc_goal")
    assert problems_of(broken) == [
        f"{NAME}:{line}: duplicate code 'hc_goal' (also at dimensions.0)"
    ]


def test_seven_statements_are_too_few(health: str) -> None:
    broken = health
    for statement_id in ("goal-shared", "value-other", "trust-open", "govern-agreements"):
        broken = drop_statement(broken, statement_id)
    broken = drop_statement(broken, "commit-leadership")
    line = line_of(broken, "  - id: shared-goal")
    assert problems_of(broken) == [
        f"{NAME}:{line}: dimensions: a health check has 8 to 12 statements in all, this one has 7"
    ]


def test_thirteen_statements_are_too_many(health: str) -> None:
    extra = "      - {id: learn-more, code: HC_MORE, text: {nl: Meer., en: More.}}\n"
    (problem,) = problems_of(health + extra)
    assert problem.endswith(
        "dimensions: a health check has 8 to 12 statements in all, this one has 13"
    )


def test_a_dimension_without_statements(health: str) -> None:
    broken = health.replace(
        "    statements:\n      - id: goal-clear",
        "    statements: []\n    old:\n      - id: goal-clear",
    )
    line = line_of(broken, "statements: []")
    assert f"{NAME}:{line}: dimensions.0.statements: a dimension needs at least one statement" in (
        problems_of(broken)
    )


def test_a_missing_english_text_is_reported_with_its_line(health: str) -> None:
    broken = health.replace(
        "          en: Both sides work towards the same goal in this partnership.\n", ""
    )
    line = line_of(broken, "nl: Beide kanten werken")
    assert problems_of(broken) == [
        f"{NAME}:{line}: dimensions.0.statements.1.text.en: missing language 'en'"
    ]


def test_an_empty_partner_text_is_refused(health: str) -> None:
    broken = health.replace(
        "en: We can count on the other organisation to do what it says.", 'en: " "'
    )
    line = line_of(broken, 'en: " "')
    assert problems_of(broken) == [
        f"{NAME}:{line}: dimensions.2.statements.1.partner_text.en: empty text"
    ]


def test_a_scale_of_four_points_is_refused(health: str) -> None:
    start = health.index("  - point: 5")
    broken = health[:start] + health[health.index("\ndimensions:") + 1 :]
    line = line_of(broken, "  - point: 1")
    assert problems_of(broken) == [
        f"{NAME}:{line}: scale: scale must have exactly five points (1 to 5)"
    ]


def test_scale_points_must_run_from_one_to_five(health: str) -> None:
    broken = health.replace("  - point: 1\n", "  - point: 0\n")
    line = line_of(broken, "  - point: 0")
    (problem,) = problems_of(broken)
    assert problem.startswith(f"{NAME}:{line}: scale.0.point: ")


def test_an_unknown_kind_is_refused(health: str) -> None:
    broken = health.replace("kind: health\n", "kind: survey\n")
    line = line_of(broken, "kind: survey")
    assert problems_of(broken) == [
        f"{NAME}:{line}: kind: unknown kind 'survey' (leave it out for a capability model, "
        "or 'health')"
    ]


def test_a_health_check_without_kind_is_read_as_a_capability_model(health: str) -> None:
    broken = health.replace("kind: health\n", "")
    line = line_of(broken, "  - point: 1")
    assert f"{NAME}:{line}: scale: unknown field 'scale'" in problems_of(broken)


def test_installed_command_checks_both_kinds_without_django_settings() -> None:
    capability = models_dir() / "partnership-capability-1.0.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "partnerscan.cli", "model", "check", str(capability), str(SHIPPED)],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "0"},
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert [line.split(" — ")[1].split(" ")[0:2] for line in result.stdout.splitlines()] == [
        ["capability", "model"],
        ["health", "check"],
    ]
