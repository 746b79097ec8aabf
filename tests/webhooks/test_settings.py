"""Production keeps webhooks on the public internet: the local exception is off without DEBUG."""

from __future__ import annotations

import os
import subprocess
import sys

SNIPPET = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.WEBHOOKS_ALLOW_HTTP_LOCALHOST)"
)


def allowed(**env: str) -> str:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DEBUG", "WEBHOOKS_"))}
    result = subprocess.run(
        [sys.executable, "-c", SNIPPET],
        capture_output=True,
        text=True,
        env={
            **base,
            "SECRET_KEY": "k" * 50,
            "DJANGO_SETTINGS_MODULE": "partnerscan.settings",
            **env,
        },
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_local_receivers_are_allowed_only_in_development_or_when_set() -> None:
    assert allowed(DEBUG="0") == "False"
    assert allowed(DEBUG="1") == "True"
    assert allowed(DEBUG="0", WEBHOOKS_ALLOW_HTTP_LOCALHOST="1") == "True"
