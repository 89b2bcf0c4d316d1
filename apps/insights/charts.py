"""The dashboard's charts, each with the table that says the same in text (and its CSV).

A chart is data, not drawing: labels and series in the page's language, from which the
template writes both a Chart.js configuration and an accessible table, and the CSV download
writes the same rows. What the picture shows, the table and the file show too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django_countries import countries

from apps.accounts.models import User

from .dashboard import Dashboard

TOP_COUNTRIES = 10


@dataclass
class Chart:
    id: str
    title: str
    kind: str  # "line" or "bar"
    labels: list[str]
    series: list[tuple[str, list[float | int | None]]]
    unit: str = ""  # "%" for shares shown as percentages
    note: str = ""
    extra_columns: list[tuple[str, list[Any]]] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        return [name for name, _values in self.series] + [
            name for name, _values in self.extra_columns]

    @property
    def rows(self) -> list[list[Any]]:
        values = [v for _name, v in self.series] + [v for _name, v in self.extra_columns]
        return [[label, *(column[i] for column in values)] for i, label in enumerate(self.labels)]

    def config(self) -> dict[str, Any]:
        """What static/js/dashboard.js hands to Chart.js."""
        return {"kind": self.kind, "labels": self.labels, "unit": self.unit,
                "series": [{"label": name, "data": data} for name, data in self.series]}


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def _breakdown_chart(*, chart_id: str, title: str, counts: dict[str, int],
                     names: dict[str, str], limit: int | None = None) -> Chart:
    items = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if limit is not None and len(items) > limit:
        rest = sum(n for _key, n in items[limit:])
        items = [*items[:limit], ("__other__", rest)]
    labels = [names.get(key, key) if key != "__other__" else _("Other")
              for key, _n in items]
    labels = [label or _("Not given") for label in labels]
    return Chart(id=chart_id, title=title, kind="bar", labels=labels,
                 series=[(_("Registrations"), [n for _key, n in items])])


def build_charts(data: Dashboard) -> list[Chart]:
    figures = data.figures or {}
    registrations = figures.get("registrations", {})
    feedback = figures.get("feedback", {})
    charts = [
        Chart(
            id="participation", title=_("Participation over time"), kind="line",
            labels=[row["day"].isoformat() for row in data.daily],
            series=[(_("New registrations"), [row["registrations"] for row in data.daily]),
                    (_("New feedback"), [row["feedback"] for row in data.daily])],
            note=_("One point per day of the period, from the nightly summaries."),
        ),
        _breakdown_chart(chart_id="resident-type", title=_("Registrations by resident type"),
                         counts=registrations.get("by_resident_type", {}),
                         names={k: str(v) for k, v in User.ResidentType.choices}),
        _breakdown_chart(chart_id="language", title=_("Registrations by language"),
                         counts=registrations.get("by_language", {}),
                         names={k: str(v) for k, v in settings.LANGUAGES}),
        _breakdown_chart(chart_id="country", title=_("Registrations by country"),
                         counts=registrations.get("by_country", {}),
                         names=dict(countries), limit=TOP_COUNTRIES),
    ]
    by_sentiment = feedback.get("by_sentiment", {})
    share = feedback.get("sentiment_share", {})
    sentiments = [("positive", _("Positive")), ("neutral", _("Neutral")),
                  ("negative", _("Negative"))]
    charts.append(Chart(
        id="sentiment", title=_("Feedback by sentiment"), kind="bar",
        labels=[label for _key, label in sentiments],
        series=[(_("Share (%)"), [_percent(share.get(key)) for key, _l in sentiments])],
        unit="%",
        extra_columns=[(_("Feedback"), [by_sentiment.get(key, 0) for key, _l in sentiments])],
    ))
    charts.append(Chart(
        id="axes", title=_("The four axes"), kind="bar",
        labels=[str(row["label"]) for row in data.axes],
        series=[(_("Share of registrations (%)"), [_percent(r["share"]) for r in data.axes]),
                (_("Centrality (%)"), [_percent(r["centrality"]) for r in data.axes])],
        unit="%",
        extra_columns=[
            (_("Mean sentiment (-1 to 1)"), [r["mean_sentiment"] for r in data.axes]),
            (_("Trust index"), [r["trust"].value if r["trust"] else None for r in data.axes]),
        ],
        note=_("Centrality: the share of an axis's feedback that is about that axis."),
    ))
    charts.append(Chart(
        id="programmes",
        title=_("Programmes held per quarter, %(year)d") % {"year": data.agreements["year"]},
        kind="bar", labels=[row["label"] for row in data.programmes],
        series=[(_("Programmes"), [row["count"] for row in data.programmes])],
    ))
    return charts


def chart_by_id(charts: list[Chart], chart_id: str) -> Chart | None:
    return next((chart for chart in charts if chart.id == chart_id), None)
