"""`manage.py compute_summaries --start 2026-11-01 --end 2026-12-01 [--event SLUG]`

Recomputes participation summaries for any period on demand (overwrites existing rows).
Without dates: yesterday (Seoul time).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError

from apps.events.models import Event
from apps.insights.summaries import seoul_today, summaries_compute


class Command(BaseCommand):
    help = "Recompute participation summaries for a period (end exclusive)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--start", type=date.fromisoformat, help="YYYY-MM-DD (inclusive)")
        parser.add_argument("--end", type=date.fromisoformat, help="YYYY-MM-DD (exclusive)")
        parser.add_argument("--event", help="only this event (slug)")

    def handle(self, *args, **options) -> None:
        today = seoul_today()
        start = options["start"] or today - timedelta(days=1)
        end = options["end"] or start + timedelta(days=1)
        if end <= start:
            raise CommandError("--end must be after --start")
        event = None
        if options["event"]:
            event = Event.objects.filter(slug=options["event"]).first()
            if event is None:
                raise CommandError(f"no event with slug {options['event']!r}")
        written = summaries_compute(start=start, end=end, event=event)
        self.stdout.write(f"{written} summary row(s) written for {start} to {end} (exclusive).")
