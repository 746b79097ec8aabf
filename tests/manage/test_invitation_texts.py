"""Invitations a consultant can brand and re-use: the mails' words per assessment, in Dutch and
English, checked and previewed; a greeting for external partners; a QR code and a printable
page for the open link."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import segno
from django.core import mail
from django.core.management import call_command
from django.test import Client

from partnerscan.accounts.models import User
from partnerscan.assessments import domain, mailtexts
from partnerscan.assessments.management.commands.send_invitations import reminder_mail
from partnerscan.assessments.models import Assessment, Invitation
from partnerscan.audit.models import AuditEvent
from partnerscan.core.languages import LANGUAGES
from partnerscan.plans.followup import start_follow_up

pytestmark = pytest.mark.django_db


def form_data(**changes: str) -> dict[str, str]:
    """The texts page's POST with every default, then `changes` ("nl-text": "...")."""
    data = {
        f"{lang}-{name}": value
        for lang in LANGUAGES
        for name, value in mailtexts.DEFAULTS[lang].items()
    }
    return data | changes


def both(**changes: dict[str, str]) -> dict[str, dict[str, str]]:
    return {lang: mailtexts.DEFAULTS[lang] | changes.get(lang, {}) for lang in LANGUAGES}


# --- the defaults are today's words ------------------------------------------------------------


def test_the_default_invitation_keeps_the_words_partnerscan_always_sent(
    assessment_a: Assessment,
) -> None:
    assessment_a.closes_on = dt.date(2027, 3, 1)
    sent = mailtexts.render(assessment_a, "nl", "invitation", "https://x.test/r/abc/")
    assert sent == mailtexts.Mail(
        sender=None,
        subject="Uitnodiging: Round 1 (Org A)",
        body=(
            "Beste collega,\n\n"
            "Org A onderzoekt hoe goed de organisatie samenwerkt met andere organisaties: "
            '"Round 1". Wij vragen u om mee te doen. Het invullen kost ongeveer 15 minuten, op '
            "uw telefoon of laptop. U kunt tussendoor stoppen en later verdergaan met dezelfde "
            "link.\n\n"
            "Uw persoonlijke link:\nhttps://x.test/r/abc/\n\n"
            "U kunt meedoen tot en met 1 maart 2027.\n\n"
            "Uw antwoorden zijn anoniem: ze worden los van deze uitnodiging bewaard, en "
            "uitkomsten worden alleen getoond voor groepen van minstens 3 personen. Stuur deze "
            "link niet door; hij is alleen voor u.\n\n"
            "Met vriendelijke groet,\nOrg A\n"
        ),
    )


def test_a_reminder_to_who_has_started_asks_for_the_first_link_and_has_no_date_line(
    assessment_a: Assessment,
) -> None:
    invitation = Invitation(assessment=assessment_a, language="en", started_on=dt.date.today())
    assert reminder_mail(invitation, None) == (
        "Reminder: Round 1 (Org A)",
        "Dear colleague,\n\n"
        'Some time ago Org A invited you to take part in "Round 1". Your answers have not been '
        "submitted yet. If you would still like to take part, you are very welcome.\n\n"
        "Please continue with the personal link from the first e-mail: only that link leads "
        "to the answers you have already given.\n\n"
        "Your answers are anonymous. Nobody sees who answered what; this reminder was sent "
        "only because your answers have not been submitted yet.\n\n"
        "Kind regards,\nOrg A\n",
    )


# --- checks ------------------------------------------------------------------------------------


def test_each_problem_names_the_field_and_the_language() -> None:
    values = mailtexts.DEFAULTS["en"] | {
        "text": "Hi {name}, see {link} and {link}",
        "reminder_text": "No link here, {organisation}.",
        "subject": "",
        "greeting": "Dear {first_name},",
    }
    assert mailtexts.problems("en", values) == {
        "subject": "Subject of the invitation (English): it may not be empty.",
        "greeting": "Greeting (English): unknown placeholder {first_name}; allowed here: none.",
        "text": (
            "Text of the invitation (English): unknown placeholder {name}; allowed here: "
            "{link}, {greeting}, {organisation}, {title}, {deadline}, {min_group}."
        ),
        "reminder_text": (
            "Text of the reminder (English): it must contain {link} exactly once, so each "
            "person gets their own link; it now contains it 0 times."
        ),
    }


def test_a_name_that_looks_like_a_placeholder_is_not_filled_in(assessment_a: Assessment) -> None:
    assessment_a.organisation.name = "{link} & Co"
    assessment_a.title = "{greeting}"
    sent = mailtexts.render(assessment_a, "en", "invitation", "https://x.test/r/abc/")
    assert (sent.subject, sent.body.count("https://x.test/r/abc/")) == (
        "Invitation: {greeting} ({link} & Co)",
        1,
    )
    assert sent.body.startswith("Dear colleague,\n\n{link} & Co is looking at how well it ")


