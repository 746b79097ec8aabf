"""Logging in through a real OpenID Provider (tests/sso/provider, django-oauth-toolkit on
127.0.0.1): the account is found by the verified e-mail address the provider vouches for."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from django.contrib.auth import get_user
from django.test import Client
from support import PASSWORD, english_client, logged_in, text_of

from partnerscan.accounts import domain as accounts
from partnerscan.accounts.models import Membership, Organisation, User
from partnerscan.audit.models import AuditEvent

from .flow import at_provider, back_at, log_in, start
from .provider.people import NINA, OTTO, SAM, UNA

pytestmark = pytest.mark.django_db


def signed_in(client: Client) -> Any:
    return get_user(client)  # type: ignore[arg-type]


def test_a_verified_address_logs_in_to_its_account_and_goes_where_it_was_going(sso: str) -> None:
    sam = User.objects.create_user(SAM.email, PASSWORD)
    client = english_client()
    response = log_in(client, SAM, next_url="/orgs/")
    assert (response.status_code, response["Location"]) == (302, "/orgs/")
    assert signed_in(client) == sam
    assert client.get("/orgs/").status_code == 200
    assert User.objects.count() == 1


def test_the_address_is_matched_whatever_its_case_and_a_password_still_works(sso: str) -> None:
    User.objects.create_user("Sam@Example.org", PASSWORD)
    client = english_client()
    assert log_in(client, SAM).status_code == 302
    assert signed_in(client).email == SAM.email
    assert Client().login(username=SAM.email, password=PASSWORD)


def test_an_address_the_provider_has_not_verified_is_refused(sso: str) -> None:
    User.objects.create_user(UNA.email, PASSWORD)
    client = english_client()
    response = log_in(client, UNA)
    assert response.status_code == 403
    assert f"Your identity provider has not confirmed that {UNA.email} is yours" in text_of(
        response.content
    )
    assert not signed_in(client).is_authenticated


def test_an_unknown_address_without_a_rule_is_told_to_ask_for_an_invitation(sso: str) -> None:
    client = english_client()
    response = log_in(client, OTTO)
    assert response.status_code == 403
    assert (
        f"There is no partnerscan account for {OTTO.email}. Ask an owner of your organisation "
        "in partnerscan to invite you." in text_of(response.content)
    )
    assert not signed_in(client).is_authenticated
    assert User.objects.count() == 0


def test_an_invited_address_gets_an_account_and_accepts_on_the_organisations_page(
    sso: str, org_a: Organisation, alice: User
) -> None:
    accounts.invite_member(org_a, OTTO.email, "editor", alice)
    client = english_client()
    response = log_in(client, OTTO)
    assert response.status_code == 302
    otto = User.objects.get(email=OTTO.email)
    assert signed_in(client) == otto
    assert (otto.name, otto.has_usable_password()) == (OTTO.name, False)
    assert not Membership.objects.filter(user=otto).exists()  # joining stays their own choice
    assert "Org A" in text_of(client.get("/orgs/").content)


def test_the_domain_rule_makes_a_member_of_that_one_organisation_with_the_chosen_role(
    sso: str, settings: Any, org_a: Organisation, org_b: Organisation
) -> None:
    settings.OIDC_DOMAIN = "newcorp.example"
    settings.OIDC_DOMAIN_ORGANISATION = str(org_b.pk)
    settings.OIDC_DOMAIN_ROLE = "editor"
    client = english_client()
    assert log_in(client, NINA).status_code == 302
    nina = User.objects.get(email=NINA.email)
    assert signed_in(client) == nina
    assert list(Membership.objects.filter(user=nina).values_list("organisation", "role")) == [
        (org_b.pk, "editor")
    ]
    event = AuditEvent.objects.get(code="sso_joined")
    assert (event.organisation_id, event.user_id, event.action) == (org_b.pk, nina.pk, "sso_joined")
    assert event.sentence == (
        "became editor through single sign-on, by the rule for addresses @newcorp.example"
    )
    # The next log-in finds the member and changes nothing.
    assert log_in(english_client(), NINA).status_code == 302
    assert Membership.objects.filter(user=nina).count() == 1
    assert AuditEvent.objects.filter(code="sso_joined").count() == 1


def test_the_domain_rule_does_not_let_in_other_domains(
    sso: str, settings: Any, org_b: Organisation
) -> None:
    settings.OIDC_DOMAIN = "newcorp.example"
    settings.OIDC_DOMAIN_ORGANISATION = str(org_b.pk)
    assert log_in(english_client(), OTTO).status_code == 403
    assert not User.objects.filter(email=OTTO.email).exists()


def test_a_switched_off_account_stays_out(sso: str) -> None:
    User.objects.create_user(SAM.email, PASSWORD, is_active=False)
    response = log_in(english_client(), SAM)
    assert response.status_code == 403
    assert "has been switched off" in text_of(response.content)


def test_a_changed_state_is_refused(sso: str) -> None:
    User.objects.create_user(SAM.email, PASSWORD)
    client = english_client()
    callback = at_provider(start(client), SAM)
    response = back_at(client, callback.replace("state=", "state=x"))
    assert response.status_code == 400
    assert "did not succeed" in text_of(response.content)
    assert not signed_in(client).is_authenticated


def test_a_callback_cannot_be_used_twice(sso: str) -> None:
    User.objects.create_user(SAM.email, PASSWORD)
    client = english_client()
    callback = at_provider(start(client), SAM)
    assert back_at(client, callback).status_code == 302
    client.logout()
    assert back_at(client, callback).status_code == 400
    assert not signed_in(client).is_authenticated


def test_another_browsers_callback_is_refused(sso: str) -> None:
    """The state lives in the session of the browser that started: a link sent to someone else
    (login CSRF) logs nobody in."""
    User.objects.create_user(SAM.email, PASSWORD)
    callback = at_provider(start(english_client()), SAM)
    victim = english_client()
    assert back_at(victim, callback).status_code == 400
    assert not signed_in(victim).is_authenticated


def test_an_id_token_with_another_nonce_is_refused(sso: str) -> None:
    User.objects.create_user(SAM.email, PASSWORD)
    client = english_client()
    callback = at_provider(start(client), SAM)
    session = client.session
    (key,) = [k for k in session.keys() if k.startswith("_state_")]  # noqa: SIM118 - no __iter__
    stored = session[key]
    stored["data"]["nonce"] = "not-the-nonce-the-provider-signed"
    session[key] = stored
    session.save()
    assert back_at(client, callback).status_code == 400
    assert not signed_in(client).is_authenticated


def test_a_next_address_elsewhere_is_not_followed(sso: str) -> None:
    User.objects.create_user(SAM.email, PASSWORD)
    response = log_in(english_client(), SAM, next_url="https://evil.example/")
    assert response["Location"] == "/"


def test_the_login_page_offers_the_button_in_both_languages(sso: str) -> None:
    english = text_of(english_client().get("/accounts/login/?next=/orgs/").content)
    dutch = text_of(Client().get("/accounts/login/").content)
    assert "Log in with Test IdP" in english
    assert "Inloggen met Test IdP" in dutch
    page = english_client().get("/accounts/login/?next=/orgs/").content.decode()
    assert 'href="/accounts/login/oidc/?next=/orgs/"' in page


def test_without_an_issuer_there_is_no_button_and_no_sso(settings: Any, db: None) -> None:
    settings.OIDC_ISSUER = ""
    client = english_client()
    assert client.get("/accounts/login/oidc/").status_code == 404
    assert client.get("/accounts/login/oidc/callback/?code=x&state=y").status_code == 404
    assert "oidc" not in client.get("/accounts/login/").content.decode()


def test_the_domain_rule_adds_an_existing_account_and_keeps_a_members_role(
    sso: str, settings: Any, org_a: Organisation, org_b: Organisation
) -> None:
    nina = User.objects.create_user(NINA.email, PASSWORD)
    accounts.add_member(org_a, NINA.email, "owner")
    settings.OIDC_DOMAIN = "newcorp.example"
    settings.OIDC_DOMAIN_ORGANISATION = str(org_a.pk)
    assert log_in(english_client(), NINA).status_code == 302
    settings.OIDC_DOMAIN_ORGANISATION = str(org_b.pk)
    assert log_in(english_client(), NINA).status_code == 302
    assert sorted(Membership.objects.filter(user=nina).values_list("organisation", "role")) == [
        (org_a.pk, "owner"),
        (org_b.pk, "viewer"),
    ]


def test_a_provider_that_does_not_answer_gets_a_clear_page(settings: Any, db: None) -> None:
    with socket.socket() as closed:  # a port on this machine that nothing listens on
        closed.bind(("127.0.0.1", 0))
        settings.OIDC_ISSUER = f"http://127.0.0.1:{closed.getsockname()[1]}/o"
    settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET = "id", "secret"
    settings.OIDC_BUTTON_LABEL = "Test IdP"
    response = english_client().get("/accounts/login/oidc/")
    assert response.status_code == 502
    assert "partnerscan cannot reach Test IdP at the moment." in text_of(response.content)


def test_refusals_speak_dutch(sso: str) -> None:
    response = log_in(Client(), UNA)
    assert f"Uw identiteitsprovider heeft niet bevestigd dat {UNA.email} van u is" in text_of(
        response.content
    )
    assert "Inloggen niet mogelijk" in text_of(response.content)


def test_logging_in_over_someone_elses_session_switches_to_the_new_account(
    sso: str, alice: User
) -> None:
    sam = User.objects.create_user(SAM.email, PASSWORD)
    client = logged_in(alice)
    response = log_in(client, SAM, next_url="/orgs/")
    assert (response.status_code, response["Location"]) == (302, "/orgs/")
    assert signed_in(client) == sam


def test_saying_no_at_the_provider_logs_nobody_in(sso: str) -> None:
    User.objects.create_user(SAM.email, PASSWORD)
    client = english_client()
    callback = at_provider(start(client), SAM, consent=False)
    assert "error=access_denied" in callback
    response = back_at(client, callback)
    assert response.status_code == 400
    assert "The log-in through Test IdP did not succeed" in text_of(response.content)
    assert not signed_in(client).is_authenticated
