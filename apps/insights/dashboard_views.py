"""The diplomacy dashboard for staff: KPI tiles against the district's targets, charts with
their tables, CSV per chart. Reads summary rows only (apps/insights/dashboard.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from apps.core.csv_export import csv_response
from apps.events.models import Axis

from .charts import build_charts, chart_by_id
from .dashboard import Filters, available_periods, dashboard_data, default_period, events_for_filter
from .periods import period_from_key


class DashboardFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), required=False)
    axis = forms.ChoiceField(label=_("Axis"), required=False)
    event = forms.ChoiceField(label=_("Event"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.periods = available_periods()
        self.events = {str(event.pk): event for event in events_for_filter(user=user)}
        self.fields["period"].choices = [(p.key, p.label) for p in self.periods]
        self.fields["axis"].choices = [("", _("All axes")), *Axis.choices]
        self.fields["event"].choices = [("", _("All events")), *(
            (pk, event.title) for pk, event in self.events.items())]

    def filters(self) -> Filters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        period = period_from_key(data.get("period", "")) or default_period()
        event = self.events.get(data.get("event", ""))
        axis = "" if event else data.get("axis", "")
        return Filters(period=period, axis=axis, event=event)


def _staff_filters(request: HttpRequest) -> tuple[DashboardFilterForm, Filters]:
    if not request.user.is_staff:
        raise PermissionDenied
    form = DashboardFilterForm(request.GET or None, user=request.user)
    return form, form.filters()


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form, filters = _staff_filters(request)
    data = dashboard_data(filters=filters)
    query = request.GET.urlencode()
    return render(request, "insights/dashboard.html", {
        "form": form, "data": data, "charts": build_charts(data), "query": query,
        "target": settings.TRUST_INDEX_TARGET,
        "axis_label": dict(Axis.choices).get(filters.axis, ""),
        "programmes_total": sum(row["count"] for row in data.programmes),
    })


@login_required
def dashboard_chart_csv(request: HttpRequest, chart_id: str) -> HttpResponse:
    _form, filters = _staff_filters(request)
    chart = chart_by_id(build_charts(dashboard_data(filters=filters)), chart_id)
    if chart is None:
        raise Http404
    rows = [[str(_("Label")), *chart.columns], *chart.rows]
    return csv_response(rows, filename=f"{chart.id}-{filters.scope_key.replace(':', '-')}-"
                                       f"{filters.period.key}.csv")
