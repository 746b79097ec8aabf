"""The one error type of the workflow functions, in core so every app can raise and catch it."""

from __future__ import annotations


class DomainError(Exception):
    """A refused action, with a message for the user."""
