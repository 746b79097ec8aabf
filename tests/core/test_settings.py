"""Settings come from the environment; production refuses to start without a secret key."""

from __future__ import annotations

import os
import subprocess
import sys

SNIPPET = "import partnerscan.settings as s; print(s.DATABASES['default']['ENGINE'])"


def run_settings(**env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    return subprocess.run(
        [sys.executable, "-c", SNIPPET],
        capture_output=True,
        text=True,
        env={**base, **env},
        check=False,
    )


def test_secret_key_is_required_when_debug_is_off() -> None:
    result = run_settings(DEBUG="0")
    assert result.returncode == 1
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_sqlite_by_default_and_postgresql_through_database_url() -> None:
    assert run_settings(DEBUG="1").stdout.strip() == "django.db.backends.sqlite3"
    result = run_settings(DEBUG="0", SECRET_KEY="x" * 50, DATABASE_URL="postgres://u@h/db")
    assert result.stdout.strip() == "django.db.backends.postgresql"
