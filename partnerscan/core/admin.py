"""What the admins of several apps share."""

from __future__ import annotations

from django.http import HttpRequest


class ViewOnly:
    """Mixed into a ModelAdmin whose objects only a workflow may make, change or delete:
    operators may look them up, and only look (an edit here would skip the workflow's checks
    and its audit record)."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
