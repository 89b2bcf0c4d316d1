"""The staff dashboard, mounted at /<lang>/dashboard/ (config/urls.py, inside i18n_patterns)."""

from __future__ import annotations

from django.urls import path

from . import dashboard_views

app_name = "dashboard"

urlpatterns = [
    path("", dashboard_views.dashboard, name="index"),
    path("charts/<slug:chart_id>.csv", dashboard_views.dashboard_chart_csv, name="chart_csv"),
]
