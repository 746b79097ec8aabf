"""Respondent pages, mounted at /r/. The token in the path is the respondent's only key."""

from django.urls import URLPattern, URLResolver, path

from partnerscan.assessments.respond import answering, entry, finishing

urlpatterns: list[URLPattern | URLResolver] = [
    path("open/<str:token>/", entry.open_link, name="respond-open"),
    path("<str:token>/", entry.start, name="respond-start"),
    path("<str:token>/welcome/", entry.welcome, name="respond-welcome"),
    path("<str:token>/language/", entry.language, name="respond-language"),
    path("<str:token>/context/", answering.context, name="respond-context"),
    path("<str:token>/c/<slug:condition_id>/", answering.condition, name="respond-condition"),
    path("<str:token>/save/", answering.save, name="respond-save"),
    path("<str:token>/review/", finishing.review, name="respond-review"),
    path("<str:token>/submit/", finishing.submit, name="respond-submit"),
    path("<str:token>/thanks/", finishing.thanks, name="respond-thanks"),
]
