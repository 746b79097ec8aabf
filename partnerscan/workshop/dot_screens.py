"""What the screens of a workshop show of its dot vote, in a fixed number of queries.

The anonymity rules (docs/workshop.md, "Dot voting"): before the reveal nobody's dots are read
but a phone's own, and every screen gets only how many participants placed dots; once revealed,
the totals per action, and only when at least MIN_RESPONDENTS participants placed dots
(`scoring.votes.dot_tally`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from partnerscan.scoring.votes import DotRow, DotTally, dot_tally
from partnerscan.workshop.models import CandidateAction, Dot, DotVote, Participant, Workshop


@dataclass(frozen=True)
class CandidateView:
    candidate: CandidateAction
    aspect: str
    text: str
    row: DotRow | None = None  # once revealed, on enough voters
    mine: int = 0  # on a phone: the participant's own dots here

    @property
    def source_label(self) -> str:
        return str(CandidateAction.Source(self.candidate.source).label)


@dataclass(frozen=True)
class DotsView:
    dot_vote: DotVote
    budget: int
    cap: int | None
    voters: int
    candidates: tuple[CandidateView, ...]  # the list's order
    tally: DotTally | None = None  # only once revealed
    placed: int = 0  # on a phone: the participant's own dots in all

    @property
    def left(self) -> int:
        return self.budget - self.placed

    @property
    def ranked(self) -> tuple[CandidateView, ...]:
        """After a shown reveal, most dots first (ties in the list's order)."""
        if self.tally is None or self.tally.rows is None:
            return self.candidates
        at = {row.candidate: i for i, row in enumerate(self.tally.rows)}
        return tuple(sorted(self.candidates, key=lambda c: at[c.candidate.pk]))

    @property
    def max_total(self) -> int:
        rows = self.tally.rows if self.tally is not None else None
        return max((row.total for row in rows), default=0) if rows else 0


def dots_view(
    workshop: Workshop, lang: str, participant: Participant | None = None
) -> DotsView | None:
    """The workshop's dot vote as a screen may show it; `participant` adds their own dots."""
    dot_vote = DotVote.objects.filter(workshop=workshop).first()
    if dot_vote is None:
        return None
    model = workshop.assessment.capability_model
    candidates = list(workshop.candidates.all())
    dots = Dot.objects.filter(candidate__workshop=workshop)
    voters = dots.values("participant").distinct().count()
    tally = None
    if dot_vote.is_revealed:
        placed = dots.values_list("participant_id", "candidate_id", "count")
        tally = dot_tally(placed, [c.pk for c in candidates])
    rows = {row.candidate: row for row in tally.rows or ()} if tally is not None else {}
    mine: dict[int, int] = {}
    if participant is not None:
        mine = dict(dots.filter(participant=participant).values_list("candidate_id", "count"))
    views = tuple(
        CandidateView(
            candidate=c,
            aspect=model.aspect(c.aspect).name.get(lang),
            text=c.text(model, lang),
            row=rows.get(c.pk),
            mine=mine.get(c.pk, 0),
        )
        for c in candidates
    )
    budget, cap = workshop.dot_budget, workshop.dot_cap
    return DotsView(dot_vote, budget, cap, voters, views, tally, sum(mine.values()))


def on_screens(workshop: Workshop, dots: DotsView | None) -> bool:
    """The dot vote is what the projector and the phones show: no agenda item is on them, and
    the dot vote is open or done, or takes suggestions."""
    if dots is None or workshop.current_id is not None or not workshop.is_live:
        return False
    return not dots.dot_vote.is_prepared or dots.dot_vote.suggestions


def dot_counts(workshop: Workshop) -> tuple[int | None, int | None]:
    """How many participants placed dots (while the dot vote is open or done) and how many
    actions are on its list; None for what is not there yet. Never a count per action."""
    state = DotVote.objects.filter(workshop=workshop).values_list("state", flat=True).first()
    if state is None:
        return None, None
    listed = workshop.candidates.count()
    if state == DotVote.State.PREPARED:
        return None, listed
    dots = Dot.objects.filter(candidate__workshop=workshop)
    return dots.values("participant").distinct().count(), listed


def phone_status(dots: DotsView) -> str:
    """One sentence of where the dot vote is, for the phone's live region."""
    dot_vote = dots.dot_vote
    if dot_vote.is_open:
        return _("The dot vote is open: spread your dots over the actions.")
    if dot_vote.is_prepared:
        return _("Suggest actions for the dot vote.")
    if dot_vote.is_closed:
        return _("The dot vote is closed. Look at the screen.")
    return _("The dot vote has been revealed. Look at the screen.")
