"""The facilitator's pages of workshops and their actions."""

from django.urls import URLPattern, URLResolver, path

from partnerscan.workshop import dot_views, running, views

W = "workshops/<int:workshop_id>/"
ITEM = W + "items/<int:item_id>/"
BALLOT = W + "votes/<int:ballot_id>/"
DOTS = W + "dots/"
CANDIDATE = DOTS + "actions/<int:candidate_id>/"

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
    path(DOTS + "prepare/", dot_views.prepare, name="workshop-dots-prepare"),
    path(DOTS + "settings/", dot_views.settings, name="workshop-dots-settings"),
    path(DOTS + "open/", dot_views.open_dots, name="workshop-dots-open"),
    path(DOTS + "close/", dot_views.close_dots, name="workshop-dots-close"),
    path(DOTS + "reveal/", dot_views.reveal_dots, name="workshop-dots-reveal"),
    path(DOTS + "show/", dot_views.show_dots, name="workshop-dots-show"),
    path(DOTS + "plan/", dot_views.plan, name="workshop-dots-plan"),
    path(DOTS + "actions/add/", dot_views.candidate_add, name="workshop-candidate-add"),
    path(CANDIDATE + "edit/", dot_views.candidate_edit, name="workshop-candidate-edit"),
    path(CANDIDATE + "remove/", dot_views.candidate_remove, name="workshop-candidate-remove"),
    path(W + "projector/", running.projector, name="workshop-projector"),
    path(W + "projector/poll/", running.projector_poll, name="workshop-projector-poll"),
]
