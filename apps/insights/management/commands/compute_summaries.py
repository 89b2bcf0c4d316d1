"""`manage.py compute_summaries --start 2026-11-01 --end 2026-12-01 [--event SLUG]`

Recomputes participation summaries for any period on demand (overwrites existing rows).
Without dates: yesterday (Seoul time). A quarter published as open data is refused unless
`--republish` is given: its public figures would change (decision 20).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError

from apps.events.models import Event
from apps.insights.open_data import is_final
from apps.insights.periods import period_from_bounds
from apps.insights.summaries import seoul_today, summaries_compute


class Command(BaseCommand):
    help = "Recompute participation summaries for a period (end exclusive)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--start", type=date.fromisoformat, help="YYYY-MM-DD (inclusive)")
        parser.add_argument("--end", type=date.fromisoformat, help="YYYY-MM-DD (exclusive)")
        parser.add_argument("--event", help="only this event (slug)")
        parser.add_argument("--republish", action="store_true",
                            help="recompute a quarter already published as open data (to "
                            "correct an error: its public figures change)")

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
        period = period_from_bounds(start, end)
        if (event is None and not options["republish"] and period is not None
                and is_final(period)):
            raise CommandError(
                f"{period.key} is published as open data and would change; give --republish "
                "to recompute it anyway (only to correct an error)")
        written = summaries_compute(start=start, end=end, event=event)
        self.stdout.write(f"{written} summary row(s) written for {start} to {end} (exclusive).")
