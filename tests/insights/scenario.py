"""Helpers shared by the insights tests (the fixtures are in conftest.py)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")


def at(day: date, hour: int = 12) -> datetime:
    """`hour` o'clock of a Seoul day."""
    return datetime.combine(day, time(hour), tzinfo=SEOUL)
