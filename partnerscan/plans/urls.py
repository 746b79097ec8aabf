"""Action plans, follow-up rounds and trends (mounted at /)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
