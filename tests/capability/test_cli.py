"""`partnerscan model check` and `partnerscan model show`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from partnerscan.capability.cli import main
from partnerscan.capability.loader import get_model

FIXTURE = Path(__file__).parents[1] / "fixtures" / "mini-1.0.yaml"


def test_check_accepts_a_valid_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(FIXTURE)]) == 0
    out, err = capsys.readouterr()
    assert out == f"{FIXTURE}: ok — capability model mini@1.0: 2 conditions, 5 aspects\n"
    assert err == ""


def test_check_rejects_a_broken_copy_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "mini-1.0.yaml"
    broken.write_text(
        FIXTURE.read_text(encoding="utf-8").replace("code: CUL_LEARN", "code: CUL-LEARN"),
        encoding="utf-8",
    )
    assert main(["check", str(FIXTURE), str(broken)]) == 1
    out, err = capsys.readouterr()
    assert out.startswith(f"{FIXTURE}: ok")
    assert err == (
        f"{broken}:50: conditions.1.aspects.1.code: code is not SPSS-safe "
        "(a letter, then up to 31 letters, digits or _)\n"
    )


def test_check_of_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "gone.yaml")]) == 1
    assert capsys.readouterr().err.startswith(f"{tmp_path / 'gone.yaml'}:1: cannot read file")


def test_show_json_is_the_full_bilingual_model(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    model = get_model()
    assert (data["id"], data["version"]) == (model.id, model.version)
    assert [lv["level"] for lv in data["levels"]] == [1, 2, 3, 4, 5]
    assert {t["id"] for t in data["challenge_types"]} == {"chain", "regional", "innovation"}
    assert {q["id"] for q in data["context"]} >= {"role", "department", "goal", "challenge-shares"}
    condition = data["conditions"][0]
    assert set(condition) == {"id", "code", "name", "description", "level_descriptions", "aspects"}
    aspect = condition["aspects"][0]
    assert set(aspect) == {
        "id",
        "code",
        "name",
        "definition",
        "anchors",
        "next_steps",
        "weights",
        "partner",
    }
    assert set(aspect["partner"]) == {"question", "anchors"}  # the newest model has partner wording
    assert len(aspect["partner"]["anchors"]) == 5
    assert len(aspect["anchors"]) == len(aspect["next_steps"]) == 5
    assert set(aspect["weights"]) == {"chain", "regional", "innovation"}
    assert set(aspect["anchors"][0]) == {"nl", "en"}


def test_show_text_in_english_and_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    model = get_model()
    assert main(["show", model.ref, "--lang", "en"]) == 0
    english = capsys.readouterr().out
    assert main(["show", model.id]) == 0
    dutch = capsys.readouterr().out
    first = model.aspects[0]
    assert first.name.en in english and first.name.nl in dutch
    assert english.splitlines()[0] == f"{model.name.en} ({model.ref})"


def test_show_text_gives_the_partner_wording_or_internal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    model = get_model("partnership-capability@1.1")
    assert main(["show", model.ref, "--lang", "en"]) == 0
    english = capsys.readouterr().out
    assert "      partner: How do you experience {organisation} when it comes to" in english
    assert english.count("partner: internal (only colleagues judge this aspect)") == 5
    assert main(["show", "partnership-capability@1.0"]) == 0
    assert "partner:" not in capsys.readouterr().out


def test_show_unknown_model_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "no-such-model@9.9"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "unknown model 'no-such-model@9.9'" in err


def test_installed_command_runs_model_check_without_django_settings() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "partnerscan.cli", "model", "check", str(FIXTURE)],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "0"},
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_show_piped_into_head_exits_quietly(fmt: str) -> None:
    # The JSON (about 100 kB) is larger than a pipe holds, so head closes it mid-write.
    command = f"'{sys.executable}' -m partnerscan.cli model show --format {fmt} | head -1"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "0"},
        check=False,
    )
    first = "{" if fmt == "json" else f"{get_model().name.get('nl')} ({get_model().ref})"
    assert (result.returncode, result.stdout, result.stderr) == (0, first + "\n", "")
