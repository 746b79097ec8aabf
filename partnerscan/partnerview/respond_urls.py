"""A partner's pages, mounted at /p/. The token in the path is the only key."""

from django.urls import URLPattern, URLResolver, path

from partnerscan.partnerview import respond

urlpatterns: list[URLPattern | URLResolver] = [
    path("<str:token>/", respond.start, name="partner-start"),
    path("<str:token>/language/", respond.language, name="partner-language"),
    path("<str:token>/questions/", respond.questions, name="partner-questions"),
    path("<str:token>/save/", respond.save, name="partner-save"),
    path("<str:token>/review/", respond.review, name="partner-review"),
    path("<str:token>/submit/", respond.submit, name="partner-submit"),
    path("<str:token>/thanks/", respond.thanks, name="partner-thanks"),
]
