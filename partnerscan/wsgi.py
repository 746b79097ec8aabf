"""The WSGI application: what gunicorn and runserver load, once per server process.

Loading it also imports what a request would otherwise import the first time it is needed,
so no user's request pays for it (issue 19): every view and URL pattern, WeasyPrint for the
PDF report (about 2 s), pandas and pyreadstat for the SPSS file (about 2.7 s), openpyxl for
the workbooks. A library that is missing or cannot load is skipped with a warning; the
request that needs it then fails as it would have anyway. Tests never import this module.

Then everything loaded so far is frozen out of the garbage collector's sight (`gc.freeze`):
those objects live as long as the process, yet Python's collector would walk all of them again
each time a request's allocations trigger a full collection. A PDF report allocates millions
of objects; with the start-up's objects frozen it renders about a third faster (issue 19,
bench/report.py). Garbage made by requests is collected as before.
"""

import gc
import importlib
import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerscan.settings")
application = get_wsgi_application()

HEAVY = ("weasyprint", "pandas", "pyreadstat", "openpyxl")
logger = logging.getLogger(__name__)


def preload(names: tuple[str, ...] = HEAVY) -> list[str]:
    """Import the URL patterns with their views, then `names`; return what was loaded."""
    from django.urls import get_resolver

    loaded = []
    for name in ("urls", *names):
        try:
            if name == "urls":
                get_resolver().url_patterns  # noqa: B018 - imports every view module
            else:
                importlib.import_module(name)
        except Exception as exc:  # WeasyPrint raises OSError without its system libraries
            logger.warning("not preloaded: %s (%s)", name, exc)
        else:
            loaded.append(name)
    return loaded


def freeze() -> None:
    """Collect what start-up left behind, then keep the rest out of every later collection."""
    gc.collect()
    gc.freeze()


preload()
freeze()
