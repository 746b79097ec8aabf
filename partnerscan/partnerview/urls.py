"""The partner page of an assessment and its actions."""

from django.urls import URLPattern, URLResolver, path

from partnerscan.partnerview import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("assessments/<int:assessment_id>/partners/", views.partner_round, name="partner-round"),
    path(
        "assessments/<int:assessment_id>/partners/start/",
        views.partner_round_start,
        name="partner-round-start",
    ),
    path(
        "assessments/<int:assessment_id>/partners/invite/contacts/",
        views.partner_invite_contacts,
        name="partner-invite-contacts",
    ),
    path(
        "assessments/<int:assessment_id>/partners/invite/lines/",
        views.partner_invite_paste,
        name="partner-invite-paste",
    ),
    path(
        "assessments/<int:assessment_id>/partners/remind/",
        views.partner_remind,
        name="partner-remind",
    ),
    path(
        "assessments/<int:assessment_id>/partners/close/",
        views.partner_round_close,
        name="partner-round-close",
    ),
]