# --- the page ----------------------------------------------------------------------------------


def test_saved_texts_go_out_with_the_sender_name_and_the_external_greeting(
    as_alice: Client, assessment_a: Assessment, settings: Any
) -> None:
    settings.SITE_URL = "https://scan.example.org"
    settings.DEFAULT_FROM_EMAIL = "partnerscan <noreply@scan.example.org>"
    data = form_data(**{
        "nl-sender": "Adviesbureau {organisation}",
        "nl-subject": "Doe mee: {title}",
        "nl-greeting_external": "Geachte partner,",
        "nl-text": "{greeting}\n\nKlik op {link}\n\n{deadline}\n\nGroet,\nKim",
    })  # fmt: skip
    page = as_alice.post(f"/assessments/{assessment_a.pk}/invitations/texts/", data)
    assert page.status_code == 302
    domain.open_assessment(assessment_a)
    domain.add_email_invitations(
        assessment_a,
        [
            domain.InvitationRow(email="in@example.org", language="nl", group="internal"),
            domain.InvitationRow(email="out@example.org", language="nl", group="external"),
            domain.InvitationRow(email="en@example.org", language="en", group="external"),
        ],
    )
    call_command("send_invitations")
    link = re.compile(r"https://scan\.example\.org/r/[A-Za-z0-9_-]+/")
    got = {m.to[0]: (m.from_email, m.subject, link.sub("LINK", m.body)) for m in mail.outbox}
    assert got == {
        "in@example.org": (
            "Adviesbureau Org A <noreply@scan.example.org>",
            "Doe mee: Round 1",
            "Beste collega,\n\nKlik op LINK\n\nGroet,\nKim\n",
        ),
        "out@example.org": (
            "Adviesbureau Org A <noreply@scan.example.org>",
            "Doe mee: Round 1",
            "Geachte partner,\n\nKlik op LINK\n\nGroet,\nKim\n",
        ),
        "en@example.org": (
            "partnerscan <noreply@scan.example.org>",
            "Invitation: Round 1 (Org A)",
            mailtexts.render(assessment_a, "en", "invitation", "LINK", external=True).body,
        ),
    }
    assert got["en@example.org"][2].startswith("Dear partner,\n\n")
    events = AuditEvent.objects.filter(action="settings_changed").values_list("detail", flat=True)
    assert list(events) == ["e-mail texts: nl sender, nl subject, nl greeting_external, nl text"]


def test_a_bad_text_is_refused_naming_field_and_language_and_nothing_is_saved(
    as_alice: Client, assessment_a: Assessment
) -> None:
    data = form_data(**{"en-reminder_text": "Hello {name}", "nl-text": "{link} {link}"})
    page = as_alice.post(f"/assessments/{assessment_a.pk}/invitations/texts/", data)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Text of the invitation (Nederlands): it must contain {link} exactly once" in html
    assert "Text of the reminder (English): unknown placeholder {name};" in html
    assessment_a.refresh_from_db()
    assert (
        assessment_a.mail_texts,
        AuditEvent.objects.filter(action="settings_changed").count(),
    ) == (
        {},
        0,
    )


def test_the_preview_shows_the_typed_words_escaped_with_a_sample_link_and_saves_nothing(
    as_alice: Client, assessment_a: Assessment
) -> None:
    data = form_data(**{"en-text": "<b>Hi</b> {greeting} go to {link}", "action": "preview"})
    page = as_alice.post(f"/assessments/{assessment_a.pk}/invitations/texts/", data)
    html = page.content.decode()
    assert "<b>Hi</b>" not in html
    assert f"&lt;b&gt;Hi&lt;/b&gt; Dear colleague, go to {mailtexts.sample_link()}\n</pre>" in html
    assert "Beste collega," in html and "Geachte relatie," in html  # Dutch, both greetings
    assessment_a.refresh_from_db()
    assert assessment_a.mail_texts == {}


def test_only_changed_fields_are_stored_so_the_rest_follows_the_defaults(
    assessment_a: Assessment, alice: User
) -> None:
    domain.set_mail_texts(assessment_a, both(en={"greeting": "Hello,"}), by=alice)
    assessment_a.refresh_from_db()
    assert assessment_a.mail_texts == {"en": {"greeting": "Hello,"}}
    domain.set_mail_texts(assessment_a, both(), by=alice)
    assessment_a.refresh_from_db()
    assert assessment_a.mail_texts == {}


