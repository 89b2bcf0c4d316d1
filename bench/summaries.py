#!/usr/bin/env python
"""Summary benchmark: participation summaries over 1,000,000 registrations and 200,000
feedback rows on PostgreSQL (issue 5, "Proof": targets <= 10 s for all events, <= 0.2 s for one
event).

1. `--setup` builds the data once, with `INSERT … SELECT generate_series` on a raw cursor
   (DJANGO_SETTINGS_MODULE and DATABASE_URL from the environment): `--users` users
   (bench-sum-NNNNNNN@bench.invalid, unusable password), `--events` published events
   (slugs bench-sum-NN) over the four axes, starting between 80 days ago and about 8 days
   from now, and `--registrations` registrations spread evenly over them, each created in the 90
   days before setup (never after its event starts): statuses mixed (cancelled with
   cancelled_at, waitlisted, confirmed, attended with check-in for past events, some promoted
   from the waiting list), languages, resident types and countries taken from the user.
   Then `--feedback` feedback rows by bench users: about 10 % general (no event), the rest
   spread over the events; written in the 90 days before setup (from 30 days before the event
   starts); ten languages; about 5 % not analysed yet, the rest with a sentiment and a score
   of the same sign and an axis (mostly the event's); about 40 % answered, 1 hour to about 17
   days after (some after the 7-day reply target); statuses received, in review, answered,
   closed and about 5 % hidden as spam.
   It reuses data of the same size that is already there, replaces data of another size (the
   feedback alone when only its size differs), then runs VACUUM ANALYZE on the tables.
2. It times `apps.insights.summaries.summaries_compute(start=…, end=…)` for the last day and
   for the last 90 days of the data (the day of setup is the end), for all scopes (every
   published event of the database, every axis, everything) and for one event, each
   `--repeat` times, and prints min / median seconds, the number of SQL queries
   (CaptureQueriesContext), the slowest queries and the comparison with the targets.

The summary rows the runs write are deleted afterwards (rows that were there before are
overwritten, as summaries_compute does). `--teardown` deletes the bench events, users,
registrations, feedback and their summaries. Exit status: 0, or 2 for a usage or setup error; the
targets are printed, never enforced. See bench/README.md and docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import common
from common import fail

SLUG_PREFIX = "bench-sum-"
EMAIL_LIKE = "bench-sum-%@bench.invalid"
TARGET_ALL_SECONDS = 10.0  # issue 5: summaries for all events
TARGET_ONE_SECONDS = 0.2  # issue 5: summaries for one event

def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Times summaries_compute over a million registrations on PostgreSQL.",
    )
    p.add_argument("--setup", action="store_true",
                   help="build the bench data if it is not there (same size: reused)")
    p.add_argument("--setup-only", action="store_true", help="with --setup: build and stop")
    p.add_argument("--teardown", action="store_true",
                   help="delete the bench events, users, registrations and summaries, then exit")
    p.add_argument("--registrations", type=int, default=1_000_000,
                   help="registrations in all (default %(default)s)")
    p.add_argument("--events", type=int, default=40, help="events (default %(default)s)")
    p.add_argument("--users", type=int, default=100_000, help="users (default %(default)s)")
    p.add_argument("--feedback", type=int, default=200_000,
                   help="feedback rows (default %(default)s)")
    p.add_argument("--repeat", type=int, default=3, help="runs of each case (default 3)")
    p.add_argument("--explain", action="store_true",
                   help="also print EXPLAIN (ANALYZE, BUFFERS) of the slowest query of each case")
    p.add_argument("--json", default="", help="also write the figures to this path")
    args = p.parse_args(argv)
    if args.setup_only and not args.setup:
        p.error("--setup-only needs --setup")
    if args.events < 4 or args.repeat < 1 or args.users < 1 or args.feedback < 0:
        p.error("--events must be >= 4 (one per axis at least), --repeat and --users >= 1, "
                "--feedback >= 0")
    args.per_event = args.registrations // args.events
    if args.per_event < 1:
        p.error("--registrations must be >= --events")
    if args.per_event > args.users:
        p.error("each event needs a user per registration (one active registration per user "
                f"and event): --users must be >= {args.per_event}")
    return args


def django_setup() -> None:
    common.django_setup(postgres_because="the data is generated with generate_series")


# --- Data (raw SQL) -------------------------------------------------------------------------

def tables() -> dict[str, str]:
    from apps.accounts.models import User
    from apps.events.models import Event, Registration
    from apps.feedback.models import Feedback
    from apps.insights.models import ParticipationSummary
    from apps.notifications.models import Notification, NotificationPreference

    return {"user": User._meta.db_table, "event": Event._meta.db_table,
            "registration": Registration._meta.db_table,
            "feedback": Feedback._meta.db_table,
            "summary": ParticipationSummary._meta.db_table,
            "notification": Notification._meta.db_table,
            "preference": NotificationPreference._meta.db_table,
            "organizers": Event.organizers.through._meta.db_table}


def present(cur) -> tuple[int, int, int, int]:
    """(events, users, registrations, feedback) of the bench already in the database."""
    t = tables()
    # Table names from the models' _meta, values as parameters (here and below).
    cur.execute(f"SELECT count(*) FROM {t['event']} WHERE slug LIKE %s",  # noqa: S608
                [SLUG_PREFIX + "%"])
    events = cur.fetchone()[0]
    cur.execute(f"SELECT count(*) FROM {t['user']} WHERE email LIKE %s",  # noqa: S608
                [EMAIL_LIKE])
    users = cur.fetchone()[0]
    cur.execute(f"SELECT count(*) FROM {t['registration']} r JOIN {t['event']} e "  # noqa: S608
                "ON e.id = r.event_id WHERE e.slug LIKE %s", [SLUG_PREFIX + "%"])
    registrations = cur.fetchone()[0]
    # Every bench feedback row has a bench author, general feedback included.
    cur.execute(f"SELECT count(*) FROM {t['feedback']} f JOIN {t['user']} u "  # noqa: S608
                "ON u.id = f.user_id WHERE u.email LIKE %s", [EMAIL_LIKE])
    return events, users, registrations, cur.fetchone()[0]


def build(args: argparse.Namespace) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from apps.events.models import Axis, Event

    t = tables()
    t0 = timezone.now().replace(microsecond=0)
    axes = list(Axis.values)
    span = timedelta(days=90) / args.events
    started = time.perf_counter()
    with transaction.atomic():
        # Events through the ORM (five translated columns per field); no reminders, so the
        # notification benchmark never picks them up.
        Event.objects.bulk_create([
            Event(slug=f"{SLUG_PREFIX}{n:02d}", axis=axes[n % len(axes)],
                  title=f"Summaries benchmark {n:02d}", title_ko=f"요약 벤치마크 {n:02d}",
                  starts_at=t0 - timedelta(days=80) + n * span,
                  ends_at=t0 - timedelta(days=80) + n * span + timedelta(hours=3),
                  status=Event.Status.PUBLISHED, reminder_hours_before=None, capacity=None,
                  created_at=t0, updated_at=t0)
            for n in range(args.events)
        ])
        with connection.cursor() as cur:
            cur.execute("SELECT setseed(0.42)")
            cur.execute(f"""
                INSERT INTO {t['user']} (password, last_login, is_superuser, is_staff, is_active,
                    date_joined, email, name, preferred_language, resident_type, country,
                    privacy_consent_at)
                SELECT '!', NULL, false, false, true, %(t0)s - interval '120 days',
                    'bench-sum-' || lpad(g::text, 7, '0') || '@bench.invalid', '',
                    (ARRAY['ko','en','zh-hans','ja','vi'])[1 + g %% 5],
                    (ARRAY['citizen','foreign_resident','visitor','organization'])
                        [1 + (g / 5) %% 4],
                    (ARRAY['KR','US','CN','JP','VN','PH','MN','TH','IN','FR','DE','GB'])
                        [1 + (g / 3) %% 12],
                    %(t0)s - interval '120 days'
                FROM generate_series(0, %(users)s - 1) AS g
            """, {"t0": t0, "users": args.users})  # noqa: S608
            print(f"  {args.users} users in {time.perf_counter() - started:.1f} s")
            # Registration i of event n goes to user (i + 2477 n) mod users: distinct within
            # an event (the partial unique constraint), shared across events (returning
            # participants). A registration is created between max(90 days before setup,
            # 60 days before its event) and min(setup, the event's start).
            cur.execute(f"""
                WITH u AS (
                    SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, preferred_language,
                           resident_type, country
                    FROM {t['user']} WHERE email LIKE %(email_like)s
                ), e AS (
                    SELECT id, row_number() OVER (ORDER BY slug) - 1 AS n, starts_at
                    FROM {t['event']} WHERE slug LIKE %(slug_like)s
                ), g AS MATERIALIZED (
                    SELECT e.id AS event_id, e.n, e.starts_at, i, random() AS r,
                        random() AS r2, w.lo + random() * (w.hi - w.lo) AS created_at, w.hi
                    FROM e
                    CROSS JOIN LATERAL (SELECT
                        greatest(%(t0)s - interval '90 days', e.starts_at - interval '60 days')
                            AS lo,
                        least(%(t0)s, e.starts_at) AS hi) AS w
                    CROSS JOIN generate_series(0, %(per_event)s - 1) AS i
                ), s AS (
                    SELECT g.*, CASE
                        WHEN r < 0.08 THEN 'cancelled'
                        WHEN r < 0.15 THEN 'waitlisted'
                        WHEN starts_at < %(t0)s AND r < 0.70 THEN 'attended'
                        ELSE 'confirmed' END AS status
                    FROM g
                )
                INSERT INTO {t['registration']} (created_at, updated_at, status, language,
                    resident_type, country, interpretation_language, accessibility_needs,
                    answers, privacy_consent_at, ticket_code, checked_in_at, promoted_at,
                    cancelled_at, checked_in_by_id, event_id, user_id)
                SELECT s.created_at, s.created_at, s.status, u.preferred_language,
                    u.resident_type, u.country, '', '', '{{}}'::jsonb, s.created_at,
                    -- lower case: never one of the real codes (upper-case alphabet)
                    'bs' || lpad((s.n * %(per_event)s + s.i)::text, 10, '0'),
                    CASE WHEN s.status = 'attended' THEN s.starts_at END,
                    CASE WHEN s.status IN ('confirmed', 'attended') AND s.r2 < 0.06
                         THEN s.created_at + (s.hi - s.created_at) * s.r2 * 10 END,
                    CASE WHEN s.status = 'cancelled'
                         THEN s.created_at + (s.hi - s.created_at) * s.r2 END,
                    NULL, s.event_id, u.id
                FROM s JOIN u ON u.k = (s.i + s.n * 2477) %% %(users)s
            """, {"t0": t0, "per_event": args.per_event, "users": args.users,  # noqa: S608
                  "email_like": EMAIL_LIKE, "slug_like": SLUG_PREFIX + "%"})
            print(f"  {cur.rowcount} registrations in {time.perf_counter() - started:.1f} s")
        build_feedback(args, t0=t0)
    vacuum_analyze()
    print(f"setup: done in {time.perf_counter() - started:.1f} s (VACUUM ANALYZE included)")


def build_feedback(args: argparse.Namespace, *, t0) -> None:
    """`--feedback` rows; see the module docstring for their mix."""
    from django.db import connection

    t = tables()
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("SELECT setseed(0.24)")
        cur.execute(f"""
            WITH u AS (
                SELECT id, row_number() OVER (ORDER BY id) - 1 AS k
                FROM {t['user']} WHERE email LIKE %(email_like)s
            ), e AS (
                SELECT id, row_number() OVER (ORDER BY slug) - 1 AS n, axis, starts_at
                FROM {t['event']} WHERE slug LIKE %(slug_like)s
            ), g AS MATERIALIZED (
                SELECT i, random() AS r_event, random() AS r_time, random() AS r_sentiment,
                    random() AS r_score, random() AS r_axis, random() AS r_topic,
                    random() AS r_answer, random() AS r_language,
                    random() AS r_wait, random() AS r_status
                FROM generate_series(0, %(feedback)s - 1) AS i
            ), f AS (
                SELECT g.*, CASE WHEN g.r_event < 0.10 THEN NULL ELSE e.id END AS event_id,
                    CASE WHEN g.r_event < 0.10 THEN NULL ELSE e.axis END AS event_axis,
                    w.lo + g.r_time * (%(t0)s - w.lo) AS created_at
                FROM g JOIN e ON e.n = g.i %% %(events)s
                CROSS JOIN LATERAL (SELECT CASE WHEN g.r_event < 0.10
                    THEN %(t0)s - interval '90 days'
                    ELSE greatest(%(t0)s - interval '90 days',
                                  least(e.starts_at - interval '30 days',
                                        %(t0)s - interval '1 day'))
                    END AS lo) AS w
            ), a AS (
                SELECT f.*, r_sentiment >= 0.05 AS analysed,
                    CASE WHEN r_answer < 0.40 THEN least(%(t0)s, created_at
                        + interval '1 hour' * (1 + 400 * r_wait * r_wait)) END AS answered_at
                FROM f
            )
            INSERT INTO {t['feedback']} (created_at, updated_at, body, email, ui_language,
                public, approved_at, privacy_consent_at, status, language,
                language_set_by_author, sentiment, sentiment_score, axis, analysis_status,
                analysis_attempts, analysis_error, analyzed_at, model_version, answered_at,
                event_id, user_id)
            SELECT a.created_at, a.created_at, 'bench-sum feedback ' || a.i, '', 'ko', false,
                NULL, a.created_at,
                CASE WHEN a.answered_at IS NOT NULL
                     THEN (CASE WHEN a.r_status < 0.3 THEN 'closed' ELSE 'answered' END)
                     WHEN a.r_status < 0.08 THEN 'hidden'
                     WHEN a.r_status < 0.55 THEN 'received'
                     WHEN a.r_status < 0.85 THEN 'in_review'
                     ELSE 'closed' END,
                CASE WHEN a.analysed
                     THEN (ARRAY['ko','en','zh-hans','ja','vi','ru','uz','mn','th','tl'])
                          [1 + floor(a.r_language * 10)::int %% 10]
                     ELSE '' END,
                false,
                CASE WHEN NOT a.analysed THEN ''
                     WHEN a.r_sentiment < 0.50 THEN 'positive'
                     WHEN a.r_sentiment < 0.75 THEN 'neutral'
                     ELSE 'negative' END,
                CASE WHEN NOT a.analysed THEN NULL
                     WHEN a.r_sentiment < 0.50 THEN 0.2 + 0.8 * a.r_score
                     WHEN a.r_sentiment < 0.75 THEN -0.2 + 0.4 * a.r_score
                     ELSE -1 + 0.8 * a.r_score END,
                CASE WHEN NOT a.analysed THEN ''
                     WHEN a.event_axis IS NOT NULL AND a.r_axis < 0.6 THEN a.event_axis
                     ELSE (ARRAY['tech','culture','green','inclusion','other'])
                          [1 + floor(a.r_topic * 5)::int %% 5] END,
                CASE WHEN a.analysed THEN 'done' ELSE 'pending' END,
                CASE WHEN a.analysed THEN 1 ELSE 0 END, '',
                CASE WHEN a.analysed THEN a.created_at END,
                CASE WHEN a.analysed THEN 'bench' ELSE '' END,
                a.answered_at, a.event_id, u.id
            FROM a JOIN u ON u.k = (a.i * 37) %% %(users)s
        """, {"t0": t0, "feedback": args.feedback, "events": args.events,  # noqa: S608
              "users": args.users, "email_like": EMAIL_LIKE,
              "slug_like": SLUG_PREFIX + "%"})
        print(f"  {cur.rowcount} feedback rows in {time.perf_counter() - started:.1f} s")


def vacuum_analyze() -> None:
    from django.db import connection

    t = tables()
    with connection.cursor() as cur:  # autocommit: VACUUM cannot run in a transaction
        for table in (t["user"], t["event"], t["registration"], t["feedback"]):
            cur.execute(f"VACUUM (ANALYZE) {table}")


def teardown() -> None:
    from django.db import connection, transaction

    t = tables()
    started = time.perf_counter()
    events = f"(SELECT id FROM {t['event']} WHERE slug LIKE %s)"  # noqa: S608
    users = f"(SELECT id FROM {t['user']} WHERE email LIKE %s)"  # noqa: S608
    with transaction.atomic(), connection.cursor() as cur:
        # Foreign keys are checked at commit: anything else pointing at a bench row makes the
        # whole teardown fail instead of leaving it dangling.
        for table, column, subquery, like in (
            (t["summary"], "event_id", events, SLUG_PREFIX + "%"),
            (t["feedback"], "user_id", users, EMAIL_LIKE),
            (t["feedback"], "event_id", events, SLUG_PREFIX + "%"),
            (t["organizers"], "event_id", events, SLUG_PREFIX + "%"),
            (t["registration"], "event_id", events, SLUG_PREFIX + "%"),
            (t["registration"], "user_id", users, EMAIL_LIKE),
            (t["notification"], "recipient_id", users, EMAIL_LIKE),
            (t["preference"], "user_id", users, EMAIL_LIKE),
        ):
            cur.execute(f"DELETE FROM {table} WHERE {column} IN {subquery}",  # noqa: S608
                        [like])
        cur.execute(f"DELETE FROM {t['event']} WHERE slug LIKE %s",  # noqa: S608
                    [SLUG_PREFIX + "%"])
        n_events = cur.rowcount
        cur.execute(f"DELETE FROM {t['user']} WHERE email LIKE %s", [EMAIL_LIKE])  # noqa: S608
        n_users = cur.rowcount
    vacuum_analyze()
    print(f"teardown: deleted {n_events} bench events and {n_users} bench users with their "
          f"registrations, feedback and summaries in {time.perf_counter() - started:.1f} s")


def replace_feedback(args: argparse.Namespace) -> None:
    """Only the feedback differs in size: rebuild it alone, against the setup's time."""
    from django.db import connection, transaction

    from apps.events.models import Event

    t = tables()
    t0 = (Event.objects.filter(slug__startswith=SLUG_PREFIX).order_by("-created_at")
          .values_list("created_at", flat=True).first())
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {t['feedback']} WHERE user_id IN "  # noqa: S608
                        f"(SELECT id FROM {t['user']} WHERE email LIKE %s)", [EMAIL_LIKE])
        build_feedback(args, t0=t0)
    vacuum_analyze()


