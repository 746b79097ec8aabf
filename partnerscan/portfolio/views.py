"""The portfolio pages: the overview of an organisation's partnerships, and one partnership to
read, add, change or delete. Every member reads; owners and editors change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partnerscan.accounts.access import access_membership
from partnerscan.accounts.models import Organisation
from partnerscan.assessments.http import MemberRequest
from partnerscan.core.pages import page, reader_lang, remember
from partnerscan.portfolio import (
    domain,
    health,
    health_bands,
    health_matrix,
    health_page,
    health_register,
    overview,
    shares,
)
from partnerscan.portfolio.access import access_partnership
from partnerscan.portfolio.forms import FilterForm, HealthLinksForm, PartnershipForm, initial_of
from partnerscan.portfolio.labels import challenge_names
from partnerscan.portfolio.models import Partnership


def today() -> dt.date:
    return timezone.localdate()


@login_required
@require_GET
def portfolio(request: HttpRequest, org_id: int) -> HttpResponse:
    membership = access_membership(request, org_id)
    organisation = membership.organisation
    remember(request, organisation)
    lang = reader_lang(request)
    partnerships = list(overview.partnerships_of(organisation))
    filters = FilterForm(organisation, lang, request.GET or None)
    chosen = filters.chosen() if request.GET else {}
    names = challenge_names(lang)
    matrix = overview.matrix(partnerships)
    checks = health_register.last_checks(organisation, partnerships)
    context = {
        "organisation": organisation,
        "membership": membership,
        "partnerships": partnerships,
        "matrix": matrix,
        "matrix_rows": [(names[row.challenge_type], row) for row in matrix.rows],
        "phases": Partnership.Phase.choices,
        "challenge_names": names,
        "attention": overview.attention(partnerships, today()),
        "alignment": overview.alignment(partnerships, organisation.departments),
        "health_matrix": health_matrix.health_matrix(partnerships, checks),
        "health_bands": health_bands.band_labels().values(),
        "listed": _rows(overview.filtered(partnerships, chosen), names, checks),
        "filters": filters,
        "filtered": any(value is not None for value in chosen.values()),
        "today": today(),
        "use_for_scan": shares.for_page(organisation.pk, partnerships, names),
    }
    return page(request, "portfolio/portfolio.html", context)


def _rows(
    partnerships: list[Partnership],
    names: dict[str, str],
    checks: dict[int, health_register.LastCheck],
) -> list[dict[str, Any]]:
    return [
        {
            "p": p,
            "challenge": names.get(p.challenge_type, p.challenge_type),
            "health": checks.get(p.pk),
        }
        for p in partnerships
    ]


@login_required
@require_GET
def partnership(request: HttpRequest, partnership_id: int) -> HttpResponse:
    found, membership = access_partnership(request, partnership_id)
    checks = health_page.shown_checks(health.check_rows(found))
    context = {
        "organisation": found.organisation,
        "membership": membership,
        "partnership": found,
        "partners": list(found.partners.all()),
        "challenge": challenge_names(reader_lang(request)).get(found.challenge_type),
        "today": today(),
        "health_checks": checks,
        "health_trend": health_page.trend(checks),
        "links_form": HealthLinksForm(),
    }
    return page(request, "portfolio/partnership.html", context)


def _saved(
    form: PartnershipForm, organisation: Organisation, by: Any, save: Callable[..., Partnership]
) -> Partnership | None:
    """Add the new partner organisations the form names and save the partnership, all or
    nothing; a refusal lands on the field it names."""
    try:
        with transaction.atomic():
            values = form.changes()
            values["partners"] += _new_partners(form, organisation, by, values["partners"])
            return save(**values)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None


def _new_partners(
    form: PartnershipForm, organisation: Organisation, by: Any, chosen: list[Any]
) -> list[Any]:
    """The partners typed as new, made now; a name the organisation knows is that partner."""
    known = {p.name.casefold(): p for p in organisation.partner_organisations.all()}
    added = []
    for name in form.new_partner_names():
        partner = known.get(name.casefold())
        if partner is None:
            try:
                partner = domain.create_partner(organisation, by, name)
            except ValidationError as exc:
                raise ValidationError({"new_partners": exc.message_dict["name"]}) from None
            known[name.casefold()] = partner
        if partner not in chosen and partner not in added:
            added.append(partner)
    return added


@login_required
def partnership_new(request: MemberRequest, org_id: int) -> HttpResponse:
    organisation = access_membership(request, org_id, "editor").organisation
    posted = request.POST if request.method == "POST" else None
    initial = {"phase": Partnership.Phase.EXPLORING, "importance": 2}
    form = PartnershipForm(organisation, reader_lang(request), posted, initial=initial)
    if posted is not None and form.is_valid():

        def create(**values: Any) -> Partnership:
            return domain.create_partnership(organisation, request.user, **values)

        saved = _saved(form, organisation, request.user, create)
        if saved is not None:
            messages.success(request, _("The partnership has been added to the portfolio."))
            return redirect("partnership", saved.pk)
    context = {"organisation": organisation, "form": form}
    return page(request, "portfolio/partnership_form.html", context)


@login_required
def partnership_edit(request: MemberRequest, partnership_id: int) -> HttpResponse:
    found, _membership = access_partnership(request, partnership_id, "editor")
    organisation = found.organisation
    posted = request.POST if request.method == "POST" else None
    form = PartnershipForm(organisation, reader_lang(request), posted, initial=initial_of(found))
    if posted is not None and form.is_valid():

        def update(**values: Any) -> Partnership:
            return domain.update_partnership(found, request.user, **values)

        if _saved(form, organisation, request.user, update) is not None:
            messages.success(request, _("The partnership has been saved."))
            return redirect("partnership", found.pk)
    context = {"organisation": organisation, "form": form, "partnership": found}
    return page(request, "portfolio/partnership_form.html", context)


@login_required
def partnership_delete(request: MemberRequest, partnership_id: int) -> HttpResponse:
    found, _membership = access_partnership(request, partnership_id, "editor")
    organisation = found.organisation
    if request.method == "POST":
        domain.delete_partnership(found, request.user)
        messages.success(request, _("The partnership has been deleted from the portfolio."))
        return redirect("portfolio", organisation.pk)
    context = {"organisation": organisation, "partnership": found}
    return page(request, "portfolio/partnership_delete.html", context)
