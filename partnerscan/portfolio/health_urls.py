"""A health check's respondent pages, mounted at /h/. The token in the path is the only key."""

from django.urls import URLPattern, URLResolver, path

from partnerscan.portfolio import health_respond

urlpatterns: list[URLPattern | URLResolver] = [
    path("<str:token>/", health_respond.start, name="health-start"),
    path("<str:token>/language/", health_respond.language, name="health-language"),
    path("<str:token>/questions/", health_respond.questions, name="health-questions"),
    path("<str:token>/save/", health_respond.save, name="health-save"),
    path("<str:token>/review/", health_respond.review, name="health-review"),
    path("<str:token>/submit/", health_respond.submit, name="health-submit"),
    path("<str:token>/thanks/", health_respond.thanks, name="health-thanks"),
]
