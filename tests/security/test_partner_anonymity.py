"""No partner organisation with fewer than k counting partners can be recovered from anything a
member can read (issue 16, "Done when"; docs/method.md "Partner view", docs/privacy.md).

Each test builds its rounds through the workflows (tests/partner_scenarios.py) and reads every
output a member gets (partner_outputs.everything: the dashboard as owner, editor and viewer, the
PDF in Dutch and English, the results CSV, XLSX, SAV and JSON, the partner round's page). The
small organisation is Gamma: one or two partners, who answer 1 where everyone else answers 3
to 5, so any figure of Gamma alone would stand out. The attacks: padding Gamma with partners
who answer nothing; subtracting shown figures from totals, organisations from kinds and
aspects from conditions; one partner more; a follow-up round; the order of comments; and
another organisation's members.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import pytest
from partner_scenarios import MODEL, Partner, everywhere, kinds, own_round, partners
from support import logged_in

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments.models import Assessment
from partnerscan.core.ordering import keyed_order
from partnerscan.partnerview import domain, mail, responding
from partnerscan.partnerview.invitees import Invitee
from partnerscan.partnerview.models import PartnerRound

from .partner_outputs import Members, everything, members, partner_csv_rows, where

pytestmark = pytest.mark.django_db

STRATEGY = ("goals", "selection", "attractiveness")  # the partner aspects of the condition


@pytest.fixture(autouse=True)
def mini_model() -> None:
    """These tests use the shipped model 1.1 (its partner wording), not the security tests'
    mini model."""


@pytest.fixture
def people(org_a: Organisation, alice: User) -> Members:
    kinds(
        org_a, alice, {"Alpha": "public", "Beta": "public", "Delta": "private", "Gamma": "private"}
    )
    return members(org_a, alice)


def colleagues(i: int, aspect: str) -> int:
    return 3 + i % 2


def scan(
    organisation: Organisation,
    owner: User,
    crowd: Sequence[Partner],
    min_group: int = 5,
    previous: Assessment | None = None,
    title: str = "Scan 2026",
) -> Assessment:
    """A closed round of six colleagues with a closed partner round answered by `crowd`."""
    assessment = own_round(organisation, owner, colleagues, title=title, previous=previous)
    partners(assessment, owner, crowd, min_group=min_group)
    return assessment


def org(name: str, n: int, level: str | Mapping[str, str], comment: str = "") -> list[Partner]:
    """`n` partners of organisation `name`, each answering `level` on every partner aspect (or
    the answers given), the i-th with comment `comment` + i on goals when one is given."""
    answers = everywhere(level) if isinstance(level, str) else dict(level)
    return [
        Partner(name, answers, {"goals": f"{comment} {i}"} if comment else {}) for i in range(n)
    ]


def only(answers: Mapping[str, str]) -> dict[str, str]:
    """These answers, and don't know on every other partner aspect."""
    return everywhere("dk") | dict(answers)


_emails = itertools.count()


def join(
    partner_round: PartnerRound,
    person: Partner,
    submit: bool = True,
    start: bool = True,
) -> None:
    """One more partner invited into an open round, answering as the pages do: `start=False`
    only invited, `submit=False` answered but never submitted."""
    invitee = Invitee(f"extra{next(_emails)}@partner.example", person.organisation, person.language)
    (invitation,) = domain.add_partner_invitations(partner_round, [invitee], None)
    token = mail.issue_token(invitation)
    assert token is not None
    if not start:
        return
    response = responding.start_partner_response(invitation, token)
    for aspect, value in person.answers.items():
        responding.save_partner_answer(response, aspect, value)
    for aspect, text in person.comments.items():
        responding.save_partner_comment(response, aspect, text)
    if submit:
        responding.submit_partner_response(response, invitation)


def counts_blanked(found: Mapping[str, Any]) -> dict[str, Any]:
    """The outputs with the partner page's counts blanked, and without its list of invitations
    (the editor's own list of whom they invited, which says nothing of answers)."""
    result = dict(found)
    for name in found:
        if name.startswith("partner page"):
            page = found[name].split("Invitations E-mail address", 1)[0]
            result[name] = re.sub(r"\d+", "#", page)
    return result


def outside_partner_pages(found: Mapping[str, Any], needle: str) -> list[str]:
    return [name for name in where(found, needle) if not name.startswith("partner page")]


