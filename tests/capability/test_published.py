"""Published model files never change, and the shipped model is complete."""

from __future__ import annotations

import hashlib
import re

from partnerscan.capability.loader import check_file, shipped_models
from partnerscan.capability.modelfile import models_dir

CHECKSUMS = models_dir() / "CHECKSUMS.sha256"


def published() -> dict[str, str]:
    entries = {}
    for line in CHECKSUMS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            digest, name = line.split()
            entries[name] = digest
    return entries


def test_every_shipped_model_file_is_published_with_a_checksum() -> None:
    shipped = sorted(p.name for p in models_dir().glob("*.yaml"))
    assert shipped and sorted(published()) == shipped


def test_published_model_files_are_unchanged() -> None:
    # A new wording is a new version: add a new file, never edit a published one.
    for name, digest in published().items():
        content = (models_dir() / name).read_bytes()
        assert hashlib.sha256(content).hexdigest() == digest, f"{name} changed after publication"


def test_shipped_models_pass_the_check() -> None:
    for path in models_dir().glob("*.yaml"):
        model, problems = check_file(path)
        assert problems == [] and model is not None


def test_shipped_model_has_four_conditions_and_16_to_22_aspects() -> None:
    for model in shipped_models():
        assert [c.id for c in model.conditions] == [
            "strategy",
            "culture",
            "organisation",
            "systems",
        ]
        assert 16 <= len(model.aspects) <= 22
        assert all(4 <= len(c.aspects) <= 6 for c in model.conditions)


def test_shipped_model_levels_and_context() -> None:
    for model in shipped_models():
        assert [lv.name.nl for lv in model.levels] == [
            "Incidenteel",
            "Bewust",
            "Georganiseerd",
            "Geïntegreerd",
            "Lerend en strategisch",
        ]
        assert [lv.name.en for lv in model.levels] == [
            "Incidental",
            "Aware",
            "Organised",
            "Integrated",
            "Learning and strategic",
        ]
        role = next(q for q in model.context if q.id == "role")
        assert [o.id for o in role.options] == [
            "board",
            "management",
            "partnership-manager",
            "staff",
            "support",
            "external",
        ]


def test_anchors_of_an_aspect_can_be_told_apart() -> None:
    for model in shipped_models():
        for aspect in model.aspects:
            for lang in ("nl", "en"):
                anchors = [a.get(lang) for a in aspect.anchors]
                steps = [s.get(lang) for s in aspect.next_steps]
                assert len(set(anchors)) == 5, aspect.id
                assert len(set(steps)) == 5, aspect.id
                assert all(len(text) >= 20 for text in anchors + steps), aspect.id


def test_export_column_names_stay_spss_safe() -> None:
    for model in shipped_models():
        for aspect in model.aspects:
            assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,63}", f"{aspect.code}_ambition")


def test_partner_wording_names_the_organisation_and_its_anchors_differ() -> None:
    for model in shipped_models():
        for aspect in model.partner_aspects:
            wording = aspect.partner_wording
            assert wording is not None
            for lang in ("nl", "en"):
                assert "{organisation}" in wording.question.get(lang), aspect.id
                anchors = [a.get(lang) for a in wording.anchors]
                assert len(set(anchors)) == 5, aspect.id
                # anchors are shown as written: no placeholder to fill in
                assert all(len(t) >= 20 and "{" not in t for t in anchors), aspect.id
