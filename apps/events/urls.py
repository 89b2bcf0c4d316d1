"""Placeholder wired by the lead; the pages helper replaces this file."""

from django.urls import path  # noqa: F401

app_name = "events"

urlpatterns: list = []
