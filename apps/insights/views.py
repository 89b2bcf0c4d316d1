"""The public open-data page and its downloads (CSV, JSON, the data dictionary as CSV).

Thin: the figures and their suppression come from open_data.py; this module only lays the
same records out as tables, as CSV rows and as JSON, so the three always agree.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.dateparse import parse_datetime
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from apps.accounts.models import User
from apps.core.csv_export import BOM, safe_cell
from apps.events.models import Axis, Registration
from apps.feedback.models import Feedback, FeedbackAxis

from .open_data import (
    ALL,
    AXES,
    COMPLEMENTARY,
    FIELDS_BY_NAME,
    NOT_AVAILABLE,
    NOT_ENOUGH_DATA,
    SMALL,
    UNKNOWN,
    NoOpenData,
    data_dictionary,
    open_data,
    published_periods,
)
from .periods import Period, period_from_key

HEADLINE = ["registrations", "participants", "attendance_rate", "waitlist_length",
            "cancellations", "feedback", "mean_sentiment_score", "delta_sentiment",
            "reply_rate", "median_hours_to_reply"]
AXIS_FIELDS = ["registrations", "registration_share", "participants", "attendance_rate",
               "waitlist_length", "cancellations", "feedback", "mean_sentiment_score",
               "delta_sentiment", "axis_centrality", "reply_rate", "median_hours_to_reply",
               "trust_index"]
COUNT_UNITS = ("registrations", "people", "feedback", "agreements", "events")
MARKERS = {SMALL: "<5", COMPLEMENTARY: "x"}


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("Period"), required=False)

    def __init__(self, *args: Any, periods: list[Period], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.key, p.label) for p in periods]


# --- Labels and numbers ---------------------------------------------------------------------

def scope_label(scope: str) -> str:
    return _("All events") if scope == ALL else str(dict(Axis.choices).get(scope, scope))


def group_label(field: str, group: str) -> str:
    if not group:
        return ""
    if group == UNKNOWN:
        return _("Not given")
    choices: dict[str, Any] = {
        "registrations_by_status": dict(Registration.Status.choices),
        "registrations_by_resident_type": dict(User.ResidentType.choices),
        "registrations_by_language": dict(settings.LANGUAGES),
        "feedback_sentiment_share": dict(Feedback.Sentiment.choices),
        "feedback_axis_share": dict(FeedbackAxis.choices),
        "trust_component": {"satisfaction": _("Satisfaction"),
                            "responsiveness": _("Responsiveness"),
                            "reliability": _("Reliability"), "retention": _("Retention")},
    }.get(field, {})
    if field == "registrations_by_country":
        return str(countries.name(group) or group)
    return str(choices.get(group, group))


def record_label(record: dict[str, Any]) -> str:
    parts = [scope_label(record["scope"]), str(FIELDS_BY_NAME[record["field"]].label)]
    if record["group"]:
        parts.append(group_label(record["field"], record["group"]))
    return " · ".join(parts)


def format_value(value: float | int, unit: str, *, signed: bool = False) -> str:
    if unit in COUNT_UNITS:
        return number_format(int(value), force_grouping=True)
    # number_format cuts digits off: round first.
    if unit in ("share", "change"):
        text = number_format(round(value * 100, 1), 1) + " %"
    elif unit == "hours":
        text = number_format(round(value, 1), 1)
    else:  # score, index
        text = number_format(round(value, 2), 2)
    return f"+{text}" if signed and value > 0 else text


@dataclass
class Cell:
    text: str
    sr: str  # said by screen readers instead of a bare marker
    record: dict[str, Any]


def cell(record: dict[str, Any] | None) -> Cell:
    if record is None:
        return Cell("—", _("not published"), {"scope": "", "field": "", "group": ""})
    note = record["note"]
    if note == SMALL:
        return Cell("<5", _("fewer than 5, hidden"), record)
    if note == COMPLEMENTARY:
        return Cell("x", _("hidden so that a small group cannot be worked out"), record)
    if note == NOT_ENOUGH_DATA:
        return Cell(_("Not enough data"), "", record)
    if note == NOT_AVAILABLE:
        return Cell("—", _("cannot be computed yet"), record)
    field = record["field"]
    unit = FIELDS_BY_NAME[field].unit
    signed = field in ("delta_sentiment", "agreements_change")
    return Cell(format_value(record["value"], unit, signed=signed), "", record)


# --- Tables ---------------------------------------------------------------------------------

def _index(records: list[dict[str, Any]]) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(r["scope"], r["field"], r["group"]): r for r in records}


def _groups(records: list[dict[str, Any]], field: str) -> list[dict[str, Any]]:
    return [r for r in records if r["scope"] == ALL and r["field"] == field]


def _table(table_id: str, caption: str, headers: list[str],
           rows: list[tuple[str, list[Cell]]]) -> dict[str, Any]:
    return {"id": table_id, "caption": caption, "headers": headers,
            "rows": [{"label": label, "cells": cells} for label, cells in rows],
            "wide": len(headers) > 2}


def _breakdown_table(records: list[dict[str, Any]], field: str, group_header: str,
                     value_header: str) -> dict[str, Any]:
    return _table(
        field, str(FIELDS_BY_NAME[field].label), [group_header, value_header],
        [(group_label(field, r["group"]), [cell(r)]) for r in _groups(records, field)],
    )


def build_tables(data: dict[str, Any]) -> dict[str, Any]:
    """The page's tables, from the same records as the downloads."""
    records = data["records"]
    index = _index(records)
    figure, value = _("Figure"), _("Value")
    registrations, share = _("Registrations"), _("Share")
    headline = _table("headline", _("Participation and feedback, all events"),
                      [figure, value],
                      [(str(FIELDS_BY_NAME[f].label), [cell(index.get((ALL, f, "")))])
                       for f in HEADLINE])
    registration_tables = [
        _breakdown_table(records, "registrations_by_status", _("Status"), registrations),
        _breakdown_table(records, "registrations_by_resident_type", _("Resident type"),
                         registrations),
        _breakdown_table(records, "registrations_by_language", _("Language"), registrations),
        _breakdown_table(records, "registrations_by_country", _("Country"), registrations),
    ]
    feedback_tables = [
        _breakdown_table(records, "feedback_sentiment_share", _("Tone"), share),
        _breakdown_table(records, "feedback_axis_share", _("Topic"), share),
    ]
    trust = _table(
        "trust", _("Trust index and its components"), [figure, value],
        [(str(FIELDS_BY_NAME["trust_index"].label), [cell(index.get((ALL, "trust_index", "")))]),
         *[(group_label("trust_component", r["group"]), [cell(r)])
           for r in _groups(records, "trust_component")]],
    )
    axes = _table(
        "axes", _("Figures by diplomacy axis"), [figure, *[scope_label(a) for a in AXES]],
        [(str(FIELDS_BY_NAME[f].label), [cell(index.get((axis, f, ""))) for axis in AXES])
         for f in AXIS_FIELDS],
    )
    partnerships = _table(
        "partnerships", _("Exchange agreements and programmes"), [figure, value],
        [*[(f"{FIELDS_BY_NAME['agreements_signed'].label} ({r['group']})", [cell(r)])
           for r in _groups(records, "agreements_signed")],
         (str(FIELDS_BY_NAME["agreements_change"].label),
          [cell(index.get((ALL, "agreements_change", "")))]),
         *[(f"{FIELDS_BY_NAME['programmes_held'].label} ({r['group']})", [cell(r)])
           for r in _groups(records, "programmes_held")]],
    )
    return {"headline": headline, "registrations": registration_tables,
            "feedback": feedback_tables, "trust": trust, "axes": axes,
            "partnerships": partnerships}


