"""A local receiver for webhooks and the rounds that make events.

The receiver is a real HTTP server on 127.0.0.1 and a random port, in a thread: it answers
each POST with the next status of its list (then 200) and keeps what it got. Local http://
addresses are allowed for these tests only (WEBHOOKS_ALLOW_HTTP_LOCALHOST).
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment

FIXTURES = Path(__file__).parents[1] / "fixtures"
LEVELS = {"goals": ("2", "4"), "themes": ("3", "4"), "selection": ("1", "3")}


@pytest.fixture(autouse=True)
def mini_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAPABILITY_MODELS_DIR", str(FIXTURES))


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def local_receivers(settings: Any) -> None:
    settings.WEBHOOKS_ALLOW_HTTP_LOCALHOST = True


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str = ""
    answers: list[int] = field(default_factory=list)  # statuses to give, in order; then 200
    received: list[Received] = field(default_factory=list)
    given: list[int] = field(default_factory=list)


def _handler(receiver: Receiver) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            receiver.received.append(Received(dict(self.headers.items()), body))
            status = receiver.answers.pop(0) if receiver.answers else 200
            receiver.given.append(status)
            self.send_response(status)
            if status in (301, 302):
                self.send_header("Location", "http://127.0.0.1:9/elsewhere")
            self.end_headers()
            self.wfile.write(b"thanks" if status < 300 else b"something broke")

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(found))
    found.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/partnerscan"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield found
    server.shutdown()
    server.server_close()


def answer_all(assessment: Assessment, count: int) -> None:
    """`count` respondents answer and submit, through the respondents' workflows."""
    for token in domain.create_links(assessment, count):
        invitation = domain.find_invitation(token)
        assert invitation is not None
        response = domain.start_response(invitation, token)
        for aspect, (current, ambition) in LEVELS.items():
            domain.save_answer(response, aspect, "current", current)
            domain.save_answer(response, aspect, "ambition", ambition)
        domain.submit_response(response, invitation)


def closed_round(organisation: Organisation, by: User, respondents: int, title: str) -> Assessment:
    assessment = domain.create_assessment(organisation, by, title=title, min_group=3)
    assessment = domain.open_assessment(assessment, by=by)
    answer_all(assessment, respondents)
    return domain.close_assessment(assessment, by=by)
