from django.contrib import admin
from django.urls import include, path

from partnerscan.api.v1 import api

urlpatterns = [
    path("", include("partnerscan.capability.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("partnerscan.accounts.urls")),
    path("accounts/", include("partnerscan.sso.urls")),
    path("r/", include("partnerscan.assessments.respond_urls")),
    path("h/", include("partnerscan.portfolio.health_urls")),
    path("p/", include("partnerscan.partnerview.respond_urls")),
    path("w/", include("partnerscan.workshop.participant_urls")),
    path("", include("partnerscan.accounts.organisation_urls")),
    path("", include("partnerscan.assessments.manage_urls")),
    path("", include("partnerscan.reports.urls")),
    path("", include("partnerscan.plans.urls")),
    path("", include("partnerscan.pool.urls")),
    path("", include("partnerscan.portfolio.urls")),
    path("", include("partnerscan.partnerview.urls")),
    path("account/", include("partnerscan.api.urls")),
    path("api/v1/", api.urls),
    path("", include("partnerscan.webhooks.urls")),
    path("", include("partnerscan.workshop.urls")),
    path("admin/", admin.site.urls),
]
