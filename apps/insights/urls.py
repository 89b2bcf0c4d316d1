"""The public open data, mounted at /<lang>/open-data/ (config/urls.py, inside i18n_patterns)."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "open_data"

urlpatterns = [
    path("", views.open_data_page, name="page"),
    path("dictionary.csv", views.dictionary_csv, name="dictionary_csv"),
    path("<str:key>.csv", views.open_data_csv, name="csv"),
    path("<str:key>.json", views.open_data_json, name="json"),
]
