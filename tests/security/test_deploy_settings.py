"""Production settings pass Django's deployment checklist, and their defaults are strict."""

from __future__ import annotations

import os
import subprocess
import sys

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "production-test-secret-with-enough-variety-0123456789",
    "ALLOWED_HOSTS": "scan.example.org",
}


def clean_environment() -> dict[str, str]:
    """The test run's environment without what a deployment must not have (the browser
    tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright) or what would change the defaults."""
    unwanted = ("SECURE_", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    return {k: v for k, v in os.environ.items() if not k.startswith(unwanted)}


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = clean_environment()
    return subprocess.run(
        [sys.executable, "-m", "partnerscan.cli", *args],
        capture_output=True,
        text=True,
        env={**base, **PRODUCTION, **env},
        check=False,
    )


def test_check_deploy_is_clean() -> None:
    result = run("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


SNIPPET = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
    "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY, "
    "s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SAMESITE)"
)


def settings_line(**env: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", SNIPPET],
        capture_output=True,
        text=True,
        env={
            **clean_environment(),
            **PRODUCTION,
            "DJANGO_SETTINGS_MODULE": "partnerscan.settings",
            **env,
        },
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_defaults_are_strict_and_each_can_be_set() -> None:
    assert settings_line() == "True 31536000 True True True True Lax Lax"
    relaxed = settings_line(SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="3600")
    assert relaxed == "False 3600 True True True True Lax Lax"
