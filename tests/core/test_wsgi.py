"""The server process imports what requests need at start-up, and starts without what it lacks.

Run in a child process: importing partnerscan.wsgi preloads libraries that take seconds, and
the test suite itself never imports it.
"""

from __future__ import annotations

import subprocess
import sys

# WeasyPrint and pandas made unimportable, as on a machine without them.
START = """
import sys
sys.modules["weasyprint"] = None
sys.modules["pandas"] = None
import partnerscan.wsgi as wsgi
assert callable(wsgi.application)
print(sorted(name for name in ("openpyxl", "partnerscan.reports.views") if name in sys.modules))
"""


def test_the_server_starts_without_an_optional_library_and_preloads_the_rest() -> None:
    started = subprocess.run([sys.executable, "-c", START], capture_output=True, text=True)
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "['openpyxl', 'partnerscan.reports.views']"
    for name in ("weasyprint", "pandas"):
        assert f"not preloaded: {name}" in started.stderr
