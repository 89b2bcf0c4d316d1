"""GET /api/v1/insights/summary/: the dashboard's figures for staff (summary rows only)."""

from __future__ import annotations

from dataclasses import asdict

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api.errors import error_responses
from apps.events.models import Axis

from .dashboard import Filters, dashboard_data, default_period, events_for_filter
from .periods import period_from_key


class IsStaff(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)


def _trust(trust) -> dict | None:
    return None if trust is None else {**asdict(trust), "meets_target": trust.meets_target}


class InsightsSummaryView(APIView):
    """The figures of one scope (all, an axis, or one of the caller's events) and one calendar
    period, with the trust index, the four axes, the daily series, agreements per year and
    programmes per quarter. Staff only; an organizer may ask only about their own events."""

    permission_classes = [IsStaff]

    @extend_schema(
        parameters=[
            OpenApiParameter("period", OpenApiTypes.STR,
                             description='"2026", "2026-Q4" or "2026-11"; default: the newest.'),
            OpenApiParameter("axis", OpenApiTypes.STR, enum=Axis.values),
            OpenApiParameter("event", OpenApiTypes.STR, description="Event slug."),
        ],
        responses={200: OpenApiTypes.OBJECT, **error_responses(400, 404)},
    )
    def get(self, request):
        params = request.query_params
        period = (period_from_key(params["period"]) if params.get("period")
                  else default_period())
        if period is None:
            raise ValidationError({"period": ['Use "YYYY", "YYYY-Qn" or "YYYY-MM".']})
        axis = params.get("axis", "")
        if axis and axis not in Axis.values:
            raise ValidationError({"axis": [f"One of {', '.join(Axis.values)}."]})
        event = None
        if params.get("event"):
            event = next((e for e in events_for_filter(user=request.user)
                          if e.slug == params["event"]), None)
            if event is None:
                raise NotFound()
        data = dashboard_data(filters=Filters(period=period, axis="" if event else axis,
                                              event=event))
        return Response({
            "period": {"key": period.key, "start": period.start, "end": period.end},
            "scope": data.filters.scope_key,
            "computed_at": data.computed_at,
            "figures": data.figures,
            "trust_index": _trust(data.trust),
            "axes": [{**row, "label": str(row["label"]), "trust": _trust(row["trust"])}
                     for row in data.axes],
            "daily": data.daily,
            "agreements": data.agreements,
            "programmes": data.programmes,
        })