# --- Timing ---------------------------------------------------------------------------------

def anchor_day() -> date:
    """The day of setup in Seoul: the data covers the 90 days before it."""
    from django.utils import timezone

    from apps.events.models import Event
    from apps.insights.summaries import SEOUL

    created = (Event.objects.filter(slug__startswith=SLUG_PREFIX)
               .order_by("-created_at").values_list("created_at", flat=True).first())
    return timezone.localtime(created, SEOUL).date()


def cpu_snapshot(db_name: str) -> dict[str, float] | None:
    """CPU seconds so far: the machine (busy, total), PostgreSQL (its own processes, the
    backends of the bench database, and exited children: parallel query workers, also the
    closed connections of other databases) and this script. The rest is "other processes":
    another job on the machine, which makes the timings noisy."""
    try:
        hz = os.sysconf("SC_CLK_TCK")
        with open("/proc/stat") as f:
            ticks = [int(v) for v in f.readline().split()[1:]]
        snap = {"total": sum(ticks) / hz, "idle": (ticks[3] + ticks[4]) / hz,
                "script": sum(os.times()[:2]), "postgres": 0.0}
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/stat") as f:
                    stat = f.read()
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            comm = stat[stat.index("(") + 1:stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2:].split()
            if comm.startswith(("postgres", "postmaster")):
                backend = "(" in cmdline or "[local]" in cmdline
                if not backend or f" {db_name} " in cmdline:
                    # + cutime/cstime: children that exited (parallel query workers, and
                    # the backends of closed connections of any database)
                    snap["postgres"] += sum(int(v) for v in fields[11:15]) / hz
        return snap
    except (OSError, ValueError, IndexError):
        return None


