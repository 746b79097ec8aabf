"""A new member gets in through the invitation mail, in Chromium, and can log in again."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Browser, expect

from partnerscan.accounts import domain as accounts_domain
from partnerscan.accounts.models import User

from .conftest import log_in, new_context

PASSWORD = "a-fresh-member-password"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_new_member_sets_a_password_through_the_mail_and_logs_in_again(
    browser: Browser, live_server: object, consultant: User
) -> None:
    organisation = accounts_domain.create_organisation(consultant, "Gemeente Voorbeeld")
    owner = new_context(browser, str(live_server), "en").new_page()
    log_in(owner)
    owner.goto(f"/orgs/{organisation.pk}/")
    owner.fill("form.member-add input[name=email]", "dana@example.org")
    owner.select_option("form.member-add select[name=role]", "editor")
    owner.get_by_role("button", name="Send the invitation").click()
    expect(owner.locator(".messages")).to_contain_text("An invitation has been sent")

    [message] = mail.outbox
    link = re.search(r"http\S+/accounts/join/\S+/", message.body)
    assert message.to == ["dana@example.org"] and link is not None
    member = new_context(browser, str(live_server), "en").new_page()
    member.goto(link.group(0))
    member.fill("input[name=new_password1]", PASSWORD)
    member.fill("input[name=new_password2]", PASSWORD)
    member.get_by_role("button", name="Set the password and join").click()
    expect(member.locator("h1")).to_have_text("Gemeente Voorbeeld")
    expect(member.locator(".messages")).to_contain_text("You are now a member")

    member.get_by_role("button", name="Log out").click()
    expect(member.get_by_role("button", name="Log out")).to_have_count(0)
    log_in(member, "dana@example.org", PASSWORD)
    member.goto(f"/orgs/{organisation.pk}/")
    expect(member.locator("h1")).to_have_text("Gemeente Voorbeeld")
    expect(member.locator("main")).to_contain_text("your role: editor")
