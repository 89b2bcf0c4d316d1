"""Public feedback pages, mounted at /<lang>/feedback/ (config/urls.py, inside i18n_patterns)."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("", views.feedback_new, name="new"),
    path("thanks/", views.feedback_thanks, name="thanks"),
    path("public/", views.feedback_public, name="public"),
    path("mine/", views.feedback_mine, name="mine"),
    path("mine/<int:pk>/", views.feedback_mine_detail, name="mine_detail"),
    path("mine/<int:pk>/language/", views.feedback_set_language, name="set_language"),
]
