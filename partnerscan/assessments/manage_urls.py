"""Management pages: organisations, their members and assessments (mounted at /)."""

from django.urls import URLPattern, URLResolver, path

from partnerscan.accounts import views as accounts
from partnerscan.assessments.views import importing, invitations, open_link, rounds

urlpatterns: list[URLPattern | URLResolver] = [
    path("orgs/", accounts.organisations, name="organisations"),
    path("orgs/new/", accounts.organisation_create, name="organisation-create"),
    path("orgs/switch/", accounts.organisation_switch, name="organisation-switch"),
    path("orgs/<int:org_id>/", rounds.organisation_detail, name="organisation"),
    path("orgs/<int:org_id>/audit/", accounts.audit_log, name="audit-log"),
    path("orgs/<int:org_id>/members/", accounts.member_add, name="member-add"),
    path(
        "orgs/<int:org_id>/members/<int:member_id>/role/",
        accounts.member_role,
        name="member-role",
    ),
    path(
        "orgs/<int:org_id>/members/<int:member_id>/remove/",
        accounts.member_remove,
        name="member-remove",
    ),
    path(
        "orgs/<int:org_id>/members/invitations/<int:invitation_id>/resend/",
        accounts.member_invitation_resend,
        name="member-invitation-resend",
    ),
    path(
        "orgs/<int:org_id>/members/invitations/<int:invitation_id>/revoke/",
        accounts.member_invitation_revoke,
        name="member-invitation-revoke",
    ),
    path(
        "orgs/invitations/<int:invitation_id>/accept/",
        accounts.invitation_accept,
        name="invitation-accept",
    ),
    path(
        "orgs/invitations/<int:invitation_id>/decline/",
        accounts.invitation_decline,
        name="invitation-decline",
    ),
    path("orgs/<int:org_id>/assessments/new/", rounds.assessment_create, name="assessment-create"),
    path("assessments/<int:assessment_id>/", rounds.assessment_detail, name="assessment"),
    path("assessments/<int:assessment_id>/edit/", rounds.assessment_edit, name="assessment-edit"),
    path("assessments/<int:assessment_id>/open/", rounds.assessment_open, name="assessment-open"),
    path(
        "assessments/<int:assessment_id>/close/", rounds.assessment_close, name="assessment-close"
    ),
    path(
        "assessments/<int:assessment_id>/interim/",
        rounds.assessment_interim,
        name="assessment-interim",
    ),
    path(
        "assessments/<int:assessment_id>/invitations/", invitations.invitations, name="invitations"
    ),
    path(
        "assessments/<int:assessment_id>/invitations/email/",
        invitations.invitations_email,
        name="invitations-email",
    ),
    path(
        "assessments/<int:assessment_id>/invitations/links/",
        invitations.invitations_links,
        name="invitations-links",
    ),
    path(
        "assessments/<int:assessment_id>/invitations/open-link/",
        open_link.invitations_open_link,
        name="invitations-open-link",
    ),
    path(
        "assessments/<int:assessment_id>/invitations/open-link/print/",
        open_link.open_link_print,
        name="open-link-print",
    ),
    path(
        "assessments/<int:assessment_id>/invitations/texts/",
        invitations.invitation_texts,
        name="invitation-texts",
    ),
    path(
        "assessments/<int:assessment_id>/invitations/remind/",
        invitations.invitations_remind,
        name="invitations-remind",
    ),
    path(
        "assessments/<int:assessment_id>/invitations/delete/",
        invitations.invitations_delete,
        name="invitations-delete",
    ),
    path(
        "assessments/<int:assessment_id>/erase/",
        invitations.response_erase,
        name="response-erase",
    ),
    path(
        "assessments/<int:assessment_id>/import/",
        importing.assessment_import,
        name="assessment-import",
    ),
    path(
        "assessments/<int:assessment_id>/import/<int:job_id>/",
        importing.import_job,
        name="import-job",
    ),
    path(
        "assessments/<int:assessment_id>/results/",
        rounds.assessment_results,
        name="assessment-results",
    ),
]
