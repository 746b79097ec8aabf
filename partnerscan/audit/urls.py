"""The audit log, mounted at /."""

from django.urls import URLPattern, URLResolver, path

from partnerscan.audit import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("orgs/<int:org_id>/audit/", views.audit_log, name="audit-log"),
]
