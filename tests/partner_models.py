"""The test fixtures' models with a partner view: the mini model with partner wording of our own
on some aspects and `internal` on the rest, for the security walk's partner round (the partner
view's own tests use the shipped model 1.1). The loader reads the folder CAPABILITY_MODELS_DIR
names.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

FIXTURES = Path(__file__).parent / "fixtures"


def partner_wording(aspect: dict[str, Any]) -> dict[str, Any]:
    name = aspect["name"]
    return {
        "question": {
            "nl": f"Hoe ervaart u {{organisation}} op het punt {name['nl'].lower()}?",
            "en": f"How do you experience {{organisation}} as to {name['en'].lower()}?",
        },
        "anchors": [
            {
                "nl": f"Als partner merk ik niveau {level}.",
                "en": f"As a partner I notice level {level}.",
            }
            for level in range(1, 6)
        ],
    }


def with_partner_view(source: Path, folder: Path, observable: Iterable[str]) -> Path:
    """Write the copy of `source` into `folder`, under the same name."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    seen = set(observable)
    for condition in data["conditions"]:
        for aspect in condition["aspects"]:
            aspect["partner"] = partner_wording(aspect) if aspect["id"] in seen else "internal"
    path = folder / source.name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def fixtures_with_partners(
    folder: Path, observable: Iterable[str] = ("goals", "leadership")
) -> Path:
    """The test fixtures' models, their mini model with a partner view of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in FIXTURES.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    with_partner_view(FIXTURES / "mini-1.0.yaml", folder, observable)
    return folder
