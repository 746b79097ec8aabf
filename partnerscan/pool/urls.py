"""The benchmark pool and the researcher export (mounted at /)."""

from django.urls import URLPattern, URLResolver, path

from partnerscan.pool import research_views, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("assessments/<int:assessment_id>/benchmark/", views.benchmark_page, name="benchmark"),
    path("assessments/<int:assessment_id>/pool/", views.pool_toggle, name="pool-toggle"),
    path("orgs/<int:org_id>/pool-profile/", views.pool_profile, name="pool-profile"),
    path("research/", research_views.research_page, name="research"),
    path("research/pool.<slug:fmt>", research_views.pool_download, name="research-pool"),
    path(
        "research/reliability.<slug:fmt>",
        research_views.reliability_download,
        name="research-reliability",
    ),
]
