"""The OpenAPI document, made to say exactly what the results JSON holds.

The results' schemas come from the scoring package's dataclasses (schemas.py). A few of their
fields serve other parts of partnerscan and are left out of the JSON (`INTERNAL` in
scoring/results.py); they are left out of the document too.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from types import ModuleType
from typing import Any

from partnerscan.scoring import partner_results, results
from partnerscan.scoring.results import INTERNAL


def _internal_fields(*modules: ModuleType) -> dict[str, list[str]]:
    found = {}
    for module in modules:
        for value in vars(module).values():
            if is_dataclass(value) and isinstance(value, type):
                hidden = [f.name for f in fields(value) if f.metadata.get(INTERNAL)]
                if hidden:
                    found[value.__name__] = hidden
    return found


INTERNAL_FIELDS = _internal_fields(results, partner_results)


def without_internal_fields(schema: Any) -> Any:
    components = schema.get("components", {}).get("schemas", {})
    for name, hidden in INTERNAL_FIELDS.items():
        component = components.get(name)
        if component is None:
            continue
        for field in hidden:
            component.get("properties", {}).pop(field, None)
            if field in component.get("required", []):
                component["required"].remove(field)
    return schema
