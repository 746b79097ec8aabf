from __future__ import annotations

import pytest

from partnerscan.capability.loader import load_file
from partnerscan.capability.schema import CapabilityModel

from .helpers import FIXTURE


@pytest.fixture(scope="session")
def mini() -> CapabilityModel:
    return load_file(FIXTURE)
