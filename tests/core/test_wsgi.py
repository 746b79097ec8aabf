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


# What start-up loaded is frozen out of the collector's sight; later garbage is still collected.
FROZEN = """
import gc, sys
import partnerscan.wsgi
frozen = gc.get_freeze_count()
class Cycle:
    pass
cycle = Cycle()
cycle.self = cycle
del cycle
print(frozen, gc.isenabled(), gc.collect())
"""


def test_the_server_freezes_what_start_up_loaded_and_still_collects_later_garbage() -> None:
    started = subprocess.run([sys.executable, "-c", FROZEN], capture_output=True, text=True)
    assert started.returncode == 0, started.stderr
    frozen, enabled, collected = started.stdout.split()
    assert int(frozen) > 100_000  # Django, the views and the preloaded libraries
    assert enabled == "True"
    assert int(collected) >= 1  # the cycle made after start-up
