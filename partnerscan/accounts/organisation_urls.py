"""The pages of organisations and their members (mounted at /orgs/ through the root URLconf):
the list, a new organisation, switching, members and their invitations, the audit log."""

from django.urls import URLPattern, URLResolver, include, path

from partnerscan.accounts import views as accounts

# An organisation's members, below /orgs/<org_id>/members/.
members: list[URLPattern | URLResolver] = [
    path("", accounts.member_add, name="member-add"),
    path("<int:member_id>/role/", accounts.member_role, name="member-role"),
    path("<int:member_id>/remove/", accounts.member_remove, name="member-remove"),
    path(
        "invitations/<int:invitation_id>/resend/",
        accounts.member_invitation_resend,
        name="member-invitation-resend",
    ),
    path(
        "invitations/<int:invitation_id>/revoke/",
        accounts.member_invitation_revoke,
        name="member-invitation-revoke",
    ),
]

# The invitation a signed-in user received, below /orgs/invitations/<invitation_id>/.
received: list[URLPattern | URLResolver] = [
    path("accept/", accounts.invitation_accept, name="invitation-accept"),
    path("decline/", accounts.invitation_decline, name="invitation-decline"),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("orgs/", accounts.organisations, name="organisations"),
    path("orgs/new/", accounts.organisation_create, name="organisation-create"),
    path("orgs/switch/", accounts.organisation_switch, name="organisation-switch"),
    path("orgs/<int:org_id>/audit/", accounts.audit_log, name="audit-log"),
    path("orgs/<int:org_id>/members/", include(members)),
    path("orgs/invitations/<int:invitation_id>/", include(received)),
]