def section(text: str, start: str, end: str) -> str:
    """The part of a page or PDF from heading `start` up to heading `end`."""
    assert start in text, start
    part = text[text.index(start) :]
    return part[: part.index(end)] if end in part else part


# --- reading figures off the files ----------------------------------------------------------


def view_of(found: Mapping[str, Any]) -> dict[str, Any]:
    view: dict[str, Any] = found["results.json"]["partner_view"]
    assert view is not None
    return view


def totals(found: Mapping[str, Any]) -> dict[str, tuple[int, Fraction | None]]:
    """Per aspect and condition: the partners' n and mean as the results CSV gives them (full
    precision), read back exactly."""
    result = {}
    for row in partner_csv_rows(found, ("partner_aspect", "partner_condition")):
        mean = exact(float(row["partner_mean"])) if row["partner_mean"] else None
        result[row["id"]] = (int(row["partner_n"]), mean)
    return result


def groups(found: Mapping[str, Any], breakdown: str) -> dict[str, dict[str, tuple[int, Any]]]:
    """From the results JSON: per shown group of `breakdown`, per figure id, (n, mean)."""
    shown: dict[str, dict[str, tuple[int, Any]]] = {}
    for group in view_of(found)[breakdown]["groups"]:
        figures = {f["id"]: (f["n"], f["mean"]) for f in group["aspects"] + group["conditions"]}
        shown[group["group"]] = {
            key: value for key, value in figures.items() if value[1] is not None
        }
    return shown


def exact(value: float) -> Fraction:
    """A mean of at most a few dozen answers, back as the fraction it is."""
    return Fraction(value).limit_denominator(1000)


# --- 2c. conditions against aspects --------------------------------------------------------------


def test_a_lone_answer_cannot_be_computed_from_a_condition_and_its_aspects(
    org_a: Organisation, alice: User, people: Members
) -> None:
    """Gamma's one partner answers only goals (1). The condition's score is over the partners
    who answered enough of strategy's three partner aspects, goals over everyone who answered
    it: if both were shown, 11 × goals − (3 × 10 × strategy − 10 × selection − 10 ×
    attractiveness) would be Gamma's answer, and the same by group."""
    crowd = org("Alpha", 5, "4") + org("Beta", 5, "3") + org("Gamma", 1, only({"goals": "1"}))
    found = everything(scan(org_a, alice, crowd), people, pdf=False)
    shown = totals(found)
    n_goals, goals = shown["goals"]
    n_strategy, strategy = shown["strategy"]
    assert (n_goals, n_strategy) == (11, 10)
    if strategy is not None:
        others = 3 * n_strategy * strategy - sum(
            shown[a][0] * (shown[a][1] or 0) for a in STRATEGY[1:]
        )
        assert goals is not None and n_goals * goals - others != 1, "Gamma's answer recovered"
    by_organisation = groups(found, "by_organisation")
    alpha = by_organisation.get("Alpha", {})
    if "strategy" in alpha and "other" in by_organisation:
        n_other, other = by_organisation["other"]["goals"]
        alpha_goals = 3 * 5 * exact(alpha["strategy"][1]) - sum(
            5 * exact(alpha[a][1]) for a in STRATEGY[1:]
        )
        assert n_other * exact(other) - alpha_goals != 1, "Gamma's answer recovered by group"


# --- what every test checks on every output --------------------------------------------------

TITLES = {"by_organisation": "By partner organisation", "by_kind": "By kind of partner"}
ASPECT_NAMES = {a.id: a.name.get("en") for a in MODEL.aspects}


