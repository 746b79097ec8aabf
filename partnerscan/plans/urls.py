"""Action plans, follow-up rounds and trends (mounted at /)."""

from django.urls import URLPattern, URLResolver, path

from partnerscan.plans import followup_views, views

urlpatterns: list[URLPattern | URLResolver] = [
    # The action plan of an assessment.
    path("assessments/<int:assessment_id>/actions/", views.plan, name="plan"),
    path("assessments/<int:assessment_id>/actions/new/", views.action_new, name="action-new"),
    path("actions/<int:action_id>/edit/", views.action_edit, name="action-edit"),
    path("actions/<int:action_id>/delete/", views.action_delete, name="action-delete"),
    path("actions/<int:action_id>/status/", views.action_status, name="action-status"),
    # Follow-up rounds.
    path(
        "assessments/<int:assessment_id>/follow-up/",
        followup_views.start,
        name="follow-up-start",
    ),
]
