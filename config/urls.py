"""URLs. Pages carry the language in the path (/ko/, /en/, ...); API and probes do not."""

from __future__ import annotations

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from apps.core import health
from apps.core.views import set_language

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include(("config.api", "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]

urlpatterns += i18n_patterns(
    path("", include("apps.core.urls")),
    path("events/", include("apps.events.urls")),
    path("checkin/", include("apps.events.checkin_urls")),
    path("feedback/", include("apps.feedback.urls")),
    path("dashboard/", include("apps.insights.dashboard_urls")),
    path("open-data/", include("apps.insights.urls")),
    path("notifications/", include("apps.notifications.urls")),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("apps.accounts.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

admin.site.site_header = settings.PORTAL_NAME
admin.site.site_title = settings.PORTAL_NAME