def figures_shown(found: Mapping[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """Per results file, the (breakdown, aspect) of every group figure it shows, sorted."""
    view = view_of(found)
    shown = {
        "results.json": [
            (TITLES[b], f["id"])
            for b in TITLES
            for g in view[b]["groups"]
            for f in g["aspects"]
            if f["mean"] is not None
        ],
        "results.csv": [(r["name"], r["id"]) for r in partner_csv_rows(found, "partner_group")],
        "results.sav": [
            (r["name"], r["id"]) for r in found["results.sav"] if r["row"] == "partner_group"
        ],
    }
    names = {name: aspect for aspect, name in ASPECT_NAMES.items()}
    sheet = found["results.xlsx"].get("Partner groups", [])[1:]
    shown["results.xlsx"] = [(r[0], names[r[3]]) for r in sheet if len(r) > 3 and r[3]]
    return {name: sorted(pairs) for name, pairs in shown.items()}


def assert_safe(found: Mapping[str, Any], k: int, small: Sequence[str] = ("Gamma",)) -> None:
    """Every group figure rests on at least k partners and the total minus the shown groups is
    nothing or at least k, per figure (the per-figure n's included); every file shows exactly
    the group figures the results JSON shows; the small organisations appear in no output but
    the partner page's list of whom the editor invited."""
    view = view_of(found)
    totals = {f["id"]: f["partners"]["n"] for f in view["aspects"] + view["conditions"]}
    for breakdown in TITLES:
        per_figure: dict[str, list[int]] = {}
        for group in view[breakdown]["groups"]:
            assert group["group"] not in small
            for figure in group["aspects"] + group["conditions"]:
                if figure["mean"] is not None:
                    per_figure.setdefault(figure["id"], []).append(figure["n"])
                else:
                    assert figure["n"] == 0, figure  # a hidden figure says nothing of its n
        for figure_id, ns in per_figure.items():
            rest = totals[figure_id] - sum(ns)
            assert len(ns) >= 2 and min(ns) >= k and (rest == 0 or rest >= k), (figure_id, ns)
    shown = figures_shown(found)
    assert len({tuple(pairs) for pairs in shown.values()}) == 1, shown
    for name in small:
        assert outside_partner_pages(found, name) == [], name


# --- 1. padding -------------------------------------------------------------------------------

PADS = [  # (what, the partner, submitted, started)
    ("don't know only", Partner("Gamma", everywhere("dk")), True, True),
    ("empty", Partner("Gamma", {}), True, True),
    ("comment only", Partner("Gamma", {}, {"goals": "We hear little from you."}), True, True),
    ("answered, never submitted", Partner("Gamma", everywhere("1")), False, True),
    ("invited, never started", Partner("Gamma", {}), False, False),
]


@pytest.mark.parametrize(("k", "pdf"), [(5, True), (3, False)])
def test_padding_a_small_organisation_changes_no_output(
    org_a: Organisation, alice: User, people: Members, k: int, pdf: bool
) -> None:
    """Gamma's one partner padded with one of each kind of answerless partner (five more
    Gamma invitations, enough for a group of k were they counted): every page and file is the
    same as without them but for the partner page's counts, and Gamma is no group anywhere."""
    crowd = org("Alpha", k, "4") + org("Beta", k, "3") + org("Gamma", 1, "1")
    plain = scan(org_a, alice, crowd, min_group=k)
    padded = own_round(org_a, alice, colleagues)
    partner_round = partners(padded, alice, crowd, min_group=k, close=False)
    for _what, pad, submit, start in PADS:
        join(partner_round, pad, submit=submit, start=start)
    domain.close_partner_round(partner_round, alice)
    before, after = everything(plain, people, pdf=pdf), everything(padded, people, pdf=pdf)
    assert counts_blanked(after) == counts_blanked(before)
    assert after["partner page (owner)"] != before["partner page (owner)"]  # the counts moved
    # Below the totals: per organisation only how many were invited, never who started.
    per_organisation = after["partner page (editor)"].split("Invited per partner organisation")
    assert len(per_organisation) == 2
    assert "started" not in per_organisation[1] and "submitted" not in per_organisation[1]
    assert_safe(after, k)
    assert view_of(after)["respondents"] == 2 * k + 1
    assert "We hear little from you." not in str(after)


# --- 2. subtraction within a round -----------------------------------------------------------


@pytest.mark.parametrize("k", [5, 3])
def test_a_kind_made_of_a_shown_organisation_and_a_small_one_is_shown_nowhere(
    org_a: Organisation, alice: User, people: Members, k: int
) -> None:
    """Alpha (public) and Delta (private) have k partners each, Gamma (private) 2. By
    organisation: Delta, and "other" = Alpha + Gamma. By kind, public = Alpha and private =
    Delta + Gamma, so private − Delta = Gamma: the kinds must be shown in no page or file."""
    crowd = org("Alpha", k, "4") + org("Delta", k, "3") + org("Gamma", 2, "1")
    found = everything(scan(org_a, alice, crowd, min_group=k), people, pdf=k == 5)
    assert_safe(found, k)
    view = view_of(found)
    labels = [g["group"] for g in view["by_organisation"]["groups"]]
    assert labels == ["Delta", "other"]
    assert not any(
        f["mean"] is not None
        for g in view["by_kind"]["groups"]
        for f in g["aspects"] + g["conditions"]
    )
    assert {b for pairs in figures_shown(found).values() for b, _ in pairs} == {
        TITLES["by_organisation"]
    }
    pages = [name for name in found if name.startswith(("dashboard", "pdf"))]
    for name in pages:
        text = found[name]
        start = "Naar soort partner" if name == "pdf (nl)" else "By kind of partner"
        end = "Wat partners" if name == "pdf (nl)" else "What partners would need"
        kinds_part = section(text, start, end)
        assert "Not shown" in kinds_part or "Niet getoond" in kinds_part, (name, kinds_part)
        assert "Private" not in kinds_part and "Public" not in kinds_part, name
    assert where(found, "Delta")  # shown by organisation: the breakdown itself still works


def test_total_minus_the_shown_groups_is_never_a_small_organisation(
    org_a: Organisation, alice: User, people: Members
) -> None:
    """Alpha 5, Beta 5, Gamma 1, but one Beta partner answered only goals and skills: per
    figure the groups are pooled on who answered it, so elsewhere Beta's 4 and Gamma make up
    "other", and every figure's groups still cover its answers in groups of at least k. That
    partner's goals and skills would follow from strategy and systems beside their other
    aspects, so those two conditions show no partners' figure."""
    beta = org("Beta", 4, "3") + [Partner("Beta", only({a: "3" for a in ("goals", "skills")}))]
    crowd = org("Alpha", 5, "4") + beta + org("Gamma", 1, "1")
    found = everything(scan(org_a, alice, crowd), people, pdf=False)
    assert_safe(found, 5)
    groups_of = groups(found, "by_organisation")
    assert set(groups_of["Beta"]) == {"goals", "skills"}  # where Beta has 5 answers
    assert groups_of["other"]["selection"][0] == 4 + 1  # Beta's 4 and Gamma
    assert groups_of["other"]["goals"][0] == 5 + 1  # Alpha, the smallest shown, and Gamma
    means = {c["id"]: c["partners"]["mean"] for c in view_of(found)["conditions"]}
    assert [c for c, mean in means.items() if mean is None] == ["strategy", "systems"]
    assert "it is left out: together with the figures of its aspects" in found["dashboard (viewer)"]


def test_a_condition_is_not_shown_where_it_and_its_aspects_would_give_away_gamma(
    org_a: Organisation, alice: User, people: Members
) -> None:
    """The attack above, read in every file: the partners' strategy figure is empty in the
    results CSV, SAV, workbook and JSON, over all partners and per group, while the
    conditions nobody skipped are shown."""
    crowd = org("Alpha", 5, "4") + org("Beta", 5, "3") + org("Gamma", 1, only({"goals": "1"}))
    found = everything(scan(org_a, alice, crowd), people, pdf=False)
    assert_safe(found, 5)
    csv_means = {r["id"]: r["partner_mean"] for r in partner_csv_rows(found, "partner_condition")}
    assert csv_means["strategy"] == "" and all(csv_means[c] for c in csv_means if c != "strategy")
    sav = [r for r in found["results.sav"] if r["row"] == "partner_condition"]
    assert [r["id"] for r in sav if r["partner_mean"] is None] == ["strategy"]
    sheet = {row[0]: row for row in found["results.xlsx"]["Partners"][1:]}
    assert sheet["STR"][5] is None and sheet["CUL"][5] is not None
    for breakdown in TITLES:
        for group in view_of(found)[breakdown]["groups"]:
            assert {c["id"]: c["mean"] for c in group["conditions"]}["strategy"] is None


# --- 3. one partner more ----------------------------------------------------------------------


def group_figures(found: Mapping[str, Any]) -> dict[tuple[str, str, str], tuple[int, Any]]:
    view = view_of(found)
    return {
        (b, g["group"], f["id"]): (f["n"], f["mean"])
        for b in TITLES
        for g in view[b]["groups"]
        for f in g["aspects"] + g["conditions"]
        if f["mean"] is not None
    }


@pytest.mark.parametrize("extra", ["Gamma", "Beta"])
def test_one_partner_more_moves_only_figures_of_at_least_k(
    org_a: Organisation, alice: User, people: Members, extra: str
) -> None:
    """The same round twice, the second with one more partner (of small Gamma, or of Beta):
    what changes are the counts, the totals and groups shown both times, each on at least k
    partners both times; Gamma never shows, and nothing but the partners' part moves."""
    crowd = org("Alpha", 5, "4") + org("Beta", 5, "3") + org("Gamma", 1, "1")
    before = everything(scan(org_a, alice, crowd), people, pdf=False)
    after = everything(
        scan(org_a, alice, [*crowd, Partner(extra, everywhere("2"))]), people, pdf=False
    )
    for found in (before, after):
        assert_safe(found, 5)
    then, now = view_of(before), view_of(after)
    assert (now["respondents"], now["organisations"]) == (then["respondents"] + 1, 3)
    old, new = group_figures(before), group_figures(after)
    assert old.keys() == new.keys()  # the same groups, for the same figures
    for key in old:
        if old[key] != new[key]:
            assert min(old[key][0], new[key][0]) >= 5, key
    for total in ("aspects", "conditions"):
        for a, b in zip(then[total], now[total], strict=True):
            if a["partners"] != b["partners"]:
                assert min(a["partners"]["n"], b["partners"]["n"]) >= 5
    own = [r for r in before["results.csv"] if not r["row"].startswith("partner")]
    assert own == [r for r in after["results.csv"] if not r["row"].startswith("partner")]


def test_watching_an_open_partner_round_between_submissions_shows_nothing(
    org_a: Organisation, alice: User, people: Members
) -> None:
    """While the partner round is open no page or file shows anything of partners, so every
    output read before and after one more submission is the same, but the partner page's
    counts."""
    assessment = own_round(org_a, alice, colleagues)
    crowd = org("Alpha", 5, "4") + org("Beta", 5, "3")
    partner_round = partners(assessment, alice, crowd, close=False)
    (invitation,) = domain.add_partner_invitations(
        partner_round, [Invitee("last@partner.example", "Gamma", "nl")], alice
    )
    token = mail.issue_token(invitation)
    assert token is not None
    before = everything(assessment, people, pdf=False)  # the PDF's part is the dashboard's
    response = responding.start_partner_response(invitation, token)
    responding.save_partner_answer(response, "goals", "1")
    responding.save_partner_comment(response, "goals", "Only I would say this.")
    responding.submit_partner_response(response, invitation)
    after = everything(assessment, people, pdf=False)
    assert counts_blanked(after) == counts_blanked(before)
    assert after["partner page (viewer)"] != before["partner page (viewer)"]  # submitted + 1
    assert after["results.json"]["partner_view"] is None
    assert "The partner round is still open" in after["dashboard (viewer)"]
    assert where(after, "Only I would say this.") == []
    assert not partner_csv_rows(after)


# --- 4. across rounds -------------------------------------------------------------------------


def changes_section(text: str) -> str:
    return section(text, "Since the partner round of", "What partners would need from us")


def test_the_change_since_the_previous_partner_round_is_of_totals_only(
    org_a: Organisation, alice: User, people: Members
) -> None:
    """A follow-up round whose partner round differs from the earlier one by Gamma's two
    partners (and on tools, where the earlier round had too few answers): the change is shown
    per aspect and condition over all partners, only for figures both rounds show, and
    neither round names Gamma nor follows a group."""
    earlier_crowd = []
    for name, level in (("Alpha", "4"), ("Beta", "3")):
        earlier_crowd += org(name, 3, everywhere(level) | {"tools": "dk"}) + org(name, 2, level)
    earlier = scan(org_a, alice, earlier_crowd, title="Scan 2025")
    crowd = org("Alpha", 5, "4") + org("Beta", 5, "3") + org("Gamma", 2, "1")
    later = scan(org_a, alice, crowd, previous=earlier)
    then, now = everything(earlier, people, pdf=False), everything(later, people)
    for found in (then, now):
        assert_safe(found, 5)
    assert "Since the partner round" not in then["dashboard (owner)"]
    then_view, now_view = view_of(then), view_of(now)
    assert [a["partners"]["n"] for a in then_view["aspects"] if a["id"] == "tools"] == [4]
    names = {a["id"]: ASPECT_NAMES[a["id"]] for a in now_view["aspects"]}
    names |= {c.id: c.name.get("en") for c in MODEL.conditions}
    # Systems (skills, partnership manager, tools) had no partners' figure then: 6 partners
    # answered two of its aspects and 4 all three, a cell below k.
    hidden = {"tools", "systems"}
    for name in ("dashboard (owner)", "dashboard (viewer)", "pdf (en)"):
        part = changes_section(now[name])
        assert "Scan 2025" in part
        for label in ("Alpha", "Beta", "Gamma", "other", "Public", "Private"):
            assert label not in part, (name, label)
        if name.startswith("pdf"):
            continue  # a long name wraps inside its table cell in the PDF's text; pages below
        for aspect_id, aspect_name in names.items():
            shown = aspect_name in part
            assert shown == (aspect_id not in hidden), (name, aspect_id)
    row = re.search(
        re.escape(ASPECT_NAMES["goals"]) + r" (\S+) (\S+) (\S+)",
        changes_section(now["dashboard (owner)"]),
    )
    assert row is not None
    totals_then = {a["id"]: a["partners"]["mean"] for a in then_view["aspects"]}
    totals_now = {a["id"]: a["partners"]["mean"] for a in now_view["aspects"]}
    assert row.groups()[:2] == (f"{totals_then['goals']:.1f}", f"{totals_now['goals']:.1f}")


# --- 5. comments ------------------------------------------------------------------------------

NEEDS = {"en": "What partners would need from us", "nl": "Wat partners van ons nodig hebben"}


def comment_order(text: str, lang: str, wanted: Sequence[str]) -> tuple[list[str], str]:
    """The comments in the order a page shows them, and the stretch of text they take."""
    part = section(text, NEEDS[lang], "\0")
    found = sorted((part.index(t), t) for t in wanted)
    end = found[-1][0] + len(found[-1][1])
    return [t for _, t in found], part[:end]


def test_partners_comments_carry_no_organisation_in_an_order_of_neither_time_nor_organisation(
    org_a: Organisation, alice: User, people: Members
) -> None:
    """Eleven partners of three organisations each write what they need; the same round is
    also answered in the opposite order. Every page shows every comment, without an
    organisation beside it, in the round's keyed order: not the order of submission, not
    grouped by organisation, the same whatever the order they came in."""
    texts = [f"Need number {i:02d} from us" for i in range(11)]
    names = ["Alpha"] * 5 + ["Beta"] * 5 + ["Gamma"]
    crowd = [
        Partner(name, everywhere("4" if name == "Alpha" else "3"), {"goals": text})
        for name, text in zip(names, texts, strict=True)
    ]
    orders = []
    for people_in_order, pdf in ((crowd, True), (crowd[::-1], False)):
        assessment = scan(org_a, alice, people_in_order)
        found = everything(assessment, people, pdf=pdf)
        assert_safe(found, 5)
        scope = f"partner-comments:{PartnerRound.objects.get(assessment=assessment).pk}"
        expected = keyed_order(texts, scope)
        for name in found:
            if not name.startswith(("dashboard", "pdf")):
                assert all(t not in str(found[name]) for t in texts), name  # no file has them
                continue
            order, stretch = comment_order(found[name], "nl" if name == "pdf (nl)" else "en", texts)
            assert order == expected, name
            assert not any(o in stretch for o in ("Alpha", "Beta", "Gamma")), name
        orders.append(expected)
    for order in orders:
        assert order not in (texts, texts[::-1])  # not by submission, either way round
        grouped = [names[texts.index(t)] for t in order]
        assert grouped != sorted(grouped) and grouped != sorted(grouped, reverse=True)


# --- 6. another organisation ------------------------------------------------------------------


def test_another_organisation_finds_no_partner_page_result_or_file(
    org_a: Organisation, alice: User, org_b: Organisation, charlie: User
) -> None:
    """The isolation walk tries every URL on an open partner round; here the round is closed
    and has a partner view: another organisation's members get a 404 for its pages, files
    and the partner round's actions alike."""
    crowd = org("Alpha", 5, "4") + org("Beta", 5, "3")
    assessment = scan(org_a, alice, crowd)
    base = f"/assessments/{assessment.pk}"
    reads = [f"{base}/dashboard/", f"{base}/partners/", f"{base}/report.pdf?lang=en"]
    reads += [f"{base}/export/results.{fmt}" for fmt in ("csv", "xlsx", "sav", "json")]
    reads += [f"{base}/export/responses.csv"]
    writes = [
        f"{base}/partners/{action}/"
        for action in ("start", "invite/contacts", "invite/lines", "remind", "close")
    ]
    for role, client in members(org_b, charlie).clients().items():
        for url in reads:
            assert client.get(url).status_code == 404, (role, url)
        for url in writes:
            data = {"lines": "x@y.example;Alpha"}
            assert client.post(url, data).status_code == 404, (role, url)
    owner = logged_in(alice)
    assert owner.get(f"{base}/export/results.json").status_code == 200
