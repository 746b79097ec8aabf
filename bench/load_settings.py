"""Settings of the load test: the project's settings plus the baseline view's URL.

The baseline view lives outside the app on purpose: it exists only to be measured against.
"""

import warnings

from partnerscan.settings import *  # noqa: F403

ROOT_URLCONF = "bench.load_urls"

# The bench serves no static files, so WhiteNoise's warning about a missing STATIC_ROOT
# (no collectstatic was run) is noise in its output.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
