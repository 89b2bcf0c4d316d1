"""Public event pages, mounted at /<lang>/events/ (config/urls.py, inside i18n_patterns)."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "events"

# "my/..." comes before "<slug:slug>/": an event cannot be given the slug "my".
urlpatterns = [
    path("", views.event_list, name="list"),
    path("my/", views.my_registrations, name="my_registrations"),
    path("my/<int:pk>/", views.ticket, name="ticket"),
    path("my/<int:pk>/calendar.ics", views.ticket_ics, name="ics"),
    path("my/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/register/", views.register, name="register"),
]
