#!/usr/bin/env python
"""Delivery benchmark: N reminder emails through ONE real Celery worker to a local SMTP sink
(issue 5, "Proof": 10,000 reminders, target >= 200 messages/s).

On PostgreSQL and Redis, it

1. creates, through the Django ORM (DJANGO_SETTINGS_MODULE and DATABASE_URL from the
   environment), one published event starting in 24 hours and `--count` users with confirmed
   registrations, their preferred languages spread over ko / en / zh-hans / ja / vi (each
   registration's message language is its user's), the event's title translated in all five;
2. starts an SMTP sink (aiosmtpd, in a child process, on a free port of 127.0.0.1) that counts
   the messages and keeps their envelope recipient and top-level headers;
3. starts ONE `celery -A config worker -Q mail -c <--concurrency>` subprocess with the same
   settings, `EMAIL_URL=smtp://127.0.0.1:<port>` and a Redis database of the bench's own
   (`--redis-db`, default 14) as broker and cache; this script publishes to the same database;
4. calls `apps.events.services.reminders_send_due(now=…)`, which records one outbox row per
   confirmed registration (`notify_many()`, 500 rows per transaction) and, on each commit,
   publishes their delivery in batches of 50 rows (`notifications.deliver_batch`), and
   waits until the sink has received N messages (`--timeout`).

It prints the rows recorded per second (the reminders_send_due call alone), the messages
delivered per second end to end (from the start of that call to the N-th message at the
sink), p50/p95 of sent_at - created_at of the outbox rows, the CPU each part used (worker,
PostgreSQL, Redis, sink, this script), and checks that every row is `sent`, that the sink got
exactly N messages for N distinct recipients (no duplicates, none missing), and that each
message's Content-Language is its recipient's language (with a sample subject per language).

Exit status: 0 when every check holds, 1 when one fails, 2 for a usage or setup error. The
timing target (200 messages/s) is printed, never enforced.

The script refuses to run if another event in the database is due for reminders (its people
would get a reminder through the sink). Unless --keep is given, the bench event, users,
registrations and outbox rows are deleted at the end, also after an error or Ctrl-C, and the
worker and sink are stopped; the bench's Redis queues are emptied. See bench/README.md and
docs/performance.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import common
from common import ROOT, fail, redis_url_on_loopback

TARGET_PER_SECOND = 200  # issue 5: reminder emails per second with one worker
LANGUAGES = ("ko", "en", "zh-hans", "ja", "vi")
SLUG_PREFIX = "bench-notify-"
WORKER_NAME = "bench@localhost"
TITLES = {  # the event title in each language, so each subject shows its language
    "ko": "강남 글로벌 벤치마크",
    "en": "Gangnam Global benchmark event",
    "zh_hans": "江南全球基准活动",
    "ja": "江南グローバル ベンチマーク行事",
    "vi": "Sự kiện đo hiệu năng Gangnam Global",
}

def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="N reminder emails through one Celery worker to a local SMTP sink; prints "
        "rows recorded/s, messages delivered/s, outbox latency and the exactly-once checks.",
    )
    p.add_argument("--count", type=int, default=10_000,
                   help="confirmed registrations, hence reminders (default %(default)s)")
    p.add_argument("--concurrency", type=int, default=2,
                   help="worker processes of the one Celery worker, -c (default %(default)s)")
    p.add_argument("--redis-db", type=int, default=14,
                   help="Redis database (host of REDIS_URL, else 127.0.0.1:6379) for the broker "
                   "and cache of this script and its worker (default %(default)s)")
    p.add_argument("--loglevel", default="INFO",
                   help="worker log level; INFO (default) is what docker-compose runs and logs "
                   "two lines per task")
    p.add_argument("--timeout", type=float, default=600.0,
                   help="seconds to wait for the N-th message at the sink (default %(default)s)")
    p.add_argument("--worker-log", default="",
                   help="worker output (default: a temp file, deleted at the end unless it "
                   "has errors)")
    p.add_argument("--json", default="", help="also write the figures and checks to this path")
    p.add_argument("--keep", action="store_true",
                   help="keep the bench event, users, registrations and outbox rows")
    p.add_argument("--teardown", action="store_true",
                   help=f"only delete what earlier runs kept (events {SLUG_PREFIX}*, their "
                   "users, registrations and outbox rows), then exit")
    args = p.parse_args(argv)
    if args.count < 1 or args.concurrency < 1:
        p.error("--count and --concurrency must be >= 1")
    return args


# --- Environment ----------------------------------------------------------------------------

def bench_redis_url(db: int) -> str:
    return redis_url_on_loopback(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
                                 db=db)


def django_setup(redis_url: str) -> None:
    # Publish to the bench's own Redis database, which only our worker consumes.
    for name in ("CELERY_RESULT_BACKEND", "CELERY_TASK_ALWAYS_EAGER"):
        os.environ.pop(name, None)
    common.django_setup(
        postgres_because="delivery locks rows with SELECT … FOR UPDATE SKIP LOCKED",
        environ={"REDIS_URL": redis_url, "CELERY_BROKER_URL": redis_url})
    from django.conf import settings

    if settings.CELERY_TASK_ALWAYS_EAGER:
        fail("Celery is in eager mode: the delivery must go through the broker")


def database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    return (f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}")


# --- Data (Django ORM) ----------------------------------------------------------------------

def other_due_events(now) -> list[tuple[str, int]]:
    """Events other than the bench's that reminders_send_due(now) would also process, with
    their confirmed registrations: their people would get a reminder through the sink."""
    from datetime import timedelta

    from django.db.models import Count, Q

    from apps.events.models import Event
    from apps.events.services import MAX_REMINDER_HOURS

    upcoming = (
        Event.objects.filter(status=Event.Status.PUBLISHED, starts_at__gt=now,
                             starts_at__lte=now + timedelta(hours=MAX_REMINDER_HOURS),
                             reminder_hours_before__isnull=False)
        .annotate(n=Count("registrations", filter=Q(registrations__status="confirmed")))
    )
    return [(e.slug, e.n) for e in upcoming
            if e.starts_at <= now + timedelta(hours=e.reminder_hours_before) and e.n]


def create_data(*, count: int) -> dict:
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.events.models import Event, Registration, new_ticket_code

    unusable = make_password(None)
    run = f"{int(time.time())}-{os.getpid()}"
    slug = f"{SLUG_PREFIX}{run}"
    now = timezone.now()
    starts = now + timedelta(hours=24)
    with transaction.atomic():
        event = Event.objects.create(
            slug=slug, axis="tech", starts_at=starts, ends_at=starts + timedelta(hours=2),
            capacity=None, status=Event.Status.PUBLISHED, reminder_hours_before=48,
            venue_name="Gangnam-gu Office", title=TITLES["ko"],
            **{f"title_{code}": title for code, title in TITLES.items()},
        )
        people = User.objects.bulk_create(
            [User(email=f"{slug}-{i:06d}@bench.invalid", password=unusable,
                  preferred_language=LANGUAGES[i % len(LANGUAGES)])
             for i in range(count)],
            batch_size=2000,
        )
        Registration.objects.bulk_create(
            [Registration(event=event, user=u, status=Registration.Status.CONFIRMED,
                          language=u.preferred_language, privacy_consent_at=now,
                          ticket_code=new_ticket_code())
             for u in people],
            batch_size=2000,
        )
    return {"slug": slug, "event_id": event.pk, "user_ids": [u.pk for u in people],
            "languages": {u.email: u.preferred_language for u in people}}


def delete_data(*, event_ids: list[int], email_prefixes: list[str]) -> tuple[int, int]:
    """Outbox rows, registrations, users and events of bench runs. Returns (events, users)."""
    from django.db import transaction
    from django.db.models import Q

    from apps.accounts.models import User
    from apps.events.models import Event, Registration
    from apps.notifications.models import Notification

    people = Q()
    for prefix in email_prefixes:
        people |= Q(email__startswith=prefix)
    with transaction.atomic():
        users = User.objects.filter(people) if email_prefixes else User.objects.none()
        Notification.objects.filter(recipient__in=users).delete()
        Registration.objects.filter(event_id__in=event_ids).delete()
        _, removed = users.delete()
        n_events, _ = Event.objects.filter(pk__in=event_ids).delete()
    return n_events, removed.get("accounts.User", 0)


def other_db_sessions() -> int:
    """Sessions of other clients on the bench database (none of ours is open when this is
    called): PostgreSQL's CPU figure counts every backend of that database, theirs too."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        return cur.fetchone()[0]


