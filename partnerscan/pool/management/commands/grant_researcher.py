"""partnerscan grant_researcher EMAIL [--revoke]: who may download the pooled research data."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError


def researcher_permission() -> Permission:
    return Permission.objects.get(content_type__app_label="pool", codename="export_pool")


class Command(BaseCommand):
    help = "Give a user the right to download the pooled research data, or take it back."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("email", help="the user's e-mail address")
        parser.add_argument("--revoke", action="store_true", help="take the right back")

    def handle(self, *args: Any, email: str, revoke: bool, **options: Any) -> None:
        user_model = get_user_model()
        try:
            user = user_model.objects.get(email__iexact=email.strip())
        except user_model.DoesNotExist:
            raise CommandError(f"No user has the e-mail address {email!r}.") from None
        permission = researcher_permission()
        if revoke:
            user.user_permissions.remove(permission)
            self.stdout.write(f"{user.email} can no longer download the research pool.")
        else:
            user.user_permissions.add(permission)
            self.stdout.write(f"{user.email} can now download the research pool at /research/.")
        if user.is_superuser:
            self.stdout.write("Note: a superuser has every permission, granted or not.")
