"""The calendar periods of the dashboard (months, quarters and years) and of open data
(quarters that are over only, decision 20: apps/insights/open_data.py).

Their summaries are computed every night for the periods that contain yesterday (month,
quarter, year), so a finished period keeps the figures of the first night after it; the
pages only read those rows. Keys are stable strings used in URLs and downloads: "2026",
"2026-Q4", "2026-11".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

KEY = re.compile(r"^(?P<year>\d{4})(?:-(?:Q(?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2])))?$")


@dataclass(frozen=True)
class Period:
    kind: str  # "year", "quarter" or "month"
    start: date
    end: date  # exclusive

    @property
    def key(self) -> str:
        if self.kind == "year":
            return f"{self.start.year}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start:%Y-%m}"

    @property
    def label(self) -> str:
        if self.kind == "year":
            return _("Year %(year)d") % {"year": self.start.year}
        if self.kind == "quarter":
            return _("Q%(quarter)d %(year)d") % {
                "quarter": (self.start.month - 1) // 3 + 1, "year": self.start.year}
        return _("%(month)d/%(year)d") % {"month": self.start.month, "year": self.start.year}

    def previous(self) -> Period:
        return period_containing(self.start - timedelta(days=1), kind=self.kind)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_containing(day: date, *, kind: str) -> Period:
    if kind == "year":
        return Period("year", date(day.year, 1, 1), date(day.year + 1, 1, 1))
    if kind == "quarter":
        start = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        return Period("quarter", start, _add_months(start, 3))
    if kind == "month":
        start = date(day.year, day.month, 1)
        return Period("month", start, _add_months(start, 1))
    raise ValueError(kind)


def period_from_key(key: str) -> Period | None:
    match = KEY.match(key or "")
    if not match:
        return None
    year = int(match["year"])
    if match["quarter"]:
        return period_containing(date(year, (int(match["quarter"]) - 1) * 3 + 1, 1),
                                 kind="quarter")
    if match["month"]:
        return period_containing(date(year, int(match["month"]), 1), kind="month")
    return period_containing(date(year, 1, 1), kind="year")


def periods_containing(day: date) -> list[Period]:
    return [period_containing(day, kind=kind) for kind in ("month", "quarter", "year")]


def period_from_bounds(start: date, end: date) -> Period | None:
    """The calendar period with exactly these bounds, if there is one."""
    for kind in ("year", "quarter", "month"):
        period = period_containing(start, kind=kind)
        if (period.start, period.end) == (start, end):
            return period
    return None
