"""An organisation's owners see every member's API tokens for it and can revoke any of them;
other members and other organisations cannot."""

from __future__ import annotations

import pytest
from support import logged_in

from partnerscan.api.models import ApiToken
from partnerscan.audit.models import AuditEvent

from .conftest import World, api, token_for

pytestmark = pytest.mark.django_db


def test_an_owner_sees_the_members_tokens_and_revokes_one(world: World) -> None:
    token = token_for(world.a.editor, world.a.organisation, "write")
    other = token_for(world.b.owner, world.b.organisation)
    owner = logged_in(world.a.owner)
    page = owner.get(f"/account/api-tokens/organisations/{world.a.organisation.pk}/")
    html = page.content.decode()
    made = ApiToken.objects.get(user=world.a.editor)
    assert page.status_code == 200
    assert made.prefix in html and "Dave" in html and "read and write" in html
    assert ApiToken.objects.get(user=world.b.owner).prefix not in html
    answer = owner.post(
        f"/account/api-tokens/organisations/{world.a.organisation.pk}/{made.pk}/revoke/"
    )
    assert answer.status_code == 302
    made.refresh_from_db()
    assert made.revoked is not None
    event = AuditEvent.objects.filter(code="api_token_revoked").get()
    assert (event.user, event.organisation, event.params["id"]) == (
        world.a.owner,
        world.a.organisation,
        made.pk,
    )
    assert api(token).get("/api/v1/organisations/").status_code == 401
    assert api(other).get("/api/v1/organisations/").status_code == 200


def test_an_editor_gets_a_403_and_another_organisations_token_is_a_404(world: World) -> None:
    token_for(world.b.owner, world.b.organisation)
    foreign = ApiToken.objects.get(user=world.b.owner)
    org_a = world.a.organisation.pk
    editor = logged_in(world.a.editor)
    assert editor.get(f"/account/api-tokens/organisations/{org_a}/").status_code == 403
    owner = logged_in(world.a.owner)
    url = f"/account/api-tokens/organisations/{org_a}/{foreign.pk}/revoke/"
    assert owner.post(url).status_code == 404
    other = f"/account/api-tokens/organisations/{world.b.organisation.pk}/"
    assert owner.get(other).status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked is None


def test_the_token_page_links_an_owner_to_the_members_tokens(world: World) -> None:
    html = logged_in(world.a.owner).get("/account/api-tokens/").content.decode()
    assert f"/account/api-tokens/organisations/{world.a.organisation.pk}/" in html
    html = logged_in(world.a.viewer).get("/account/api-tokens/").content.decode()
    assert "/account/api-tokens/organisations/" not in html