# --- Views ----------------------------------------------------------------------------------

def _period(key: str) -> Period:
    period = period_from_key(key)
    if period is None:
        raise Http404
    return period


def _data(key: str) -> dict[str, Any]:
    try:
        return open_data(period=_period(key))
    except NoOpenData as error:
        raise Http404 from error


def open_data_page(request: HttpRequest) -> HttpResponse:
    periods = published_periods()
    key = request.GET.get("period", "")
    period = _period(key) if key else (periods[0] if periods else None)
    data = None
    if period is not None:
        try:
            data = open_data(period=period)
        except NoOpenData:
            data = None
    form = PeriodForm(initial={"period": period.key if period else ""}, periods=periods)
    return render(request, "insights/open_data.html", {
        "form": form,
        "period": period,
        "has_periods": bool(periods),
        "data": data,
        "tables": build_tables(data) if data else None,
        "dictionary": data["dictionary"] if data else data_dictionary(),
        "computed_at": parse_datetime(data["generated_from"]["computed_at"]) if data else None,
        "trust_min_participants": settings.TRUST_INDEX_MIN_PARTICIPANTS,
        "trust_min_feedback": settings.TRUST_INDEX_MIN_FEEDBACK,
    })


def _filename(key: str, extension: str) -> str:
    return f"gangnam-open-data-{key}.{extension}"


def _csv(rows: list[list[Any]], *, filename: str) -> HttpResponse:
    """UTF-8 with a BOM for Excel, like apps/core/csv_export.py; numbers are written as
    numbers (a negative one is no formula), text cells are defused all the same."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([value if isinstance(value, int | float) and not isinstance(value, bool)
                         else safe_cell(value) for value in row])
    response = HttpResponse(BOM + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


CSV_HEADER = ["period", "scope", "field", "group", "value", "suppressed", "note", "label"]


def csv_value(record: dict[str, Any]) -> Any:
    if record["suppressed"]:
        return MARKERS[record["note"]]
    return "" if record["value"] is None else record["value"]


def open_data_csv(request: HttpRequest, key: str) -> HttpResponse:
    data = _data(key)
    rows = [CSV_HEADER, *[
        [data["period"]["key"], r["scope"], r["field"], r["group"], csv_value(r),
         "true" if r["suppressed"] else "false", r["note"], record_label(r)]
        for r in data["records"]
    ]]
    return _csv(rows, filename=_filename(data["period"]["key"], "csv"))


def open_data_json(request: HttpRequest, key: str) -> HttpResponse:
    data = _data(key)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(data["period"]["key"], "json")}"')
    return response


def dictionary_csv(request: HttpRequest) -> HttpResponse:
    columns = ["field", "label", "meaning", "unit", "unit_label", "groups", "scopes",
               "suppression"]
    rows = [columns, *[[entry[c] if c != "scopes" else " ".join(entry[c]) for c in columns]
                       for entry in data_dictionary()]]
    return _csv(rows, filename="gangnam-open-data-dictionary.csv")
