"""The model file schema: the shipped model is valid, broken copies are precisely reported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from partnerscan.capability import modelfile
from partnerscan.capability.loader import check_text, get_model, load_file
from partnerscan.capability.modelfile import models_dir

FIXTURE = Path(__file__).parents[1] / "fixtures" / "mini-1.0.yaml"
NAME = "broken/mini-1.0.yaml"


def problems_of(text: str) -> list[str]:
    model, problems = check_text(text, NAME)
    assert model is None
    return [str(p) for p in problems]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.fixture
def mini() -> str:
    return FIXTURE.read_text(encoding="utf-8")


def test_fixture_model_is_valid() -> None:
    model = load_file(FIXTURE)
    assert (model.ref, len(model.conditions), len(model.aspects)) == ("mini@1.0", 2, 5)


def test_missing_language_is_reported_with_its_line(mini: str) -> None:
    broken = mini.replace("definition: {nl: Leren., en: Learning.}", "definition: {nl: Leren.}")
    line = line_of(broken, "id: learning")
    assert problems_of(broken) == [
        f"{NAME}:{line}: conditions.1.aspects.1.definition.en: missing language 'en'"
    ]


def test_empty_text_is_refused(mini: str) -> None:
    broken = mini.replace("name: {nl: Cultuur, en: Culture}", 'name: {nl: Cultuur, en: "  "}')
    line = line_of(broken, 'name: {nl: Cultuur, en: "  "}')
    assert problems_of(broken) == [f"{NAME}:{line}: conditions.1.name.en: empty text"]


def test_duplicate_ids_and_codes_are_refused(mini: str) -> None:
    broken = mini.replace("id: learning, code: CUL_LEARN", "id: goals, code: str_goals")
    line = line_of(broken, "id: goals, code: str_goals")
    assert problems_of(broken) == [
        f"{NAME}:{line}: duplicate id 'goals' (also at conditions.0.aspects.0)",
        f"{NAME}:{line}: duplicate code 'str_goals' (also at conditions.0.aspects.0)",
    ]


@pytest.mark.parametrize("code", ["1ABC", "STR-GOALS", "A" * 33, "ÄSPECT"])
def test_code_must_be_spss_safe(mini: str, code: str) -> None:
    broken = mini.replace("code: STR_THEMES", f'code: "{code}"')
    line = line_of(broken, f'code: "{code}"')
    assert problems_of(broken) == [
        f"{NAME}:{line}: conditions.0.aspects.1.code: code is not SPSS-safe "
        "(a letter, then up to 31 letters, digits or _)"
    ]


def test_anchors_must_be_exactly_five(mini: str) -> None:
    broken = mini.replace(
        "anchors: *five, next_steps: *five, weights: {chain: 2, regional: 2",
        "anchors: [{nl: a, en: a}], next_steps: *five, weights: {chain: 2, regional: 2",
    )
    line = line_of(broken, "anchors: [{nl: a, en: a}]")
    assert problems_of(broken) == [
        f"{NAME}:{line}: conditions.1.aspects.0.anchors: "
        "anchors must have exactly five entries (levels 1 to 5)"
    ]


def test_weight_outside_one_to_three_and_unknown_type(mini: str) -> None:
    broken = mini.replace(
        "weights: {chain: 1, regional: 1, innovation: 3}",
        "weights: {chain: 4, regional: 1, innovation: 3, keten: 2}",
    )
    line = line_of(broken, "chain: 4")
    assert problems_of(broken) == [
        f"{NAME}:{line}: conditions.0.aspects.1.weights.chain: weight must be 1, 2 or 3",
        f"{NAME}:{line}: conditions.0.aspects.1.weights.keten: unknown challenge type 'keten'",
    ]


def test_unknown_challenge_type_in_the_type_list(mini: str) -> None:
    broken = mini.replace("- {id: regional, name:", "- {id: regio, name:")
    line = line_of(broken, "id: regio,")
    (problem,) = problems_of(broken)
    assert problem.startswith(f"{NAME}:{line}: challenge_types.1.id: ")


LOADERS = [yaml.SafeLoader, *([yaml.CSafeLoader] if yaml.__with_libyaml__ else [])]


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.__name__)
def test_malformed_yaml_names_its_line_without_traceback(
    mini: str, loader: type[yaml.SafeLoader], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(modelfile, "Loader", loader)
    lines = mini.splitlines()
    lines[9] = lines[9] + " ["
    problems = problems_of("\n".join(lines))
    assert len(problems) == 1
    assert re.match(rf"{re.escape(NAME)}:1[01]: malformed YAML: ", problems[0])


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML was built without libyaml")
def test_model_files_are_read_with_libyaml() -> None:
    assert modelfile.Loader is yaml.CSafeLoader


@pytest.mark.parametrize("path", sorted(modelfile.DEFAULT_DIR.glob("*.yaml")), ids=str)
def test_both_yaml_loaders_read_a_shipped_model_alike_line_for_line(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = path.read_text(encoding="utf-8")
    read = []
    for loader in LOADERS:
        monkeypatch.setattr(modelfile, "Loader", loader)
        parsed = modelfile.parse(text, path.name)
        assert isinstance(parsed, tuple)
        read.append((parsed[0], parsed[1].lines))
    assert all(other == read[0] for other in read[1:])


def test_duplicate_yaml_key_is_refused(mini: str) -> None:
    broken = mini.replace('version: "1.0"\n', 'version: "1.0"\nversion: "1.1"\n')
    assert problems_of(broken) == [f"{NAME}:4: duplicate key 'version'"]


def test_file_name_must_match_id_and_version(mini: str) -> None:
    model, problems = check_text(mini, "models/other-name.yaml")
    assert model is None
    assert [str(p) for p in problems] == [
        "models/other-name.yaml:2: file name must be 'mini-1.0.yaml' (model id and version)"
    ]


def test_every_problem_is_reported_at_once(mini: str) -> None:
    broken = mini.replace("code: STR_THEMES", "code: 9").replace(
        "name: {nl: Cultuur, en: Culture}", "name: {nl: Cultuur}"
    )
    assert len(problems_of(broken)) == 2


def test_unknown_model_reference_is_a_lookup_error() -> None:
    with pytest.raises(LookupError, match="unknown model 'nope'"):
        get_model("nope")


# --- partner wording (model 1.1) -----------------------------------------------------------------

PARTNER_MODEL = models_dir() / "partnership-capability-1.1.yaml"
PARTNER_NAME = "broken/partnership-capability-1.1.yaml"
GOALS_QUESTION_NL = "Hoe ervaart u {organisation} als het gaat om duidelijke doelen"
THEMES_INTERNAL = "        partner: internal\n\n      - id: selection\n"


@pytest.fixture
def partner_text() -> str:
    return PARTNER_MODEL.read_text(encoding="utf-8")


def partner_problems(text: str) -> list[str]:
    model, problems = check_text(text, PARTNER_NAME)
    assert model is None
    return [str(p) for p in problems]


def test_partner_view_only_in_the_version_that_words_it() -> None:
    assert get_model("partnership-capability@1.0").has_partner_view is False
    newer = get_model("partnership-capability@1.1")
    assert newer.has_partner_view is True
    assert newer.aspect("themes").partner == "internal"
    assert newer.aspect("goals").partner_wording is not None


def test_an_aspect_without_partner_is_reported_at_the_model(partner_text: str) -> None:
    broken = partner_text.replace(THEMES_INTERNAL, "\n      - id: selection\n", 1)
    assert partner_problems(broken) == [
        f"{PARTNER_NAME}:{line_of(broken, 'id: partnership-capability')}: every aspect needs "
        "'partner' (wording or 'internal') once one aspect has it; "
        "missing: themes (conditions.0.aspects.1)"
    ]


def test_an_unknown_placeholder_is_named_on_its_line(partner_text: str) -> None:
    # a translator's slip: the placeholder stays in English in every language
    broken = partner_text.replace(
        GOALS_QUESTION_NL, GOALS_QUESTION_NL.replace("{organisation}", "{organisatie}"), 1
    )
    line = line_of(broken, "Hoe ervaart u {organisatie} als") - 1  # the `nl: >-` line
    assert partner_problems(broken) == [
        f"{PARTNER_NAME}:{line}: conditions.0.aspects.0.partner.question.nl: the question may "
        "only use the placeholder {organisation}, not {organisatie}"
    ]


def test_the_placeholder_org_is_refused_too(partner_text: str) -> None:
    broken = partner_text.replace(GOALS_QUESTION_NL, GOALS_QUESTION_NL.replace("anisation", ""))
    (problem,) = partner_problems(broken)
    assert problem.endswith(
        "partner.question.nl: the question may only use the placeholder {organisation}, not {org}"
    )


def test_partner_anchors_must_be_five(partner_text: str) -> None:
    start = partner_text.index("          anchors:\n", partner_text.index(GOALS_QUESTION_NL))
    first = partner_text.index("            - nl: >-", start)
    second = partner_text.index("            - nl: >-", first + 1)
    broken = partner_text[:first] + partner_text[second:]
    assert partner_problems(broken) == [
        f"{PARTNER_NAME}:{broken[:first].count(chr(10)) + 1}: "
        "conditions.0.aspects.0.partner.anchors: anchors must have exactly five entries "
        "(levels 1 to 5)"
    ]


@pytest.mark.parametrize("value", ["intern", "[internal]", "", "yes"])
def test_partner_is_wording_or_internal(partner_text: str, value: str) -> None:
    broken = partner_text.replace(THEMES_INTERNAL, THEMES_INTERNAL.replace("internal", value), 1)
    line = line_of(broken, f"        partner: {value}\n\n      - id: selection")
    assert partner_problems(broken) == [
        f"{PARTNER_NAME}:{line}: conditions.0.aspects.1.partner: partner must be wording "
        "(question and five anchors) or 'internal'"
    ]


def test_a_partner_view_needs_an_aspect_partners_can_observe(partner_text: str) -> None:
    lines, skipping = [], False
    for text_line in partner_text.splitlines():
        if text_line == "        partner:":
            lines.append("        partner: internal")
            skipping = True
        elif skipping and text_line.startswith("          "):
            continue
        else:
            skipping = False
            lines.append(text_line)
    broken = "\n".join(lines) + "\n"
    assert partner_problems(broken) == [
        f"{PARTNER_NAME}:{line_of(broken, 'id: partnership-capability')}: a partner view needs "
        "at least one aspect a partner can observe; every aspect is 'internal'"
    ]
