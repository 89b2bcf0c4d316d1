"""The /api/v1/ router: apps register viewsets here; plain API views go in `urlpatterns`."""

from __future__ import annotations

from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from apps.accounts.api import MeView, TokenView
from apps.core.api.errors import api_not_found
from apps.events.api import CheckinView, EventViewSet, RegistrationViewSet
from apps.feedback.api import FeedbackViewSet
from apps.insights.api import InsightsSummaryView
from apps.insights.open_data_api import OpenDataView

router = DefaultRouter()
router.register("events", EventViewSet, basename="event")
router.register("registrations", RegistrationViewSet, basename="registration")
router.register("feedback", FeedbackViewSet, basename="feedback")

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("auth/token/", TokenView.as_view(), name="token"),
    path("checkins/", CheckinView.as_view(), name="checkin"),
    path("insights/summary/", InsightsSummaryView.as_view(), name="insights-summary"),
    path("open-data/", OpenDataView.as_view(), name="open-data"),
    *router.urls,
    # Last: whatever else is asked for under /api/v1/ is answered in the API's error format.
    # Paths ending in "/" only, so that APPEND_SLASH still redirects /api/v1/me to /me/.
    re_path(r"^.*/$", api_not_found),
]
