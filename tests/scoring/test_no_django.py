"""The scoring package must be usable without Django (STYLE.md: numbers never import it)."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
import partnerscan.scoring
import partnerscan.scoring.cli
import partnerscan.scoring.health_comments
import partnerscan.scoring.partner_view
import partnerscan.scoring.responses_csv
import partnerscan.scoring.text_report
leaked = sorted(name for name in sys.modules if name == "django" or name.startswith("django."))
assert not leaked, leaked
"""


def test_importing_scoring_never_imports_django() -> None:
    env_free = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, check=False
    )
    assert env_free.returncode == 0, env_free.stderr
