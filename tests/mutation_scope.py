"""Which tests a mutant runs under `make mutation` (loaded with `-p tests.mutation_scope` by the
[tool.mutmut] settings in pyproject.toml; without mutmut it does nothing).

mutmut runs, for each mutant, every selected test that reached the mutated function. The page
and import tests reach the scoring engine too, and each takes a database; a scoring mutant that
survives would run them all. A mutant of a module runs only the tests written for that module,
so the run stays short and a survivor means its own tests miss it.
"""

from __future__ import annotations

import os

import pytest

SCOPES = (
    ("partnerscan.scoring.", ("tests/scoring/",)),
    (
        "partnerscan.assessments.domain",
        (
            "tests/respond/",
            "tests/manage/",
            "tests/security/test_retention_and_erasure.py",
        ),
    ),
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    for module, folders in SCOPES:
        if mutant.startswith(module):
            kept = [item for item in items if item.nodeid.startswith(folders)]
            config.hook.pytest_deselected(items=[item for item in items if item not in kept])
            items[:] = kept
            return
