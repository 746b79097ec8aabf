"""Respondent pages, mounted at /r/. The token in the path is the respondent's only key."""

from django.urls import URLPattern, URLResolver, path

from partnerscan.assessments import respond

urlpatterns: list[URLPattern | URLResolver] = [
    path("open/<str:token>/", respond.open_link, name="respond-open"),
    path("<str:token>/", respond.start, name="respond-start"),
    path("<str:token>/welcome/", respond.welcome, name="respond-welcome"),
    path("<str:token>/language/", respond.language, name="respond-language"),
    path("<str:token>/context/", respond.context, name="respond-context"),
    path("<str:token>/c/<slug:condition_id>/", respond.condition, name="respond-condition"),
    path("<str:token>/save/", respond.save, name="respond-save"),
    path("<str:token>/review/", respond.review, name="respond-review"),
    path("<str:token>/submit/", respond.submit, name="respond-submit"),
    path("<str:token>/thanks/", respond.thanks, name="respond-thanks"),
]
