"""The test OpenID Provider (tests/sso/provider), started once per test session in a
subprocess on 127.0.0.1, and partnerscan configured to use it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import browser  # noqa: F401 - the browser test here drives it

from .provider.people import CLIENT_ID, CLIENT_SECRET

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="session")
def issuer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The provider's issuer URL, once it answers; stopped at the end of the session."""
    directory = tmp_path_factory.mktemp("oidc-provider")
    errors = (directory / "stderr.txt").open("w")
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.sso.provider.serve", str(directory)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=errors,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()  # the provider prints its issuer once it is serving
    if not line.startswith("ISSUER "):
        process.kill()
        errors.close()
        pytest.fail(
            "the test OpenID Provider did not start:\n" + (directory / "stderr.txt").read_text()
        )
    yield line.split()[1]
    process.terminate()
    process.wait(timeout=10)
    errors.close()


@pytest.fixture
def sso(settings: Any, issuer: str) -> str:
    """partnerscan with single sign-on through the test provider, without a domain rule."""
    settings.OIDC_ISSUER = issuer
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_BUTTON_LABEL = "Test IdP"
    settings.OIDC_DOMAIN = ""
    settings.OIDC_DOMAIN_ORGANISATION = ""
    return issuer
