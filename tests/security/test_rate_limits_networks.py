"""Rate limits that fit real networks: an office behind one address, IPv6 households, a
colleague's valid link, and a link a reminder replaced."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from support import PASSWORD, english_client

from partnerscan.assessments import domain
from partnerscan.assessments.models import Invitation
from partnerscan.core import ratelimit, tokens

from .conftest import World

pytestmark = pytest.mark.django_db

GUESS = "guessed-token-that-does-not-exist-0000"
RESET = "/accounts/password/reset/"
RESET_SENT = "/accounts/password/reset/sent/"


def log_in(client: Client, email: str, password: str) -> int:
    return client.post("/accounts/login/", {"username": email, "password": password}).status_code


def alert(page: Any) -> list[str]:
    return re.findall(r'<p class="message error" role="alert">(.*?)</p>', page.content.decode())


def from_network(address: str) -> Client:
    client = Client(REMOTE_ADDR=address)
    client.cookies.update(english_client().cookies)
    return client


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("192.0.2.15", "192.0.2.15"),
        ("2001:db8:aa:bb:1:2:3:4", "2001:db8:aa:bb::/64"),
        ("2001:DB8:AA:BB::FFFF", "2001:db8:aa:bb::/64"),
        ("::ffff:192.0.2.15", "192.0.2.15"),  # IPv4 written as IPv6 is the IPv4 address
        ("not an address", "not an address"),
    ],
)
def test_a_network_is_an_ipv4_address_or_an_ipv6_slash_64(address: str, network: str) -> None:
    assert ratelimit.network(address) == network


# Log-in ------------------------------------------------------------------------------------


def test_one_persons_failed_log_ins_do_not_lock_out_their_office(world: World) -> None:
    office = from_network("198.51.100.20")
    assert [log_in(office, world.a.owner.email, "wrong") for _ in range(10)] == [200] * 10
    assert log_in(office, world.a.owner.email, PASSWORD) == 429
    colleague = from_network("198.51.100.20")
    assert log_in(colleague, world.a.editor.email, PASSWORD) == 302


def test_the_account_lock_holds_from_every_network(world: World) -> None:
    for _ in range(10):
        log_in(from_network("198.51.100.20"), world.a.owner.email, "wrong")
    assert log_in(from_network("203.0.113.4"), world.a.owner.email, PASSWORD) == 429


def test_an_address_without_an_account_is_locked_the_same_way(world: World) -> None:
    client = from_network("198.51.100.20")
    pages = [
        client.post("/accounts/login/", {"username": email, "password": "wrong"})
        for email in ["nobody@example.org"] * 11 + [world.a.owner.email] * 11
    ]
    assert [page.status_code for page in pages] == ([200] * 10 + [429]) * 2
    # The same words for both: the lock tells nothing about which address has an account.
    assert (
        alert(pages[10])
        == alert(pages[21])
        == [
            "Too many failed log-ins with this e-mail address. Try again in 15 minutes, "
            "or reset your password."
        ]
    )


def test_many_accounts_tried_from_one_network_lock_that_network(
    world: World, settings: Any
) -> None:
    settings.RATE_LIMIT_LOGIN_NETWORK = (20, 900)
    guesser = from_network("198.51.100.20")
    for n in range(20):
        log_in(guesser, f"person{n}@example.org", "wrong")
    locked = guesser.post(
        "/accounts/login/", {"username": world.a.owner.email, "password": PASSWORD}
    )
    assert locked.status_code == 429
    assert "Too many failed log-ins from your network." in locked.content.decode()
    assert log_in(from_network("203.0.113.4"), world.a.owner.email, PASSWORD) == 302


def test_the_per_network_log_in_limit_is_higher_than_the_per_account_one(settings: Any) -> None:
    assert settings.RATE_LIMIT_LOGIN_NETWORK[0] > settings.RATE_LIMIT_LOGINS[0]


# Password reset ----------------------------------------------------------------------------


def reset(client: Client, email: str) -> Any:
    return client.post(RESET, {"email": email})


def test_password_resets_are_limited_per_address_with_the_same_neutral_page(
    world: World,
) -> None:
    client = from_network("198.51.100.20")
    known = [reset(client, world.a.owner.email) for _ in range(5)]
    unknown = [reset(client, "nobody@example.org") for _ in range(5)]
    assert [(page.status_code, page.url) for page in known + unknown] == [(302, RESET_SENT)] * 10
    assert [message.to for message in mail.outbox] == [[world.a.owner.email]] * 3
    assert reset(from_network("203.0.113.4"), world.a.owner.email).url == RESET_SENT
    assert len(mail.outbox) == 3  # the address's limit holds from every network


def test_password_resets_are_limited_per_network(world: World, settings: Any) -> None:
    settings.RATE_LIMIT_RESET_NETWORK = (4, 3600)
    client = from_network("198.51.100.20")
    pages = [reset(client, f"person{n}@example.org") for n in range(4)]
    assert [page.status_code for page in pages] == [302] * 4
    for email in ("person9@example.org", world.a.owner.email):
        refused = reset(client, email)
        assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 3600
        assert "Too many password resets were asked from your network." in (
            refused.content.decode()
        )
    assert mail.outbox == []
    assert reset(from_network("203.0.113.4"), world.a.owner.email).status_code == 302
    assert len(mail.outbox) == 1


# Respondent tokens -------------------------------------------------------------------------


def guess_tokens(client: Client, times: int) -> list[int]:
    return [client.get(f"/r/{GUESS}{n:04d}/").status_code for n in range(times)]


def test_a_token_lockout_never_locks_out_a_valid_link(world: World) -> None:
    network = from_network("198.51.100.20")
    assert guess_tokens(network, 30) == [404] * 30
    assert network.get(f"/r/{GUESS}9999/").status_code == 429
    assert network.get(f"/r/{world.a.token}/").status_code == 200
    assert network.post(f"/r/{world.a.token}/").status_code == 302
    assert network.get(f"/r/open/{world.a.open_token}/").status_code == 200
    assert network.post(f"/r/open/{world.a.open_token}/").status_code == 302
    assert network.get(f"/r/{GUESS}9999/").status_code == 429


def sent_invitation(world: World) -> tuple[Invitation, str]:
    invitation = world.a.assessment.invitations.get(kind=Invitation.Kind.EMAIL)
    invitation.language = "nl"
    invitation.save(update_fields=["language"])
    first = domain.issue_email_token(invitation)
    domain.record_invitation_sent(invitation)
    return invitation, first


def test_a_link_replaced_by_a_reminder_says_so_in_the_respondents_language(
    world: World,
) -> None:
    invitation, first = sent_invitation(world)
    newest = domain.issue_reminder_token(invitation)
    assert newest is not None and newest != first

    page = english_client().get(f"/r/{first}/")
    html = page.content.decode()
    assert page.status_code == 410
    assert page["Content-Language"] == "nl"
    assert "Deze link is vervangen" in html and "nieuwste e-mail" in html
    assert english_client().get(f"/r/{newest}/").status_code == 200
    # Only the replaced link's hash is kept, never the link.
    replaced = list(invitation.replaced_links.values_list("token_hash", flat=True))
    assert replaced == [tokens.invitation_hash(first)]


def test_a_replaced_link_is_not_counted_as_a_guess_nor_refused_when_locked(
    world: World,
) -> None:
    invitation, first = sent_invitation(world)
    second = domain.issue_reminder_token(invitation)
    domain.issue_reminder_token(invitation)
    network = from_network("198.51.100.20")
    assert [network.get(f"/r/{first}/").status_code for _ in range(40)] == [410] * 40
    assert network.get(f"/r/{GUESS}9999/").status_code == 404  # not locked by the 40
    guess_tokens(network, 30)
    assert network.get(f"/r/{second}/").status_code == 410  # both older links stay known
