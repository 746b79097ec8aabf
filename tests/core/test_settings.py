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


SITE_URL_SNIPPET = "import partnerscan.settings as s; print(s.SITE_URL)"


def site_url(**env: str) -> str:
    base = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PORT")}
    result = subprocess.run(
        [sys.executable, "-c", SITE_URL_SNIPPET],
        capture_output=True,
        text=True,
        env={**base, **env},
        check=True,
    )
    return result.stdout.strip()


def test_links_follow_the_port_unless_a_site_url_is_given() -> None:
    assert site_url() == "http://127.0.0.1:8000"
    assert site_url(PORT="8123") == "http://127.0.0.1:8123"
    assert site_url(PORT="8123", SITE_URL="https://scan.example.org/") == (
        "https://scan.example.org"
    )


def test_make_run_gives_its_port_to_the_server_the_demo_and_the_mail_worker() -> None:
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    dry_run = subprocess.run(
        ["make", "-n", "-C", root, "run", "PORT=8123"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    commands = [line for line in dry_run.splitlines() if "bin/partnerscan" in line]
    started = [
        c for c in commands if any(w in c for w in ("load_demo", "send_invitations", "runserver"))
    ]
    assert len(started) == 3
    assert all(c.startswith("PORT=8123 ") for c in started)
    assert "runserver 127.0.0.1:8123" in started[-1]