def teardown() -> int:
    from apps.events.models import Event

    slugs = dict(Event.objects.filter(slug__startswith=SLUG_PREFIX).values_list("pk", "slug"))
    events, users = delete_data(event_ids=list(slugs),
                                email_prefixes=[f"{s}-" for s in slugs.values()])
    print(f"teardown: deleted {events} bench events and {users} bench users")
    return 0


# --- SMTP sink (a child process, so it never competes with this one for the GIL) -----------

def sink_main(port: int, conn, count, last_at) -> None:  # runs in the child
    from aiosmtpd.controller import Controller

    class Handler:
        def __init__(self) -> None:
            self.items: list[tuple[tuple[str, ...], bytes]] = []

        async def handle_DATA(self, server, session, envelope):
            head = envelope.original_content or envelope.content or b""
            # Top-level headers only (Subject, Content-Language …); the bodies are not needed.
            self.items.append((tuple(envelope.rcpt_tos),
                               head.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]))
            with count.get_lock():
                count.value += 1
                last_at.value = time.time()
            return "250 OK"

    handler = Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    conn.send("ready")
    with contextlib.suppress(EOFError):
        conn.recv()  # "stop", or EOF when the parent is gone
    controller.stop()
    with contextlib.suppress(BrokenPipeError, OSError):
        conn.send(handler.items)


