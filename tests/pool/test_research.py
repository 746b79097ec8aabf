"""The researcher export: what enters the pool, what a row shows, the files, and who gets in.

The data are inserted directly (closed rounds with submitted responses), on the mini model:
organisations "Pool 0".."Pool 4" each with one pooled round, plus rounds that must stay out.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pyreadstat
import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from support import PASSWORD, logged_in

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments.models import DONT_KNOW, Answer, Assessment, Response
from partnerscan.audit.models import AuditEvent, Event
from partnerscan.pool import research

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parents[1] / "fixtures"
ASPECTS = ("goals", "themes", "selection", "leadership", "learning")
CODES = ("STR_GOALS", "STR_THEMES", "STR_SELECT", "CUL_LEAD", "CUL_LEARN")
PAYLOAD = '=HYPERLINK("http://x","y")'
URLS = ("/research/", "/research/pool.csv", "/research/reliability.csv")


@pytest.fixture(autouse=True)
def mini_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAPABILITY_MODELS_DIR", str(FIXTURES))


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def current(i: int, j: int, shift: int) -> int:
    """Respondent i's answer on aspect j: spread over 1..5, a don't know now and then."""
    if (i * 5 + j) % 11 == 0:
        return DONT_KNOW
    return (i + j + shift) % 5 + 1


def closed_round(
    organisation: Organisation,
    count: int,
    *,
    in_pool: bool = True,
    state: str = Assessment.State.CLOSED,
    roles: tuple[tuple[str, str], ...] = (("staff", "internal"),),
) -> Assessment:
    """A round with `count` submitted responses answering every aspect (three queries)."""
    assessment = Assessment.objects.create(
        organisation=organisation,
        title=f"Secret title of {organisation.name}",
        model_id="mini",
        model_version="1.0",
        state=state,
        in_pool=in_pool,
        min_group=3,
        closed_at=timezone.now() if state == Assessment.State.CLOSED else None,
    )
    shift = organisation.pk % 3
    responses = Response.objects.bulk_create(
        Response(
            assessment=assessment,
            submitted=True,
            role=roles[i % len(roles)][0],
            group=roles[i % len(roles)][1],
            department="Secret department",
        )
        for i in range(count)
    )
    Answer.objects.bulk_create(
        Answer(
            response=response,
            aspect=aspect,
            current=current(i, j, shift),
            ambition=5,
            comment="Secret comment",
        )
        for i, response in enumerate(responses)
        for j, aspect in enumerate(ASPECTS)
    )
    return assessment


def organisation(name: str, **fields: Any) -> Organisation:
    return Organisation.objects.create(name=name, sector="care", size="medium", **fields)


@pytest.fixture
def pool() -> list[Assessment]:
    """Five organisations with a pooled round of 4 respondents each."""
    return [closed_round(organisation(f"Pool {i}"), 4) for i in range(5)]


@pytest.fixture
def researcher() -> User:
    user = User.objects.create_user("rita@example.org", PASSWORD, name="Rita")
    call_command("grant_researcher", user.email, stdout=io.StringIO())
    return user


@pytest.fixture
def as_researcher(researcher: User) -> Client:
    return logged_in(researcher)


def rows_of(client: Client, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    return list(csv.DictReader(io.StringIO(text)))


def level_cell(value: int) -> str:
    return "dk" if value == DONT_KNOW else str(value)


# --- what enters the pool -----------------------------------------------------------------------


def test_only_closed_opted_in_rounds_with_three_respondents_enter(
    pool: list[Assessment], as_researcher: Client
) -> None:
    closed_round(organisation("Open one"), 5, state=Assessment.State.OPEN)
    closed_round(organisation("Not shared"), 5, in_pool=False)
    closed_round(organisation("Too small"), 2)
    unsubmitted = Response.objects.create(assessment=pool[0], submitted=False)
    Answer.objects.create(response=unsubmitted, aspect="goals", current=1)
    rows = rows_of(as_researcher, "/research/pool.csv")
    assert len(rows) == 5 * 4
    assert {row["organisation"] for row in rows} == {
        research.pseudonym(a.organisation_id) for a in pool
    }
    assert research.versions() == [research.Version("mini@1.0", 5, 5, 20)]


def test_a_row_has_the_pool_columns_and_never_department_comments_or_dates(
    pool: list[Assessment], as_researcher: Client
) -> None:
    response = as_researcher.get("/research/pool.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    header = text.splitlines()[0].split(",")
    assert header == ["organisation", "sector", "size", "round", "role", "group"] + [
        f"{code}_{part}" for code in CODES for part in ("current", "ambition")
    ]
    for secret in ("Secret", "Pool 0", "@"):
        assert secret not in text
    assert not re.search(r"\d{4}-\d\d-\d\d", text)


def test_names_appear_only_for_organisations_that_allow_it(
    pool: list[Assessment], as_researcher: Client
) -> None:
    named = closed_round(organisation("Open Books Ltd", pool_named=True), 3)
    rows = rows_of(as_researcher, "/research/pool.csv")
    labels = {row["organisation"] for row in rows}
    assert "Open Books Ltd" in labels
    assert labels - {"Open Books Ltd"} == {research.pseudonym(a.organisation_id) for a in pool}
    assert all(re.fullmatch(r"org-[0-9a-f]{12}", label) for label in labels - {"Open Books Ltd"})
    assert named.organisation.name not in research.pseudonym(named.organisation_id)


def test_the_pseudonym_is_stable_but_keyed_with_the_secret_key(settings: Any) -> None:
    first = research.pseudonym(42)
    assert research.pseudonym(42) == first != research.pseudonym(43)
    settings.SECRET_KEY = "another-secret-key-for-this-test-only"
    assert research.pseudonym(42) != first


def test_rounds_are_numbered_per_organisation_from_the_earliest(
    pool: list[Assessment], as_researcher: Client
) -> None:
    later = closed_round(pool[0].organisation, 3)
    later.closed_at = pool[0].closed_at + timezone.timedelta(days=300)  # type: ignore[operator]
    later.save(update_fields=["closed_at"])
    rows = rows_of(as_researcher, "/research/pool.csv")
    first_org = research.pseudonym(pool[0].organisation_id)
    rounds = [row["round"] for row in rows if row["organisation"] == first_org]
    assert rounds == ["1"] * 4 + ["2"] * 3


def test_role_and_group_are_pooled_per_round_as_a_breakdown_is(
    pool: list[Assessment], as_researcher: Client
) -> None:
    # board/internal 3, staff/internal 3, staff/external 1 (k = 3): the lone external
    # respondent pools into "other", which then takes the smallest shown group with it.
    mixed = (("board", "internal"), ("staff", "internal"), ("staff", "external"))
    round_ = closed_round(organisation("Mixed"), 7, roles=mixed[:2] * 3 + mixed[2:])
    label = research.pseudonym(round_.organisation_id)
    rows = rows_of(as_researcher, "/research/pool.csv")
    cells = sorted((row["role"], row["group"]) for row in rows if row["organisation"] == label)
    assert cells == [("other", "other")] * 4 + [("staff", "internal")] * 3


def test_formulas_in_sector_and_name_are_neutralised(
    pool: list[Assessment], as_researcher: Client
) -> None:
    hostile = Organisation.objects.create(name=PAYLOAD, sector=PAYLOAD, pool_named=True)
    closed_round(hostile, 3)
    rows = rows_of(as_researcher, "/research/pool.csv")
    hostile_rows = [row for row in rows if PAYLOAD in row["organisation"]]
    assert len(hostile_rows) == 3
    assert {(row["organisation"], row["sector"]) for row in hostile_rows} == {
        ("'" + PAYLOAD, "'" + PAYLOAD)
    }


# --- the files ----------------------------------------------------------------------------------


def stored(assessments: list[Assessment]) -> set[tuple[str, ...]]:
    """Every pooled respondent's current and ambition cells, as the stored answers say."""
    found: dict[Any, dict[str, tuple[int, int]]] = {}
    for answer in Answer.objects.filter(response__assessment__in=assessments):
        found.setdefault(answer.response_id, {})[answer.aspect] = (answer.current, answer.ambition)
    return {
        tuple(level_cell(v) for aspect in ASPECTS for v in answers[aspect])
        for answers in found.values()
    }


