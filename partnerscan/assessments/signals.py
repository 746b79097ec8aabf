"""What the apps above assessments may listen to, so assessments never imports them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside close_assessment's transaction, with `assessment`: the round just closed.
round_closed = Signal()