def cpu_shares(before: dict | None, after: dict | None) -> dict[str, float]:
    if not before or not after or after["total"] <= before["total"]:
        return {}
    total = after["total"] - before["total"]
    busy = total - (after["idle"] - before["idle"])
    shares = {g: max(after[g] - before[g], 0.0) / total for g in ("postgres", "script")}
    shares["other"] = max(busy / total - shares["postgres"] - shares["script"], 0.0)
    return {k: round(v, 3) for k, v in shares.items()}


def time_case(label: str, repeat: int, explain: bool, **kwargs) -> dict:
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.insights.summaries import summaries_compute

    seconds, queries, rows_written = [], 0, 0
    slowest: list[dict] = []
    cpu_before = cpu_snapshot(settings.DATABASES["default"]["NAME"])
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            rows_written = summaries_compute(**kwargs)
            seconds.append(time.perf_counter() - t0)
        queries = len(ctx.captured_queries)
        slowest = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:3]
    shares = cpu_shares(cpu_before, cpu_snapshot(settings.DATABASES["default"]["NAME"]))
    result = {"case": label, "seconds": [round(s, 4) for s in seconds],
              "min": min(seconds), "median": statistics.median(seconds),
              "queries": queries, "summary_rows": rows_written,
              "slowest": [{"seconds": float(q["time"]), "sql": q["sql"]} for q in slowest],
              "cpu": shares}
    noisy = shares.get("other", 0) > 0.1
    print(f"{label}: min {result['min']:.3f} s, median {result['median']:.3f} s "
          f"(runs: {', '.join(f'{s:.3f}' for s in seconds)}); {queries} queries, "
          f"{rows_written} summary rows")
    if shares:
        print(f"    CPU of the machine: PostgreSQL {shares['postgres']:.0%}, this script "
              f"{shares['script']:.0%}, other processes {shares['other']:.0%}"
              + ("  <- another job loaded the machine: figures are noisy" if noisy else ""))
    for q in result["slowest"]:
        print(f"    {q['seconds']:.3f} s  {shorten(q['sql'])}")
    if explain and slowest:
        with connection.cursor() as cur:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest[0]["sql"])
            print("    EXPLAIN of the slowest:\n" + "\n".join(
                "      " + row[0] for row in cur.fetchall()))
    return result


