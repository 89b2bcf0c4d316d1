#!/usr/bin/env python
"""Dashboard benchmark: server time of the staff dashboard over the summaries of 1,000,000
registrations and 200,000 feedback rows on PostgreSQL (issue 6: under 200 ms).

It uses the data of bench/summaries.py (`--setup` builds it the same way, through that
script), then

1. computes the summary rows the dashboard reads: the calendar year, quarter and month that
   contain the data's last day, and the last `--days` daily rows (all scopes);
2. renders `/ko/dashboard/` (year, all events; then one axis; then one event) and
   `/api/v1/insights/summary/` in-process with Django's test client as a superuser, `--repeat`
   times each, and prints the median and maximum server time and the number of SQL queries.

The timing includes the whole Django request (middleware, session, view, template), not the
network. The rows it computes stay (they are what the nightly task would write); the bench
data goes with `bench/summaries.py --teardown`. Exit status 0, or 2 for a usage or setup
error; the 200 ms target is printed, never enforced. See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import summaries as bench  # its data setup and Django setup are reused

TARGET_MS = 200.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Times the staff dashboard over bench summaries.")
    p.add_argument("--setup", action="store_true",
                   help="build the bench data first (bench/summaries.py --setup --setup-only)")
    p.add_argument("--days", type=int, default=30,
                   help="daily summary rows to compute for the time series (default 30)")
    p.add_argument("--skip-compute", action="store_true",
                   help="use the summary rows already there")
    p.add_argument("--repeat", type=int, default=20, help="requests per case (default 20)")
    return p.parse_args(argv)


def compute(anchor, days: int) -> None:
    from apps.insights.periods import periods_containing
    from apps.insights.summaries import summaries_compute

    for period in periods_containing(anchor):
        started = time.perf_counter()
        summaries_compute(start=period.start, end=period.end)
        print(f"  computed {period.key:<8} in {time.perf_counter() - started:6.1f} s")
    started = time.perf_counter()
    for offset in range(days):
        day = anchor - timedelta(days=offset)
        summaries_compute(start=day, end=day + timedelta(days=1))
    print(f"  computed {days} daily rows in {time.perf_counter() - started:6.1f} s")


def time_requests(client, path: str, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # secure=True: production settings redirect plain HTTP to HTTPS.
    client.get(path, secure=True)  # warm: template loading, translations, session
    durations, queries, status = [], 0, None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path, secure=True)
            durations.append((time.perf_counter() - started) * 1000)
        queries, status = len(captured.captured_queries), response.status_code
    return {"path": path, "status": status, "queries": queries,
            "median_ms": statistics.median(durations), "max_ms": max(durations)}


def _second_factor(client, user) -> None:
    """Staff pages need an authenticator app used in the session (apps/accounts/mfa.py):
    give the bench's superuser one and record the step as allauth does at login."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.test import RequestFactory

    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        authenticator = TOTP.activate(user, generate_totp_secret()).instance
    request = RequestFactory().get("/")
    request.session = client.session
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    request.session.save()


def main(argv: list[str] | None = None) -> int:
    sys.stdout.reconfigure(line_buffering=True)
    args = parse_args(argv)
    # Production settings serve hashed static names from collectstatic's manifest: collect into
    # a folder of the bench's own, as a deployment does (the first run takes a while).
    os.environ.setdefault("STATIC_ROOT", str(Path(tempfile.gettempdir()) / "portal-bench-static"))
    if args.setup:
        if bench.main(["--setup", "--setup-only"]) != 0:
            return 2
    else:
        bench.django_setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from apps.accounts.models import User
    from apps.events.models import Event
    from apps.insights.periods import period_containing

    if not Event.objects.filter(slug__startswith=bench.SLUG_PREFIX).exists():
        bench.fail("no bench data in this database: run with --setup first")
    anchor = bench.anchor_day() - timedelta(days=1)
    if not args.skip_compute:
        print(f"summaries for the periods containing {anchor} …")
        compute(anchor, args.days)
    from django.core.management import call_command

    print("collectstatic …")
    call_command("collectstatic", "--noinput", verbosity=0)
    setup_test_environment()  # the test client's response context, outside a test run
    admin, _created = User.objects.get_or_create(
        email="bench-dashboard@bench.invalid",
        defaults={"is_staff": True, "is_superuser": True, "name": "Bench"})
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin)
    _second_factor(client, admin)
    year = period_containing(anchor, kind="year").key
    event = Event.objects.filter(slug__startswith=bench.SLUG_PREFIX).order_by("pk").first()
    cases = [
        f"/ko/dashboard/?period={year}",
        f"/ko/dashboard/?period={year}&axis=culture",
        f"/ko/dashboard/?period={year}&event={event.pk}",
        f"/api/v1/insights/summary/?period={year}",
    ]
    print(f"\n{'case':<52} {'status':>6} {'queries':>7} {'median':>9} {'max':>9}")
    worst = 0.0
    for path in cases:
        result = time_requests(client, path, args.repeat)
        worst = max(worst, result["median_ms"])
        print(f"{path:<52} {result['status']:>6} {result['queries']:>7} "
              f"{result['median_ms']:>7.1f}ms {result['max_ms']:>7.1f}ms")
    verdict = "met" if worst < TARGET_MS else "NOT met"
    print(f"\ntarget: median server time under {TARGET_MS:.0f} ms: {verdict} "
          f"(slowest case {worst:.1f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
