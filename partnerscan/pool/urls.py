"""The benchmark pool and the researcher export (mounted at /)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