def test_the_domain_refuses_what_the_form_refuses(assessment_a: Assessment) -> None:
    with pytest.raises(domain.DomainError, match=r"Subject of the reminder \(Nederlands\)"):
        domain.set_mail_texts(assessment_a, both(nl={"reminder_subject": "{link}"}))
    assessment_a.refresh_from_db()
    assert assessment_a.mail_texts == {}


def test_a_follow_up_round_takes_the_texts_over(assessment_a: Assessment, alice: User) -> None:
    domain.set_mail_texts(assessment_a, both(nl={"sender": "Kim van Dijk"}), by=alice)
    domain.open_assessment(assessment_a)
    follow_up = start_follow_up(Assessment.objects.get(pk=assessment_a.pk), alice)
    assert follow_up.mail_texts == {"nl": {"sender": "Kim van Dijk"}}


# --- the open link: QR code and printable page --------------------------------------------------


def svg_matrix(svg: str) -> list[list[int]]:
    """The modules an inline segno SVG draws: its path is rows of horizontal runs."""
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))  # type: ignore[union-attr]
    path = re.search(r' d="([^"]+)"', svg).group(1)  # type: ignore[union-attr]
    grid = [[0] * size for _row in range(size)]
    x = y = 0.0
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            for column in range(int(x), int(x + float(a))):
                grid[int(y)][column] = 1
            x += float(a)
    border = 4  # segno's quiet zone
    return [row[border:-border] for row in grid[border:-border]]


def enable(client: Client, assessment: Assessment, code: str = "") -> tuple[str, str]:
    page = client.post(
        f"/assessments/{assessment.pk}/invitations/open-link/",
        {"action": "enable", "cap": "50", "access_code": code},
    )
    html = page.content.decode()
    url = re.search(r'<textarea id="open-link"[^>]*>([^<]+)</textarea>', html).group(1)  # type: ignore[union-attr]
    return url, html


def test_the_new_open_link_is_shown_with_a_qr_code_of_that_link(
    as_alice: Client, assessment_a: Assessment
) -> None:
    url, html = enable(as_alice, assessment_a)
    svg = re.search(r'<svg[^>]*class="qr".*?</svg>', html, re.S).group(0)  # type: ignore[union-attr]
    expected = [list(row) for row in segno.make(url, error="m").matrix]
    assert svg_matrix(svg) == expected


def test_the_printable_page_holds_title_link_qr_and_the_code_hint_in_both_languages(
    as_alice: Client, assessment_a: Assessment
) -> None:
    url, _html = enable(as_alice, assessment_a, code="Zomer 2027")
    token = url.rstrip("/").rsplit("/", 1)[1]
    printed = as_alice.post(
        f"/assessments/{assessment_a.pk}/invitations/open-link/print/", {"token": token}
    )
    html = printed.content.decode()
    assert printed.status_code == 200 and "no-store" in printed["Cache-Control"]
    svg = re.search(r'<svg[^>]*class="qr".*?</svg>', html, re.S).group(0)  # type: ignore[union-attr]
    assert svg_matrix(svg) == [list(row) for row in segno.make(url, error="m").matrix]
    found = [
        "Round 1" in html,
        "Org A" in html,
        url.split("://")[1] in html,
        "It takes about 15 minutes." in html,
        "Het invullen kost ongeveer 15 minuten." in html,
        "You need an access code to start: it is given in the room." in html,
        "Om te beginnen hebt u een toegangscode nodig: die krijgt u in de zaal." in html,
        "Zomer 2027" in html,
    ]
    assert found == [True] * 7 + [False]


def test_the_printable_page_prints_the_code_only_when_typed_there_and_right(
    as_alice: Client, assessment_a: Assessment
) -> None:
    url, _html = enable(as_alice, assessment_a, code="Zomer 2027")
    token = url.rstrip("/").rsplit("/", 1)[1]
    target = f"/assessments/{assessment_a.pk}/invitations/open-link/print/"
    right = as_alice.post(target, {"token": token, "access_code": "zomer  2027"}).content.decode()
    wrong = as_alice.post(target, {"token": token, "access_code": "Winter"}).content.decode()
    assert ("Access code: zomer  2027" in right, "Winter" in wrong) == (True, False)
    assert "The access code you typed is not the open link" in wrong


def test_an_earlier_open_link_makes_no_printable_page(
    as_alice: Client, assessment_a: Assessment
) -> None:
    first, _html = enable(as_alice, assessment_a)
    enable(as_alice, assessment_a)
    token = first.rstrip("/").rsplit("/", 1)[1]
    page = as_alice.post(
        f"/assessments/{assessment_a.pk}/invitations/open-link/print/",
        {"token": token},
        follow=True,
    )
    assert page.redirect_chain == [(f"/assessments/{assessment_a.pk}/invitations/", 302)]
    assert "This is not the assessment&#x27;s open link now." in page.content.decode()