def shorten(sql: str, width: int = 150) -> str:
    import re

    sql = re.sub(r'"[a-z_]+"\."([a-z_]+)"', r"\1", sql)  # "table"."column" -> column
    return sql if len(sql) <= width else sql[:width - 1] + "…"


def run(args: argparse.Namespace) -> dict:
    from django.conf import settings
    from django.db import connection

    from apps.events.models import Event, Registration
    from apps.feedback.models import Feedback
    from apps.insights.models import ParticipationSummary

    end = anchor_day()
    day, period = (end - timedelta(days=1), end), (end - timedelta(days=90), end)
    bench_events = list(Event.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug"))
    one = bench_events[len(bench_events) * 3 // 4]  # a recent event: rows in both periods
    scopes = Event.objects.exclude(status=Event.Status.DRAFT).count() + 1 + 4
    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        pg_version = cur.fetchone()[0]
        cur.execute("SELECT current_setting('work_mem'), current_setting('shared_buffers'), "
                    "current_setting('max_parallel_workers_per_gather')")
        work_mem, shared_buffers, parallel = cur.fetchone()
    print(f"machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}; PostgreSQL "
          f"{pg_version} (db {settings.DATABASES['default']['NAME']}; work_mem {work_mem}, "
          f"shared_buffers {shared_buffers}, parallel workers per gather {parallel})")
    feedback_rows = Feedback.objects.count()
    print(f"data: {Registration.objects.count()} registrations in the database "
          f"({Registration.objects.filter(event__in=bench_events).count()} in "
          f"{len(bench_events)} bench events), {feedback_rows} feedback rows "
          f"({Feedback.objects.filter(event__isnull=True).count()} general, "
          f"{Feedback.objects.filter(status=Feedback.Status.HIDDEN).count()} hidden), "
          f"{scopes} scopes for 'all' (each published event, 4 axes, everything)")
    print(f"periods: one day {day[0]}..{day[1]}, 90 days {period[0]}..{period[1]} "
          f"(end exclusive); one event: {one.slug} ({one.registrations.count()} registrations, "
          f"{one.feedback.count()} feedback rows)")
    print()

    before = ParticipationSummary.objects.order_by("-pk").values_list("pk", flat=True).first()
    results = []
    try:
        for label, kwargs, target in (
            ("one event, one day", {"start": day[0], "end": day[1], "event": one},
             TARGET_ONE_SECONDS),
            ("one event, 90 days", {"start": period[0], "end": period[1], "event": one},
             TARGET_ONE_SECONDS),
            ("all scopes, one day", {"start": day[0], "end": day[1]}, TARGET_ALL_SECONDS),
            ("all scopes, 90 days", {"start": period[0], "end": period[1]},
             TARGET_ALL_SECONDS),
        ):
            result = time_case(label, args.repeat, args.explain, **kwargs)
            result["target"] = target
            results.append(result)
    finally:
        # The rows these runs wrote (not those that were there before) are not kept.
        ParticipationSummary.objects.filter(pk__gt=before or 0).delete()

    print()
    for r in results:
        met = "met" if r["median"] <= r["target"] else "NOT met"
        print(f"target {r['case']}: <= {r['target']:g} s: {met} (median {r['median']:.3f} s, "
              f"min {r['min']:.3f} s)")
    return {"cores": os.cpu_count(), "postgresql": pg_version,
            "registrations": args.registrations, "events": len(bench_events),
            "scopes": scopes, "feedback_rows": feedback_rows, "cases": results}


def main(argv: list[str] | None = None) -> int:
    sys.stdout.reconfigure(line_buffering=True)
    args = parse_args(argv)
    django_setup()
    from django.db import connection

    if args.teardown:
        teardown()
        return 0
    with connection.cursor() as cur:
        events, users, registrations, feedback = present(cur)
    want = (args.events, args.users, args.per_event * args.events)
    if args.setup:
        if (events, users, registrations) == want and feedback == args.feedback:
            print(f"setup: reusing {events} events, {users} users, {registrations} "
                  f"registrations, {feedback} feedback rows already there")
        elif (events, users, registrations) == want:
            print(f"setup: replacing {feedback} bench feedback rows by {args.feedback} …")
            replace_feedback(args)
        else:
            if events or users:
                print(f"setup: replacing {events} events, {users} users, {registrations} "
                      "registrations of another size")
                teardown()
            print(f"setup: {want[0]} events, {want[1]} users, {want[2]} registrations, "
                  f"{args.feedback} feedback rows …")
            build(args)
        if args.setup_only:
            return 0
    elif not registrations:
        fail("no bench data in this database: run with --setup first")
    result = run(args)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
