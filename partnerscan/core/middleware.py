"""Cache-Control: no-store on every page this application renders.

Respondent pages carry answers and a token in the URL; logged-in pages carry results,
exports and downloads. None of it may stay in a shared proxy or in the browser's cache of a
shared computer, so nothing is stored unless a view decided otherwise. Static files are left
to their own long-lived caching: they hold nobody's data.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.static = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(self.static) or response.has_header("Cache-Control"):
            return response
        response["Cache-Control"] = "no-store"
        # For HTTP/1.0 caches, which know no Cache-Control.
        response["Pragma"] = "no-cache"
        return response
