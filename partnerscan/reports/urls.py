"""Results reports of an assessment: dashboard, PDF and exports (mounted at /)."""

from django.urls import URLPattern, URLResolver, path

from partnerscan.reports import export_views, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("assessments/<int:assessment_id>/dashboard/", views.dashboard, name="dashboard"),
    path("assessments/<int:assessment_id>/report.pdf", views.report_pdf, name="report-pdf"),
    path(
        "assessments/<int:assessment_id>/export/<slug:kind>.<slug:fmt>",
        views.export,
        name="export",
    ),
    path(
        "assessments/<int:assessment_id>/export/<slug:kind>.<slug:fmt>/make/",
        export_views.start,
        name="export-start",
    ),
    path("exports/<uuid:job_id>/", export_views.status, name="export-job"),
    path("exports/<uuid:job_id>/file", export_views.download, name="export-download"),
]
