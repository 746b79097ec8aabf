"""The scoring engine: pure Python and numpy; never imports Django (a test enforces it)."""

from partnerscan.scoring.engine import score
from partnerscan.scoring.matrix import Labels, ResponseMatrix
from partnerscan.scoring.options import ScoringError, TooFewRespondents
from partnerscan.scoring.records import AspectAnswer, RespondentRecord
from partnerscan.scoring.results import Results

__all__ = [
    "AspectAnswer",
    "Labels",
    "RespondentRecord",
    "ResponseMatrix",
    "Results",
    "ScoringError",
    "TooFewRespondents",
    "score",
]
