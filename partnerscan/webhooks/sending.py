"""One POST of a webhook, with the standard library: a short timeout, no redirects followed
(a redirect could lead into the operator's network), and the first characters of the answer.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from partnerscan.webhooks import signing
from partnerscan.webhooks.addresses import url_problem

TIMEOUT = 5.0  # seconds; a receiver should answer at once and do its work afterwards
SNIPPET = 500  # characters of the receiver's answer kept for the delivery log
USER_AGENT = "partnerscan-webhooks/1"


@dataclass(frozen=True)
class Outcome:
    status: int | None = None
    error: str = ""
    response: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the 3xx comes back as an HTTPError: not delivered


_opener = urllib.request.build_opener(_NoRedirects)


def headers(secret: str, event_id: str, event_type: str, body: bytes) -> dict[str, str]:
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "Partnerscan-Event-Id": event_id,
        "Partnerscan-Event-Type": event_type,
        "Partnerscan-Signature": signing.signature(secret, int(time.time()), body),
    }


def post(url: str, secret: str, event_id: str, event_type: str, body: str) -> Outcome:
    """Send one event; 2xx is delivered, anything else (or no answer) is a failed attempt."""
    problem = url_problem(url)
    if problem:
        return Outcome(error=problem[:300])
    data = body.encode()
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above (https)
        url, data=data, method="POST", headers=headers(secret, event_id, event_type, data)
    )
    try:
        with _opener.open(request, timeout=TIMEOUT) as answer:
            return Outcome(status=answer.status, response=_snippet(answer))
    except urllib.error.HTTPError as exc:
        return Outcome(status=exc.code, error=f"HTTP {exc.code}", response=_snippet(exc))
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return Outcome(error=f"{type(exc).__name__}: {reason}"[:300])


def _snippet(answer: Any) -> str:
    try:
        return bytes(answer.read(SNIPPET)).decode("utf-8", "replace")[:SNIPPET]
    except (OSError, ValueError):
        return ""