class Sink:
    def __init__(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.port = free_port()
        self.count = ctx.Value("q", 0)
        self.last_at = ctx.Value("d", 0.0)
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=sink_main, name="bench-smtp-sink",
                                args=(self.port, child, self.count, self.last_at), daemon=True)
        self.proc.start()
        if not self.conn.poll(30) or self.conn.recv() != "ready":
            self.proc.kill()
            fail("the SMTP sink did not start within 30 s")
        self.items: list[tuple[tuple[str, ...], bytes]] = []

    @property
    def received(self) -> int:
        return self.count.value

    def stop(self) -> None:
        if not self.proc.is_alive():
            return
        with contextlib.suppress(BrokenPipeError, OSError):
            self.conn.send("stop")
            if self.conn.poll(30):
                self.items = self.conn.recv()
        self.proc.join(timeout=10)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(timeout=5)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- Celery worker --------------------------------------------------------------------------

def start_worker(args: argparse.Namespace, *, sink_port: int) -> tuple[subprocess.Popen, str]:
    from config.celery import app

    cmd = [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", "mail",
           "-c", str(args.concurrency), "--without-gossip", "--without-mingle",
           "-n", WORKER_NAME, "--loglevel", args.loglevel]
    env = {**os.environ,
           "EMAIL_URL": f"smtp://127.0.0.1:{sink_port}",
           "REDIS_URL": args.redis_url, "CELERY_BROKER_URL": args.redis_url,
           "DATABASE_URL": database_url()}
    for key in ("CELERY_RESULT_BACKEND", "CELERY_TASK_ALWAYS_EAGER", "EMAIL_BACKEND"):
        env.pop(key, None)
    log_path = args.worker_log or tempfile.mkstemp(prefix="bench-worker-", suffix=".log")[1]
    log = open(log_path, "w")  # noqa: SIM115 - handed to the child, closed with it
    print(f"worker: celery -A config worker -Q mail -c {args.concurrency} -n {WORKER_NAME} "
          f"(log: {log_path}); broker {args.redis_url}; mail to 127.0.0.1:{sink_port}")
    proc = subprocess.Popen(  # noqa: S603 - fixed argv, our own interpreter
        cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    log.close()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            fail(f"the worker exited with {proc.returncode}; see {log_path}")
        if app.control.ping(destination=[WORKER_NAME], timeout=1.0):
            return proc, log_path
    stop_worker(proc)
    fail(f"the worker did not answer a ping within 60 s; see {log_path}")


def stop_worker(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)  # warm shutdown: finishes the tasks it has started
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # its own session: the worker and its children
        proc.wait(timeout=10)


def purge_bench_queues(url: str) -> int:
    """Deletes the Celery queues (with kombu's priority sub-queues) in the bench's own Redis
    database. Returns the number of messages removed."""
    import redis

    from config.celery import QUEUES

    client = redis.Redis.from_url(url, socket_timeout=2)
    removed = 0
    for name in QUEUES:
        for key in [name, *(f"{name}\x06\x16{p}" for p in (3, 6, 9))]:
            if client.type(key) == b"list":
                removed += client.llen(key)
                client.delete(key)
    return removed


# --- CPU accounting (Linux /proc; silently absent elsewhere) --------------------------------

def cpu_snapshot(*, db_name: str, worker_pid: int, sink_pid: int) -> dict[str, float] | None:
    """CPU seconds so far of the machine (busy, total) and of each part: the worker (its main
    process and pool children), PostgreSQL (its own processes, the backends of the bench
    database, and backends that exited), redis-server, the sink and this script. The rest is
    "other processes". Also the number of sessions (connections) the bench database has had."""
    try:
        hz = os.sysconf("SC_CLK_TCK")
        with open("/proc/stat") as f:
            ticks = [int(v) for v in f.readline().split()[1:]]
        snap = {"machine_total": sum(ticks) / hz, "machine_idle": (ticks[3] + ticks[4]) / hz,
                "script": sum(os.times()[:2])}
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
            ppid, used = int(fields[1]), (int(fields[11]) + int(fields[12])) / hz
            # Children that exited and were reaped (cutime + cstime): the PostgreSQL backends
            # of connections that closed (the postmaster's, whatever their database) and
            # replaced pool processes (the worker's).
            reaped = (int(fields[13]) + int(fields[14])) / hz
            group = None
            if worker_pid in (int(pid), ppid):
                group = "worker"
            elif int(pid) == sink_pid:
                group = "sink"
            elif comm.startswith(("postgres", "postmaster")):
                backend = "(" in cmdline or "[local]" in cmdline
                if not backend or f" {db_name} " in cmdline:
                    group = "postgres"
            elif comm.startswith("redis-server"):
                group = "redis"
            if group:
                snap[group] = snap.get(group, 0.0) + used
                if group in ("worker", "postgres"):
                    snap[group] += reaped
        with contextlib.suppress(Exception):
            from django.db import connection

            with connection.cursor() as cur:  # new connections = backends started
                cur.execute("SELECT sessions FROM pg_stat_database WHERE datname = %s",
                            [db_name])
                snap["sessions"] = cur.fetchone()[0]
        return snap
    except (OSError, ValueError, IndexError):
        return None


CPU_GROUPS = ("worker", "postgres", "redis", "sink", "script")


def cpu_report(before: dict | None, after: dict | None, n: int) -> tuple[str, dict]:
    if not before or not after or after["machine_total"] <= before["machine_total"]:
        return "", {}
    total = after["machine_total"] - before["machine_total"]
    busy = total - (after["machine_idle"] - before["machine_idle"])
    figures, ours = {}, 0.0
    for group in CPU_GROUPS:
        used = max(after.get(group, 0.0) - before.get(group, 0.0), 0.0)
        ours += used
        figures[f"{group}_ms_per_message"] = round(used / n * 1000, 2)
    other = max(busy - ours, 0.0)
    figures["machine_busy"] = round(busy / total, 3)
    figures["other_processes"] = round(other / total, 3)
    warn = "  <- another job loaded the machine: figures are noisy" if other > 0.1 * total else ""
    sessions = ""
    if "sessions" in before and "sessions" in after:
        figures["db_connections"] = after["sessions"] - before["sessions"]
        sessions = (f"\n  PostgreSQL connections opened: {figures['db_connections']} "
                    f"({figures['db_connections'] / n:.2f} per message)")
    text = (f"  CPU: machine busy {busy / total:.0%}, other processes {other / total:.0%}{warn}\n"
            "  CPU ms per message: " + ", ".join(
                f"{g} {figures[f'{g}_ms_per_message']:.2f}" for g in CPU_GROUPS)) + sessions
    return text, figures


# --- Run ------------------------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(args: argparse.Namespace, state: dict, sink: Sink, worker: subprocess.Popen) -> dict:
    from django.conf import settings
    from django.utils import timezone

    from apps.events.services import reminders_send_due

    n = len(state["user_ids"])
    db_name = settings.DATABASES["default"]["NAME"]
    cpu_before = cpu_snapshot(db_name=db_name, worker_pid=worker.pid, sink_pid=sink.proc.pid)
    now = timezone.now()
    t0_wall, t0 = time.time(), time.perf_counter()
    considered = reminders_send_due(now=now)
    record_seconds = time.perf_counter() - t0
    at_record_end = sink.received
    deadline = time.monotonic() + args.timeout
    last_progress, last_count = time.monotonic(), -1
    while sink.received < n and time.monotonic() < deadline:
        if worker.poll() is not None:
            print(f"the worker exited with {worker.returncode} during the run")
            break
        if sink.received != last_count:
            last_count, last_progress = sink.received, time.monotonic()
        elif time.monotonic() - last_progress > 60:
            print(f"no message for 60 s at {last_count}/{n}: giving up")
            break
        time.sleep(0.02)
    reached = sink.received >= n
    end_seconds = (sink.last_at.value - t0_wall) if sink.last_at.value else float("nan")
    cpu_after = cpu_snapshot(db_name=db_name, worker_pid=worker.pid, sink_pid=sink.proc.pid)
    cpu_text, cpu_ms = cpu_report(cpu_before, cpu_after, max(sink.received, 1))
    return {"n": n, "considered": considered, "record_seconds": record_seconds,
            "at_record_end": at_record_end, "reached": reached, "end_seconds": end_seconds,
            "cpu_text": cpu_text, "cpu": cpu_ms}


def wait_rows_settled(state: dict, seconds: float = 30.0) -> None:
    """The sink counts a message before the worker commits `sent`: wait for the last commits,
    then a little longer, so a late duplicate would still show at the sink."""
    from apps.notifications.models import Notification

    deadline = time.monotonic() + seconds
    rows = Notification.objects.filter(recipient_id__in=state["user_ids"], kind="event.reminder")
    while time.monotonic() < deadline and rows.filter(status="pending").exists():
        time.sleep(0.2)
    time.sleep(2)


def report(args: argparse.Namespace, state: dict, sink: Sink, result: dict) -> int:
    from email import policy
    from email.parser import BytesHeaderParser

    from django.db.models import Count

    from apps.notifications.models import Notification

    n = result["n"]
    rows = Notification.objects.filter(recipient_id__in=state["user_ids"], kind="event.reminder")
    recorded = rows.count()
    by_status = dict(rows.order_by().values_list("status").annotate(c=Count("pk")))
    latencies = [(s - c).total_seconds() for c, s in
                 rows.filter(sent_at__isnull=False).values_list("created_at", "sent_at")]
    record_rate = recorded / result["record_seconds"] if result["record_seconds"] else 0.0
    end = result["end_seconds"]
    delivered = sink.received
    rate = delivered / end if end and end > 0 else 0.0
    after_record = end - result["record_seconds"]
    tail_rate = ((delivered - result["at_record_end"]) / after_record
                 if after_record > 0 else float("nan"))

    print()
    print(f"recording: reminders_send_due considered {result['considered']} registrations, "
          f"recorded {recorded} outbox rows in {result['record_seconds']:.2f} s = "
          f"{record_rate:.1f} rows/s (delivery queued in batches on each commit)")
    print(f"  messages already at the sink when recording ended: {result['at_record_end']}")
    print(f"delivery: {delivered} messages at the sink, the last {end:.2f} s after the start "
          f"of reminders_send_due = {rate:.1f} messages/s end to end"
          + ("" if result["reached"] else f"  (TIMEOUT or stall: fewer than {n})"))
    print(f"  after recording ended: {delivered - result['at_record_end']} messages in "
          f"{after_record:.2f} s = {tail_rate:.1f} messages/s (the worker alone)")
    print(f"outbox latency sent_at - created_at: p50 {percentile(latencies, 0.5):.2f} s, "
          f"p95 {percentile(latencies, 0.95):.2f} s, max "
          f"{max(latencies, default=float('nan')):.2f} s")
    if result["cpu_text"]:
        print(result["cpu_text"])
    if state.get("other_sessions"):
        print(f"  {state['other_sessions']} sessions of other clients were open on the bench "
              "database at the start or the end: PostgreSQL's CPU above includes theirs")
    met = "met" if rate >= TARGET_PER_SECOND else "NOT met"
    print(f"target >= {TARGET_PER_SECOND} messages/s with one worker: {met} ({rate:.1f}/s, "
          f"-c {args.concurrency}, {os.cpu_count()} cores)")

    parser = BytesHeaderParser(policy=policy.default)
    recipients: list[str] = []
    languages: Counter = Counter()
    samples: dict[str, str] = {}
    mismatched = 0
    for rcpts, head in sink.items:
        recipients.extend(rcpts)
        headers = parser.parsebytes(head)
        language = str(headers.get("Content-Language", ""))
        languages[language] += 1
        samples.setdefault(language, str(headers.get("Subject", "")).strip())
        if any(state["languages"].get(r) != language for r in rcpts):
            mismatched += 1
    distinct = set(recipients)
    print(f"\noutbox rows by status: {dict(sorted(by_status.items()))}")
    print(f"sink: {delivered} messages, {len(recipients)} recipients, {len(distinct)} distinct; "
          f"by Content-Language: {dict(sorted(languages.items()))}")
    for language in LANGUAGES:
        if language in samples:
            print(f"  subject [{language}]: {samples[language]}")
    checks = [
        (f"{recorded} outbox rows recorded == N = {n}", recorded == n),
        (f"every row is sent: {dict(by_status)}", by_status == {"sent": n}),
        (f"the sink received exactly N messages: {delivered} == {n}", delivered == n),
        (f"distinct recipients == N: {len(distinct)} == {n}, all bench users",
         len(distinct) == n and distinct <= set(state["languages"])),
        (f"each message's Content-Language is its recipient's language ({mismatched} not)",
         mismatched == 0 and len(sink.items) == delivered),
        ("the N-th message arrived before the timeout", result["reached"]),
    ]
    exit_code = 0
    for label, ok in checks:
        print(f"  [{'ok' if ok else 'FAIL'}] {label}")
        exit_code |= 0 if ok else 1
    print("result: " + ("every check holds" if exit_code == 0 else "CHECK FAILED (see above)"))
    if args.json:
        Path(args.json).write_text(json.dumps({
            "count": n, "concurrency": args.concurrency, "cores": os.cpu_count(),
            "record_seconds": round(result["record_seconds"], 3),
            "rows_per_second": round(record_rate, 1),
            "end_to_end_seconds": round(end, 3), "messages_per_second": round(rate, 1),
            "worker_alone_messages_per_second": round(tail_rate, 1),
            "latency_p50_s": round(percentile(latencies, 0.5), 3),
            "latency_p95_s": round(percentile(latencies, 0.95), 3),
            "by_status": by_status, "languages": dict(languages), "cpu": result["cpu"],
            "other_db_sessions": state.get("other_sessions", 0),
            "checks": [{"check": c, "ok": ok} for c, ok in checks], "ok": exit_code == 0,
        }, indent=2, ensure_ascii=False))
    return exit_code


def main(argv: list[str] | None = None) -> int:
    sys.stdout.reconfigure(line_buffering=True)  # progress shows when redirected to a file
    args = parse_args(argv)
    args.redis_url = bench_redis_url(args.redis_db)
    django_setup(args.redis_url)
    if args.teardown:
        return teardown()
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from config.celery import app

    clash = other_due_events(timezone.now())
    if clash:
        fail("other events are due for reminders and their people would get one through the "
             "sink: " + ", ".join(f"{slug} ({n} confirmed)" for slug, n in clash)
             + ". Use a database of the bench's own (leftovers of --keep: --teardown).")
    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        pg_version = cur.fetchone()[0]
    db = settings.DATABASES["default"]
    print(f"machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}; PostgreSQL "
          f"{pg_version} (db {db['NAME']}); settings {os.environ['DJANGO_SETTINGS_MODULE']}; "
          f"broker {args.redis_url}")

    state: dict | None = None
    sink: Sink | None = None
    worker: subprocess.Popen | None = None
    log_path = ""
    errors: list[str] = []
    if app.control.ping(destination=[WORKER_NAME], timeout=1.0):
        fail(f"a worker named {WORKER_NAME} already listens on {args.redis_url}: another run of "
             "this benchmark? Wait for it, or use another --redis-db.")
    try:
        purged = purge_bench_queues(args.redis_url)
        if purged:
            print(f"removed {purged} stale messages from {args.redis_url}")
        t0 = time.perf_counter()
        state = create_data(count=args.count)
        print(f"setup: event {state['slug']} starting in 24 h, {args.count} users with "
              f"confirmed registrations ({', '.join(LANGUAGES)} in turn) in "
              f"{time.perf_counter() - t0:.1f} s")
        state["other_sessions"] = other_db_sessions()
        sink = Sink()
        print(f"sink: aiosmtpd on 127.0.0.1:{sink.port} (pid {sink.proc.pid})")
        worker, log_path = start_worker(args, sink_port=sink.port)
        result = run(args, state, sink, worker)
        wait_rows_settled(state)
        stop_worker(worker)
        sink.stop()
        time.sleep(0.5)  # the worker's own backends end once its processes have exited
        state["other_sessions"] = max(state["other_sessions"], other_db_sessions())
        return report(args, state, sink, result)
    finally:
        # Also after an error or Ctrl-C: nothing of the bench stays behind unless --keep.
        if worker is not None:
            stop_worker(worker)
            errors = [line for line in Path(log_path).read_text(errors="replace").splitlines()
                      if "ERROR" in line or "Traceback" in line]
            if errors:
                print(f"worker log has {len(errors)} error lines (kept: {log_path}), first: "
                      f"{errors[0][:200]}")
        if sink is not None:
            sink.stop()
        with contextlib.suppress(Exception):
            removed = purge_bench_queues(args.redis_url)
            if removed:
                print(f"removed {removed} queued messages from {args.redis_url}")
        if state is not None and not args.keep:
            delete_data(event_ids=[state["event_id"]], email_prefixes=[f"{state['slug']}-"])
        if worker is not None and not args.worker_log and not errors:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(log_path)


if __name__ == "__main__":
    sys.exit(main())
