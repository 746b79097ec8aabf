"""Model files with a partner view for tests, made from a model without one: a copy with a new
version (or the same) and, per aspect, partner wording of our own or `internal`.

Until version 1.1 of the shipped model (with the real partner wording) is on main, the partner
view's tests read these copies; the loader reads the folder CAPABILITY_MODELS_DIR names.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).parents[1]
SHIPPED = ROOT / "capability_models"
FIXTURES = Path(__file__).parent / "fixtures"
# The aspects of the shipped model a partner can observe, in the test copy.
OBSERVABLE = (
    "attractiveness",
    "partner-orientation",
    "long-horizon",
    "internal-alignment",
    "partnership-manager",
)


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


def with_partner_view(
    source: Path, folder: Path, observable: Iterable[str], version: str | None = None
) -> Path:
    """Write the copy of `source` into `folder`, named as the loader wants it."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["version"] = version or data["version"]
    data.pop("continues", None)
    seen = set(observable)
    for condition in data["conditions"]:
        for aspect in condition["aspects"]:
            aspect["partner"] = partner_wording(aspect) if aspect["id"] in seen else "internal"
    path = folder / f"{data['id']}-{data['version']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def shipped_with_partners(folder: Path) -> Path:
    """The shipped models, plus the capability model's 1.1 with partner wording."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in SHIPPED.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    if not (folder / "partnership-capability-1.1.yaml").exists():  # until 1.1 ships
        source = SHIPPED / "partnership-capability-1.0.yaml"
        with_partner_view(source, folder, OBSERVABLE, version="1.1")
    return folder


def fixtures_with_partners(
    folder: Path, observable: Iterable[str] = ("goals", "leadership")
) -> Path:
    """The test fixtures' models, their mini model with a partner view of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in FIXTURES.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    with_partner_view(FIXTURES / "mini-1.0.yaml", folder, observable)
    return folder