def test_the_csv_re_reads_with_the_numbers_stored(
    pool: list[Assessment], as_researcher: Client
) -> None:
    rows = rows_of(as_researcher, "/research/pool.csv")
    cells = {
        tuple(row[f"{code}_{part}"] for code in CODES for part in ("current", "ambition"))
        for row in rows
    }
    assert cells == stored(pool)
    assert {(row["sector"], row["size"], row["round"]) for row in rows} == {("care", "medium", "1")}


def test_the_sav_file_opens_with_value_labels(
    pool: list[Assessment], as_researcher: Client
) -> None:
    response = as_researcher.get("/research/pool.sav?model=mini@1.0")
    assert response["Content-Disposition"] == (
        'attachment; filename="partnerscan-mini-1.0-pool.sav"'
    )
    with tempfile.NamedTemporaryFile(suffix=".sav") as out:
        out.write(b"".join(response.streaming_content))  # type: ignore[attr-defined]
        out.flush()
        frame, meta = pyreadstat.read_sav(out.name, user_missing=True)
    assert len(frame) == 20
    assert meta.variable_value_labels["STR_GOALS_current"] == {
        1.0: "Incidental",
        2.0: "Aware",
        3.0: "Organised",
        4.0: "Integrated",
        5.0: "Learning and strategic",
        9.0: "don't know",
    }
    assert set(frame["STR_GOALS_ambition"]) == {5.0}
    assert meta.column_names[:6] == ["organisation", "sector", "size", "round", "role", "group"]


