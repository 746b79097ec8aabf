"""No respondent's e-mail address appears in any results page or export of an assessment."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.http import HttpResponseBase
from django.urls import NoReverseMatch, reverse
from support import logged_in

from partnerscan.assessments import domain
from partnerscan.assessments.models import Invitation

from .conftest import LEVELS, World, answer

pytestmark = pytest.mark.django_db

ADDRESS = "respondent-a@example.net"
# Every page and file that shows an assessment's results, with the path parameters it needs.
RESULT_URLS = [
    ("dashboard", {}),
    ("export", {"kind": "responses", "fmt": "csv"}),
    ("export", {"kind": "responses", "fmt": "xlsx"}),
    ("export", {"kind": "responses", "fmt": "sav"}),
    ("export", {"kind": "results", "fmt": "csv"}),
    ("export", {"kind": "results", "fmt": "xlsx"}),
]


def body(response: HttpResponseBase) -> bytes:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if data.startswith(b"PK"):  # XLSX: the text lives in the zipped XML parts
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return b"".join(archive.read(name) for name in archive.namelist())
    return data


def test_results_and_exports_never_show_an_email_address(world: World) -> None:
    invitation = Invitation.objects.get(email=ADDRESS)
    answer(domain.issue_email_token(invitation), LEVELS)  # the e-mailed respondent took part
    domain.close_assessment(world.a.assessment)  # results and exports exist once closed
    client = logged_in(world.a.owner)
    seen = {}
    for name, extra in RESULT_URLS:
        try:
            url = reverse(name, kwargs={"assessment_id": world.a.assessment.pk, **extra})
        except NoReverseMatch:  # a reports URL renamed: the isolation walk says so loudly
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        seen[url] = ADDRESS.encode() in body(response) or b"example.net" in body(response)
    assert seen and seen == dict.fromkeys(seen, False)
