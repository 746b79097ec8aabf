"""A logging filter that keeps respondent tokens out of every log line.

A respondent's token is the only key to their answers, and it sits in the path of every
respondent page (/r/<token>/..., /r/open/<token>/, a health check's /h/<token>/..., a partner's
/p/<token>/...); a member invitation's token opens an account (/accounts/join/<token>/). Django
logs paths in django.request, django.server and django.security records, so every handler
passes through this filter.
"""

from __future__ import annotations

import logging
import re

TOKEN_PATH = re.compile(r"(/r/(?:open/)?|/h/|/p/|/accounts/join/)[^/\s?#\"']+")
REDACTED = r"\1[token]"


def redact(text: str) -> str:
    return TOKEN_PATH.sub(REDACTED, text)


class RedactTokens(logging.Filter):
    """Rewrites the record's message with tokens replaced; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            # Handlers that format the request itself (e-mail to admins) must not see it either.
            record.request = None
        return True