def test_the_xlsx_file_opens(pool: list[Assessment], as_researcher: Client) -> None:
    response = as_researcher.get("/research/pool.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    rows = list(workbook.active.iter_rows(values_only=True))
    assert len(rows) == 22 and rows[0][:4] == ("organisation", "sector", "size", "round")


def test_the_reliability_csv_carries_the_pools_figures(
    pool: list[Assessment], as_researcher: Client
) -> None:
    figures = research.pool_reliability("mini@1.0")
    rows = rows_of(as_researcher, "/research/reliability.csv")
    assert [(row["row"], row["code"]) for row in rows] == [
        ("condition", "STR"),
        ("aspect", "STR_GOALS"),
        ("aspect", "STR_THEMES"),
        ("aspect", "STR_SELECT"),
        ("condition", "CUL"),
        ("aspect", "CUL_LEAD"),
        ("aspect", "CUL_LEARN"),
    ]
    strategy = figures.conditions[0]
    assert rows[0]["alpha"] == (repr(strategy.alpha) if strategy.alpha is not None else "")
    assert rows[0]["icc1"] == (repr(strategy.icc.icc1) if strategy.icc.icc1 is not None else "")
    assert rows[1]["item_total_r"] == repr(strategy.items[0].r)
    totals = ("organisations", "pool_organisations", "pool_respondents")
    assert tuple(rows[0][name] for name in totals) == ("5", "5", "20")


def test_the_export_loads_in_a_fixed_number_of_queries(
    pool: list[Assessment], as_researcher: Client
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            rows_of(as_researcher, "/research/pool.csv")
        return len(captured)

    few = queries()
    for i in range(5, 15):
        closed_round(organisation(f"More {i}"), 6)
    assert queries() <= few


def test_every_download_is_in_the_audit_log_of_each_pooled_organisation(
    pool: list[Assessment], as_researcher: Client, researcher: User
) -> None:
    rows_of(as_researcher, "/research/pool.csv")
    events = AuditEvent.objects.filter(action=Event.EXPORTED)
    assert sorted((e.organisation_id, e.assessment_id, e.user_id, e.detail) for e in events) == [
        (a.organisation_id, a.pk, researcher.pk, "research pool.csv (mini@1.0)") for a in pool
    ]


# --- the page and its threshold -----------------------------------------------------------------


def test_the_page_lists_the_pool_its_reliability_and_the_downloads(
    pool: list[Assessment], as_researcher: Client
) -> None:
    html = as_researcher.get("/research/").content.decode()
    assert "mini@1.0" in html and "Reliability of mini@1.0" in html
    assert "/research/pool.sav?model=mini%401.0" in html
    assert "Pool 0" not in html and "Secret" not in html


def test_below_five_organisations_there_is_nothing_to_download(
    as_researcher: Client,
) -> None:
    for i in range(4):
        closed_round(organisation(f"Few {i}"), 3)
    html = as_researcher.get("/research/").content.decode()
    assert "holds 4 organisations" in html
    assert "/research/pool.csv" not in html and "Reliability of" not in html
    assert as_researcher.get("/research/pool.csv").status_code == 409
    assert as_researcher.get("/research/reliability.csv").status_code == 409
    assert not AuditEvent.objects.filter(action=Event.EXPORTED).exists()


def test_an_unknown_model_version_or_format_is_not_found(
    pool: list[Assessment], as_researcher: Client
) -> None:
    assert as_researcher.get("/research/pool.csv?model=mini@9.9").status_code == 404
    assert as_researcher.get("/research/pool.pdf").status_code == 404
    assert as_researcher.get("/research/reliability.sav").status_code == 404


def test_the_page_speaks_dutch(pool: list[Assessment], researcher: User) -> None:
    html = logged_in(researcher, "nl").get("/research/").content.decode()
    assert "Onderzoekspool" in html and "Betrouwbaarheid van mini@1.0" in html


# --- who gets in --------------------------------------------------------------------------------


@pytest.mark.parametrize("url", URLS)
def test_without_the_permission_every_research_url_is_not_found(
    url: str, pool: list[Assessment], as_alice: Client, as_charlie: Client
) -> None:
    for client in (as_alice, as_charlie):
        assert (client.get(url).status_code, client.post(url).status_code) == (404, 404)


@pytest.mark.parametrize("url", URLS)
def test_anonymous_visitors_are_sent_to_log_in(url: str, client: Client) -> None:
    response = client.get(url)
    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/accounts/login/")


def test_a_superuser_is_a_researcher(pool: list[Assessment]) -> None:
    admin = User.objects.create_superuser("root@example.org", PASSWORD)
    assert logged_in(admin).get("/research/").status_code == 200


def test_the_navigation_links_to_the_pool_only_for_researchers(
    as_researcher: Client, as_alice: Client
) -> None:
    assert 'href="/research/"' in as_researcher.get("/orgs/").content.decode()
    assert 'href="/research/"' not in as_alice.get("/orgs/").content.decode()


def test_the_grant_command_grants_and_revokes(alice: User) -> None:
    out = io.StringIO()
    call_command("grant_researcher", "ALICE@example.org", stdout=out)
    assert User.objects.get(pk=alice.pk).has_perm("pool.export_pool")
    assert "alice@example.org can now download" in out.getvalue()
    call_command("grant_researcher", "alice@example.org", "--revoke", stdout=out)
    assert not User.objects.get(pk=alice.pk).has_perm("pool.export_pool")
    assert not Permission.objects.filter(user=alice).exists()


def test_the_grant_command_names_an_unknown_address(db: None) -> None:
    with pytest.raises(CommandError, match="No user has the e-mail address 'nobody@example.org'"):
        call_command("grant_researcher", "nobody@example.org")


def test_the_cached_reliability_follows_the_pool(pool: list[Assessment]) -> None:
    before = research.pool_reliability("mini@1.0")
    assert research.pool_reliability("mini@1.0") == before  # from the cache
    closed_round(organisation("Newcomer"), 5)
    after = research.pool_reliability("mini@1.0")
    assert (after.rounds, after.respondents) == (6, 25)
    assert [c.icc.groups for c in after.conditions] == [6, 6]
    Response.objects.filter(assessment=pool[0]).first().delete()  # type: ignore[union-attr]
    assert [c.icc.n for c in research.pool_reliability("mini@1.0").conditions] == [24, 24]


def test_the_iccs_compare_organisations_so_two_rounds_of_one_are_one_group(
    pool: list[Assessment],
) -> None:
    closed_round(pool[0].organisation, 3)  # a second pooled round of the first organisation
    figures = research.pool_reliability("mini@1.0")
    assert (figures.organisations, figures.rounds, figures.respondents) == (5, 6, 23)
    assert [c.icc.groups for c in figures.conditions] == [5, 5]
