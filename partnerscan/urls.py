from django.contrib import admin
from django.urls import include, path

from partnerscan.core import views as core

urlpatterns = [
    path("", core.home, name="home"),
    path("model/", core.model_browser, name="model"),
    path("model/<str:ref>/", core.model_browser, name="model-version"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("partnerscan.accounts.urls")),
    path("r/", include("partnerscan.assessments.respond_urls")),
    path("", include("partnerscan.assessments.manage_urls")),
    path("", include("partnerscan.reports.urls")),
    path("", include("partnerscan.plans.urls")),
    path("", include("partnerscan.pool.urls")),
    path("admin/", admin.site.urls),
]
