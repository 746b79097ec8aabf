"""A participant's pages, mounted at /w/. The code opens the join page; after joining, the
session's own cookie is the key."""

from django.urls import URLPattern, URLResolver, path

from partnerscan.workshop import participant

urlpatterns: list[URLPattern | URLResolver] = [
    path("", participant.join, name="participant-join"),
    path("<str:code>/", participant.enter, name="participant-enter"),
    path("<str:code>/live/", participant.live, name="participant-live"),
    path("<str:code>/live/poll/", participant.poll, name="participant-poll"),
    path("<str:code>/vote/", participant.vote, name="participant-vote"),
    path("<str:code>/dots/", participant.dot, name="participant-dot"),
    path("<str:code>/suggest/", participant.suggest, name="participant-suggest"),
    path("<str:code>/language/", participant.language, name="participant-language"),
]
