"""The researcher's pages: what is in the pool, its reliability, and the downloads.

Only users with the `pool.export_pool` permission reach them. Everyone else who is logged in
gets a 404 for every method, so the pages do not tell who is a researcher; anonymous visitors
are sent to log in, as on every page behind an account.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import override
from django.views.decorators.http import require_GET

from partnerscan.audit.events import record_each
from partnerscan.audit.models import Event
from partnerscan.core.files import CONTENT_TYPES, file_response
from partnerscan.core.pages import page, reader_lang
from partnerscan.core.tables import Table
from partnerscan.pool import research, research_tables
from partnerscan.scoring.options import MIN_ORGANISATIONS

PERMISSION = "pool.export_pool"
View = Callable[..., HttpResponseBase]


def researcher_only(view: View) -> View:
    """Log in first; then a 404 without the permission, before any other check."""

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm(PERMISSION):
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(checked)


def chosen_version(
    request: HttpRequest, versions: list[research.Version]
) -> research.Version | None:
    """The version in ?model=, else the one with the most organisations; a wrong name is a 404."""
    ref = request.GET.get("model")
    if ref is None:
        return max(versions, key=lambda v: (v.organisations, v.respondents), default=None)
    for version in versions:
        if version.model_ref == ref:
            return version
    raise Http404


@researcher_only
@require_GET
def research_page(request: HttpRequest) -> HttpResponse:
    versions = research.versions()
    version = chosen_version(request, versions)
    pool = research.pool_reliability(version.model_ref) if version and version.open else None
    context = {
        "versions": versions,
        "version": version,
        "pool": pool,
        "rows": _reliability_rows(pool, reader_lang(request)) if pool else [],
        "min_organisations": MIN_ORGANISATIONS,
    }
    return page(request, "pool/research.html", context)


def _reliability_rows(pool: research.PoolReliability, lang: str) -> list[dict[str, Any]]:
    """Per condition: its name and figures, and its aspects with their item–total r."""
    rows = []
    for condition, figures in zip(pool.model.conditions, pool.conditions, strict=True):
        aspects = [
            {"name": aspect.name.get(lang), "code": aspect.code, "item": item}
            for aspect, item in zip(condition.aspects, figures.items, strict=True)
        ]
        rows.append({"name": condition.name.get(lang), "figures": figures, "aspects": aspects})
    return rows


def _refused(request: HttpRequest, version: research.Version | None) -> HttpResponse:
    context = {"version": version, "min_organisations": MIN_ORGANISATIONS}
    response = page(request, "pool/research_refused.html", context)
    response.status_code = 409
    return response


def _download(request: HttpRequest, kind: str, fmt: str) -> HttpResponseBase:
    if fmt not in CONTENT_TYPES or (kind == "reliability" and fmt == "sav"):
        raise Http404
    version = chosen_version(request, research.versions())
    if version is None or not version.open:
        return _refused(request, version)
    lang = reader_lang(request)
    with override(lang):
        table = _table(kind, version.model_ref, lang)
        _log(request, kind, fmt, version.model_ref)
        name = version.model_ref.replace("@", "-")
        return file_response(table, fmt, filename=f"partnerscan-{name}-{kind}.{fmt}")


def _table(kind: str, model_ref: str, lang: str) -> Table:
    if kind == "pool":
        return research_tables.pool_table(model_ref, lang)
    return research_tables.reliability_table(research.pool_reliability(model_ref), lang)


def _log(request: HttpRequest, kind: str, fmt: str, model_ref: str) -> None:
    """Every organisation whose round is in the download sees it in its audit log."""
    rounds = research.rounds_of(model_ref)
    record_each(
        Event.EXPORTED,
        user=request.user,
        assessments=[(r.organisation_id, r.id) for r in rounds],
        detail=f"research {kind}.{fmt} ({model_ref})",
        code="research_export",
        params={"kind": kind, "format": fmt, "model": model_ref},
    )


@researcher_only
@require_GET
def pool_download(request: HttpRequest, fmt: str) -> HttpResponseBase:
    return _download(request, "pool", fmt)


@researcher_only
@require_GET
def reliability_download(request: HttpRequest, fmt: str) -> HttpResponseBase:
    return _download(request, "reliability", fmt)
