"""Management pages of rounds: an organisation's page with its rounds, and each round's
settings, invitations, open link and import (mounted at /)."""

from django.urls import URLPattern, URLResolver, path

from partnerscan.assessments.views import importing, invitations, open_link, rounds

urlpatterns: list[URLPattern | URLResolver] = [
    path("orgs/<int:org_id>/", rounds.organisation_detail, name="organisation"),
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
