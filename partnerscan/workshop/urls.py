"""The facilitator's pages of workshops and their actions."""

from django.urls import URLPattern, URLResolver, path

from partnerscan.workshop import running, views

W = "workshops/<int:workshop_id>/"
ITEM = W + "items/<int:item_id>/"
BALLOT = W + "votes/<int:ballot_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("assessments/<int:assessment_id>/workshops/", views.workshops, name="workshops"),
    path(
        "assessments/<int:assessment_id>/workshops/start/",
        views.workshop_start,
        name="workshop-start",
    ),
    path(W, views.workshop, name="workshop"),
    path(W + "poll/", views.workshop_poll, name="workshop-poll"),
    path(W + "live/", views.go_live, name="workshop-go-live"),
    path(W + "end/", views.workshop_end, name="workshop-end"),
    path(W + "items/add/", views.item_add, name="workshop-item-add"),
    path(ITEM + "move/", views.item_move, name="workshop-item-move"),
    path(ITEM + "remove/", views.item_remove, name="workshop-item-remove"),
    path(ITEM + "show/", running.item_show, name="workshop-item-show"),
    path(ITEM + "vote/", running.vote_open, name="workshop-vote-open"),
    path(ITEM + "agreement/", running.agreement, name="workshop-agreement"),
    path(BALLOT + "close/", running.vote_close, name="workshop-vote-close"),
    path(BALLOT + "reveal/", running.vote_reveal, name="workshop-vote-reveal"),
    path(W + "projector/", running.projector, name="workshop-projector"),
    path(W + "projector/poll/", running.projector_poll, name="workshop-projector-poll"),
]
