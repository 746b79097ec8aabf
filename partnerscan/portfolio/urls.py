"""The partnership portfolio (mounted at /)."""

from django.urls import URLPattern, URLResolver, path

from partnerscan.portfolio import contact_views, file_views, health_views, partner_views, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("orgs/<int:org_id>/portfolio/", views.portfolio, name="portfolio"),
    path("orgs/<int:org_id>/portfolio/new/", views.partnership_new, name="partnership-new"),
    path("partnerships/<int:partnership_id>/", views.partnership, name="partnership"),
    path(
        "partnerships/<int:partnership_id>/edit/", views.partnership_edit, name="partnership-edit"
    ),
    path(
        "partnerships/<int:partnership_id>/delete/",
        views.partnership_delete,
        name="partnership-delete",
    ),
    # Health checks of a partnership.
    path(
        "partnerships/<int:partnership_id>/health/",
        health_views.health_check_start,
        name="health-check-start",
    ),
    path(
        "health-checks/<int:check_id>/links/",
        health_views.health_check_links,
        name="health-check-links",
    ),
    path(
        "health-checks/<int:check_id>/close/",
        health_views.health_check_close,
        name="health-check-close",
    ),
    # Partner organisations.
    path("orgs/<int:org_id>/portfolio/partners/", partner_views.partners, name="partners"),
    path(
        "orgs/<int:org_id>/portfolio/partners/new/", partner_views.partner_new, name="partner-new"
    ),
    path("partners/<int:partner_id>/edit/", partner_views.partner_edit, name="partner-edit"),
    path("partners/<int:partner_id>/delete/", partner_views.partner_delete, name="partner-delete"),
    # The register as a file.
    path(
        "orgs/<int:org_id>/portfolio/import/",
        file_views.import_register,
        name="portfolio-import",
    ),
    path(
        "orgs/<int:org_id>/portfolio/partnerships.<str:fmt>",
        file_views.export,
        name="portfolio-export",
    ),
    # Who the health-check rhythm invites (portfolio/rhythm.py).
    path(
        "partnerships/<int:partnership_id>/contacts/",
        contact_views.contact_add,
        name="partnership-contact-add",
    ),
    path(
        "contacts/<int:contact_id>/remove/",
        contact_views.contact_remove,
        name="partnership-contact-remove",
    ),
]
