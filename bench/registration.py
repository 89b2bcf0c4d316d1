#!/usr/bin/env python
"""Load benchmark: N concurrent API registrations into ONE event (issue 3, "Proof").

Against a running server (Granian, config/server.py) + PostgreSQL, it

1. (--setup) creates a published event with `--capacity` seats and `--users` users with API
   tokens, directly through the Django ORM (DJANGO_SETTINGS_MODULE and DATABASE_URL from the
   environment);
2. fires one `POST /api/v1/events/{slug}/registrations/` per user, `--concurrency` at a time
   (one `http.client` connection per thread, kept alive as the server allows), and prints
   registrations/s, p50/p95 latency, the status codes and the CPU used by the server,
   PostgreSQL, Redis, this client and the rest
   of the machine;
3. fires the same number of `GET /healthz` with the same concurrency and prints its req/s and
   the ratio registrations/s ÷ healthz req/s (the fraction of the bare request rate of this
   machine and server that a registration reaches);
4. reads the event's rows from the database and checks that nothing is overbooked:
   confirmed + attended <= capacity, confirmed == min(capacity, N), waitlisted == N - capacity,
   one row per user, the waiting list after every confirmed seat in time, and the waiting-list
   positions returned by the API exactly 1..N - capacity.

Exit status: 0 when every check holds, 1 when one fails (overbooking among them), 2 for a
usage or setup error. The timing target (300 registrations/s on 2 cores) is printed, never
enforced: a slow machine is not a failure, an overbooked event is.

Bounded: every request has a timeout, the whole run has a deadline (--deadline), and only
127.0.0.1 / localhost is ever targeted. --start-server launches the server itself on the port of
--base-url and stops it at the end. Unless --keep is given, the bench event, users, tokens and
registrations (and their outbox rows) are deleted at the end. The server it starts uses a
Redis database of its own (--redis-db) for cache and broker, whose queued delivery messages are
deleted at the end too. See bench/README.md and docs/performance.md.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import common
from common import LOOPBACK, ROOT, fail, redis_url_on_loopback

TARGET_PER_SECOND = 300  # issue 3: registrations/s into one event on a 2-core machine

def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="N concurrent API registrations into one event; prints registrations/s, "
        "the same run's /healthz req/s, their ratio, and the overbooking check.",
    )
    p.add_argument("--base-url", default="http://127.0.0.1:8100",
                   help="server to load; loopback only (default %(default)s)")
    p.add_argument("--users", type=int, default=None,
                   help="registrations to fire, one per user (default 2000)")
    p.add_argument("--capacity", type=int, default=500, help="seats of the bench event")
    p.add_argument("--concurrency", type=int, default=64, help="requests in flight")
    p.add_argument("--setup", action="store_true",
                   help="create the event, users and tokens (ORM), write them to --state-file, "
                   "then run; without it, run on the state file of an earlier --setup-only")
    p.add_argument("--setup-only", action="store_true",
                   help="with --setup: create the data, write the state file and stop")
    p.add_argument("--state-file", default="",
                   help="JSON with the event slug and tokens (default: a new temp file)")
    p.add_argument("--start-server", action="store_true",
                   help="launch the server (python -m config.server) on the port of --base-url "
                   "and stop it at the end")
    p.add_argument("--workers", type=int, default=None,
                   help="server processes with --start-server (default: the deployment's, "
                   "config/server.py: one per CPU unless WEB_CONCURRENCY is set)")
    p.add_argument("--threads", type=int, default=None,
                   help="threads per server process (default: config/server.py's, 2)")
    p.add_argument("--redis-db", type=int, default=15,
                   help="with --start-server: the Redis database (same host as REDIS_URL) for the "
                   "server's cache and Celery broker, so the delivery messages it queues stay "
                   "out of everyone else's queues; they are deleted at the end "
                   "(default %(default)s)")
    p.add_argument("--server-log", default="",
                   help="server output with --start-server (default: a temp file)")
    p.add_argument("--warmup", type=int, default=200,
                   help="authenticated GET /api/v1/registrations/ (plus as many /healthz) "
                   "before timing, so every worker has its code loaded and its database "
                   "connection open; 0 skips (default %(default)s)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    p.add_argument("--deadline", type=float, default=600.0,
                   help="seconds for the whole run; requests not sent by then are skipped")
    p.add_argument("--json", default="",
                   help="also write the figures and checks as JSON to this path")
    p.add_argument("--keep", action="store_true",
                   help="keep the bench event, users and registrations in the database")
    args = p.parse_args(argv)
    if args.users is not None and not args.setup and args.state_file:
        print("note: --users is ignored with --state-file: the users are those of the file")
    args.users = 2000 if args.users is None else args.users
    if args.users < 1 or args.capacity < 0 or args.concurrency < 1:
        p.error("--users and --concurrency must be >= 1, --capacity >= 0")
    if args.setup_only and not args.setup:
        p.error("--setup-only needs --setup")
    if not args.setup and not args.state_file:
        p.error("give --setup (create data and run) or --state-file of an earlier --setup-only")
    url = urlsplit(args.base_url)
    if url.scheme != "http" or url.hostname not in LOOPBACK:
        p.error("--base-url must be http:// on 127.0.0.1, localhost or ::1")
    args.host = url.hostname
    args.port = url.port or 80
    args.prefix = url.path.rstrip("/")
    return args


# --- Database side (Django ORM) ------------------------------------------------------------

def django_setup() -> None:
    common.django_setup(postgres_because="the seat lock is SELECT ... FOR UPDATE")


def create_data(*, users: int, capacity: int) -> dict:
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from apps.accounts.models import User
    from apps.events.models import Event

    unusable = make_password(None)  # token-only users, no login by password
    run = f"{int(time.time())}-{os.getpid()}"
    slug = f"bench-{run}"
    starts = timezone.now() + timedelta(days=30)
    with transaction.atomic():
        event = Event.objects.create(
            slug=slug, axis="tech", title=f"Registration benchmark {run}",
            starts_at=starts, ends_at=starts + timedelta(hours=2), capacity=capacity,
            waitlist_enabled=True, status=Event.Status.PUBLISHED,
        )
        people = User.objects.bulk_create(
            [User(email=f"{slug}-{i:06d}@bench.invalid", password=unusable)
             for i in range(users)],
            batch_size=1000,
        )
        tokens = Token.objects.bulk_create(
            [Token(key=Token.generate_key(), user=u) for u in people], batch_size=1000
        )
    return {"slug": slug, "event_id": event.pk, "capacity": capacity,
            "user_ids": [u.pk for u in people], "tokens": [t.key for t in tokens]}


def write_state(state: dict, path: str) -> str:
    if not path:
        fd, path = tempfile.mkstemp(prefix="bench-registration-", suffix=".json")
        os.close(fd)
    # Tokens of throwaway loopback users, still: readable by the owner only.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(state, f)
    return path


def fresh_event_or_exit(state: dict) -> None:
    from apps.events.models import Event, Registration

    if not Event.objects.filter(pk=state["event_id"], slug=state["slug"]).exists():
        fail(f"event {state['slug']} of the state file is not in this database")
    if Registration.objects.filter(event_id=state["event_id"]).exists():
        fail(f"event {state['slug']} already has registrations: run --setup again")


def database_checks(*, state: dict, n_users: int, positions: list[int]) -> list[tuple[str, bool]]:
    from django.db.models import Count, Max, Min

    from apps.events.models import Registration

    capacity = state["capacity"]
    rows = Registration.objects.filter(event_id=state["event_id"])
    by_status = Counter(dict(rows.values_list("status").annotate(n=Count("id")).order_by()))
    confirmed = by_status.get("confirmed", 0)
    attended = by_status.get("attended", 0)
    waitlisted = by_status.get("waitlisted", 0)
    total = rows.count()
    distinct_users = rows.values("user_id").distinct().count()
    last_confirmed = rows.filter(status="confirmed").aggregate(t=Max("created_at"))["t"]
    first_waitlisted = rows.filter(status="waitlisted").aggregate(t=Min("created_at"))["t"]
    want_waitlisted = max(n_users - capacity, 0)

    print(f"\ndatabase: {total} rows for {distinct_users} users; "
          + ", ".join(f"{k} {v}" for k, v in sorted(by_status.items())))
    checks = [
        (f"not overbooked: confirmed + attended = {confirmed + attended} <= capacity {capacity}",
         confirmed + attended <= capacity),
        (f"confirmed {confirmed} == min(capacity, N) = {min(capacity, n_users)}",
         confirmed == min(capacity, n_users)),
        (f"waitlisted {waitlisted} == N - capacity = {want_waitlisted}",
         waitlisted == want_waitlisted),
        (f"one row per user: {total} rows, {distinct_users} users, N = {n_users}",
         total == distinct_users == n_users),
        ("waiting list is after every confirmed seat (created_at)",
         last_confirmed is None or first_waitlisted is None or last_confirmed < first_waitlisted),
        (f"API waiting-list positions are exactly 1..{want_waitlisted}",
         sorted(positions) == list(range(1, want_waitlisted + 1))),
    ]
    return checks


def delete_data(state: dict) -> None:
    from django.db import transaction

    from apps.accounts.models import User
    from apps.events.models import Event, Registration

    with transaction.atomic():
        Registration.objects.filter(event_id=state["event_id"]).delete()
        User.objects.filter(pk__in=state["user_ids"]).delete()  # tokens cascade
        Event.objects.filter(pk=state["event_id"]).delete()


def outbox_report(state: dict) -> str:
    """How many notification rows the registrations wrote (the outbox of DESIGN.md section 5,
    when the notifications app has one). Delivery is not part of this benchmark."""
    try:
        from apps.notifications.models import Notification
    except ImportError:
        return ""
    from django.db.models import Count

    rows = (Notification.objects.filter(recipient_id__in=state["user_ids"])
            .values_list("kind", "status").annotate(n=Count("pk")).order_by("kind", "status"))
    counts = ", ".join(f"{kind} {status} {n}" for kind, status, n in rows)
    return f"outbox: {counts or 'no rows'} (delivery is not measured: no worker runs)"


def bench_redis_url(args: argparse.Namespace) -> str:
    base = os.environ.get("REDIS_URL", "")
    if not base:
        return ""
    return redis_url_on_loopback(base, db=args.redis_db)


def purge_bench_queues(url: str) -> tuple[int, int]:
    """Deletes the Celery queues (with kombu's priority sub-queues) and the notifications'
    ready list in the bench's own Redis database. Returns the number of task messages and of
    ready ids removed."""
    import redis

    try:
        from config.celery import app

        queues = [q.name for q in (app.conf.task_queues or [])]
    except ImportError:
        queues = []
    queues = queues or ["default", "mail", "analysis"]
    try:
        from apps.notifications.ready import KEY as ready_key
    except ImportError:
        ready_key = ""
    client = redis.Redis.from_url(url, socket_timeout=2)

    def purge(keys: list[str]) -> int:
        removed = 0
        for key in keys:
            if client.type(key) == b"list":
                removed += client.llen(key)
                client.delete(key)
        return removed

    tasks = purge([key for name in queues
                   for key in [name, *(f"{name}\x06\x16{p}" for p in (3, 6, 9))]])
    return tasks, purge([ready_key] if ready_key else [])


# --- the server -------------------------------------------------------------------------

def port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.settimeout(1)
        return s.connect_ex((host, port)) == 0


def start_server(args: argparse.Namespace) -> tuple[subprocess.Popen, str]:
    if port_in_use(args.host, args.port):
        fail(f"port {args.port} is already in use: stop that server or drop --start-server")
    # The deployment's server and settings (config/server.py), on loopback.
    cmd = [sys.executable, "-m", "config.server"]
    log_path = args.server_log or tempfile.mkstemp(prefix="bench-server-", suffix=".log")[1]
    log = open(log_path, "w")  # noqa: SIM115 - handed to the child, closed with it
    env = os.environ.copy()
    env["WEB_HOST"], env["WEB_PORT"] = args.host, str(args.port)
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    if args.threads:
        env["WEB_THREADS"] = str(args.threads)
    sys.path.insert(0, str(ROOT))
    from config.server import options

    served = options(env)
    args.workers, args.threads = served["workers"], served["blocking_threads"]
    print(f"server: python -m config.server (Granian, WSGI), {args.workers} workers x "
          f"{args.threads} threads  (log: {log_path})")
    # The CPU of a PostgreSQL backend is counted while its process lives. Production's 60 s
    # would close the workers' connections in the middle of a slow run and take the CPU
    # they used with them; one reconnection a minute per worker costs nothing measurable.
    env.setdefault("CONN_MAX_AGE", "3600")
    if args.bench_redis_url:
        # Cache (throttling) and broker (notification delivery) in a Redis database of the
        # bench's own: no worker listens there, and the messages are deleted at the end.
        env["REDIS_URL"] = env["CELERY_BROKER_URL"] = args.bench_redis_url
        env.pop("CELERY_RESULT_BACKEND", None)
        print(f"server: cache and Celery broker at {args.bench_redis_url}")
    else:
        print("server: no REDIS_URL, so locmem cache and Celery tasks run eagerly inside the "
              "requests (not the production shape)")
    proc = subprocess.Popen(  # noqa: S603 - fixed argv, our own interpreter
        cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            fail(f"the server exited with {proc.returncode}; see {log_path}")
        try:
            conn = http.client.HTTPConnection(args.host, args.port, timeout=2)
            conn.request("GET", f"{args.prefix}/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return proc, log_path
            conn.close()
        except OSError:
            pass
        time.sleep(0.3)
    stop_server(proc)
    fail(f"the server did not answer /healthz within 60 s; see {log_path}")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)  # the main process: graceful stop of its workers
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


# --- CPU accounting (Linux /proc; silently absent elsewhere) --------------------------------

def cpu_snapshot(*, db_name: str, server_pid: int | None) -> dict | None:
    """CPU seconds so far: the whole machine (busy and total), and per part of this benchmark:
    server (the one we started with its workers, or any config.server or gunicorn), postgres
    (its shared processes and the backends of the bench database), redis-server, this client.
    The rest of the machine's busy time is "other": another job on the machine, which makes
    the figures noisy."""
    try:
        hz = os.sysconf("SC_CLK_TCK")
        with open("/proc/stat") as f:
            ticks = [int(v) for v in f.readline().split()[1:]]
        snap = {"machine_total": sum(ticks) / hz,
                "machine_idle": (ticks[3] + ticks[4]) / hz,
                "client": sum(os.times()[:2]), "processes": {}}
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
            ppid = int(fields[1])
            if server_pid is not None:
                mine = int(pid) == server_pid or ppid == server_pid
                group = "server" if mine else None
            else:
                group = "server" if "config.server" in cmdline or "gunicorn" in cmdline else None
            if group is None and comm.startswith(("postgres", "postmaster")):
                # "postgres: 15/main: portal portal_bench 127.0.0.1(40312) idle" is a backend of
                # the bench database; the processes without a client are the server's own.
                backend = "(" in cmdline or "[local]" in cmdline
                if not backend or f" {db_name} " in cmdline:
                    group = "postgres"
            elif group is None and comm.startswith("redis-server"):
                group = "redis"
            if group:
                snap["processes"][pid] = (group, (int(fields[11]) + int(fields[12])) / hz)
        return snap
    except (OSError, ValueError, IndexError):
        return None


def cpu_report(before: dict | None, after: dict | None, requests: int) -> tuple[str, dict]:
    if not before or not after:
        return "", {}
    total = after["machine_total"] - before["machine_total"]
    if total <= 0:
        return "", {}
    busy = total - (after["machine_idle"] - before["machine_idle"])
    # Per process: a process that exits during the phase (an autovacuum worker, another
    # client's backend) takes its CPU with it, which must not cancel out what the others
    # used (summing groups first made PostgreSQL read 0). One started during the phase
    # counts in full.
    used_by = {"client": max(after["client"] - before["client"], 0.0)}
    for pid, (group, cpu) in after["processes"].items():
        earlier = before["processes"].get(pid)
        start = earlier[1] if earlier and earlier[0] == group else 0.0
        used_by[group] = used_by.get(group, 0.0) + max(cpu - start, 0.0)
    ours = 0.0
    figures = {}
    for group in ("server", "postgres", "redis", "client"):
        used = used_by.get(group, 0.0)
        ours += used
        figures[f"{group}_ms_per_request"] = round(used / requests * 1000, 2)
    other = max(busy - ours, 0.0)
    figures["machine_busy"] = round(busy / total, 3)
    figures["other_processes"] = round(other / total, 3)
    warn = "  <- another job loaded the machine: figures are noisy" if other > 0.1 * total else ""
    text = (f"  CPU: machine busy {busy / total:.0%}, other processes {other / total:.0%}{warn}\n"
            "  CPU ms per request: " + ", ".join(
                f"{g} {figures[f'{g}_ms_per_request']:.2f}"
                for g in ("server", "postgres", "redis", "client")))
    return text, figures


# --- Load ---------------------------------------------------------------------------------

@dataclass
class Phase:
    name: str
    wall: float = 0.0
    latencies: list[float] = field(default_factory=list)
    codes: Counter = field(default_factory=Counter)
    bodies: Counter = field(default_factory=Counter)  # "status" field of 2xx JSON answers
    positions: list[int] = field(default_factory=list)
    skipped: int = 0
    cpu: str = ""
    cpu_ms: dict = field(default_factory=dict)

    def summary(self) -> dict:
        return {"requests": self.done, "seconds": round(self.wall, 3),
                "per_second": round(self.per_second, 1),
                "p50_ms": round(self.percentile(0.5) * 1000, 1),
                "p95_ms": round(self.percentile(0.95) * 1000, 1),
                "codes": {str(k): v for k, v in self.codes.items()},
                "body_status": dict(self.bodies), "cpu": self.cpu_ms}

    @property
    def done(self) -> int:
        return len(self.latencies)

    @property
    def per_second(self) -> float:
        return self.done / self.wall if self.wall else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    def report(self, unit: str) -> None:
        codes = ", ".join(f"{k}: {v}" for k, v in sorted(self.codes.items(), key=str))
        print(f"{self.name}: {self.done} requests in {self.wall:.2f} s = "
              f"{self.per_second:.1f} {unit}/s; latency p50 {self.percentile(0.5) * 1000:.0f} ms, "
              f"p95 {self.percentile(0.95) * 1000:.0f} ms, max {max(self.latencies) * 1000:.0f} ms")
        print(f"  status codes: {codes}"
              + (f"; body status: {dict(sorted(self.bodies.items()))}" if self.bodies else "")
              + (f"; NOT SENT (deadline): {self.skipped}" if self.skipped else ""))
        if self.cpu:
            print(self.cpu)


def run_phase(args: argparse.Namespace, name: str, requests: list[tuple[str, str, bytes | None,
              dict]], *, parse_body: bool, deadline: float) -> Phase:
    """Sends `requests` (method, path, body, headers) with `args.concurrency` threads, each
    with its own connection, kept alive (HTTP/1.1) and reopened when the server closes it.
    Wall time runs from the start barrier to the last answer."""
    phase = Phase(name)
    lock = threading.Lock()
    cursor = iter(range(len(requests)))
    threads = min(args.concurrency, len(requests))
    start = threading.Barrier(threads + 1)

    def worker() -> None:
        conn = http.client.HTTPConnection(args.host, args.port, timeout=args.timeout)
        start.wait()
        while True:
            with lock:
                i = next(cursor, None)
            if i is None:
                break
            if time.monotonic() > deadline:
                with lock:
                    phase.skipped += 1
                continue
            method, path, body, headers = requests[i]
            t0 = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                code: int | str = resp.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()  # a POST is never retried: that would be a second submit
                data, code = b"", type(exc).__name__
            elapsed = time.perf_counter() - t0
            parsed = None
            if parse_body and isinstance(code, int) and 200 <= code < 300:
                with contextlib.suppress(ValueError):
                    parsed = json.loads(data)
            with lock:
                phase.latencies.append(elapsed)
                phase.codes[code] += 1
                if isinstance(parsed, dict):
                    phase.bodies[parsed.get("status")] += 1
                    if parsed.get("waitlist_position") is not None:
                        phase.positions.append(parsed["waitlist_position"])
        conn.close()

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for t in pool:
        t.start()
    cpu_before = cpu_snapshot(db_name=args.db_name, server_pid=args.server_pid)
    start.wait()
    t0 = time.perf_counter()
    for t in pool:
        t.join(timeout=max(deadline - time.monotonic(), 0) + args.timeout + 5)
    phase.wall = time.perf_counter() - t0
    cpu_after = cpu_snapshot(db_name=args.db_name, server_pid=args.server_pid)
    phase.cpu, phase.cpu_ms = cpu_report(cpu_before, cpu_after, max(phase.done, 1))
    return phase


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    django_setup()
    from django.conf import settings
    from django.db import connection

    if args.setup:
        t0 = time.perf_counter()
        state = create_data(users=args.users, capacity=args.capacity)
        args.state_file = write_state(state, args.state_file)
        print(f"setup: event {state['slug']} (capacity {args.capacity}), {args.users} users "
              f"with tokens in {time.perf_counter() - t0:.1f} s; state: {args.state_file}")
        if args.setup_only:
            return 0
    else:
        state = json.loads(Path(args.state_file).read_text())
        args.capacity = state["capacity"]
        fresh_event_or_exit(state)
    n = len(state["tokens"])
    db = settings.DATABASES["default"]
    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        pg_version = cur.fetchone()[0]
    connection.close()  # the bench process holds no connection while the server works

    print(f"machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}; PostgreSQL "
          f"{pg_version} (db {db['NAME']}, CONN_MAX_AGE of the bench process "
          f"{db.get('CONN_MAX_AGE')}); settings {os.environ['DJANGO_SETTINGS_MODULE']}")
    print(f"load: {n} registrations into one event of {args.capacity} seats, "
          f"{args.concurrency} in flight, {args.base_url}")

    try:
        return run_and_check(args, state, settings_db_name=db["NAME"])
    finally:
        # Also after an error or Ctrl-C: the bench rows never stay behind unless --keep.
        if not args.keep:
            delete_data(state)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(args.state_file)


def run_and_check(args: argparse.Namespace, state: dict, *, settings_db_name: str) -> int:
    tokens = state["tokens"]
    n = len(tokens)
    proc = None
    exit_code = 0
    args.db_name = settings_db_name
    args.server_pid = None
    args.bench_redis_url = bench_redis_url(args) if args.start_server else ""
    try:
        if args.start_server:
            proc, _log = start_server(args)
            args.server_pid = proc.pid
        deadline = time.monotonic() + args.deadline
        auth = [{"Authorization": f"Token {t}", "Accept": "application/json"} for t in tokens]
        health = [("GET", f"{args.prefix}/healthz", None, {})]

        if args.warmup:
            warm = [("GET", f"{args.prefix}/api/v1/registrations/", None, auth[i % n])
                    for i in range(args.warmup)]
            run_phase(args, "warm-up", warm + health * args.warmup, parse_body=False,
                      deadline=deadline)

        body = json.dumps({"privacy_consent": True}).encode()
        register_path = f"{args.prefix}/api/v1/events/{state['slug']}/registrations/"
        registrations = [
            ("POST", register_path, body, {**h, "Content-Type": "application/json"})
            for h in auth
        ]
        reg = run_phase(args, "registrations", registrations, parse_body=True, deadline=deadline)
        hz = run_phase(args, "healthz", health * n, parse_body=False, deadline=deadline)
    finally:
        if proc is not None:
            stop_server(proc)
        if args.bench_redis_url:
            import redis

            try:
                removed = purge_bench_queues(args.bench_redis_url)
            except redis.RedisError as error:
                print(f"could not purge the bench queues at {args.bench_redis_url}: {error}")
            else:
                print(f"removed {removed[0]} queued task messages and {removed[1]} ready "
                      f"notification ids from {args.bench_redis_url}")

    print()
    reg.report("registrations")
    hz.report("req")
    ratio = reg.per_second / hz.per_second if hz.per_second else float("nan")
    print(f"ratio registrations/s ÷ healthz req/s: {ratio:.3f}")
    met = "met" if reg.per_second >= TARGET_PER_SECOND else "NOT met"
    print(f"target >= {TARGET_PER_SECOND} registrations/s into one event: {met} "
          f"({reg.per_second:.1f}/s on {os.cpu_count()} cores)")

    checks = database_checks(state=state, n_users=n, positions=reg.positions)
    outbox = outbox_report(state)
    if outbox:
        print(outbox)
    if reg.skipped or hz.skipped:
        checks.append(("the deadline did not cut the run short", False))
    for label, ok in checks:
        print(f"  [{'ok' if ok else 'FAIL'}] {label}")
        if not ok:
            exit_code = 1
    print("result: " + ("every check holds" if exit_code == 0 else "CHECK FAILED (see above)"))
    if args.json:
        Path(args.json).write_text(json.dumps({
            "users": n, "capacity": args.capacity, "concurrency": args.concurrency,
            "workers": args.workers if args.start_server else None,
            "threads": args.threads if args.start_server else None,
            "cores": os.cpu_count(), "registrations": reg.summary(), "healthz": hz.summary(),
            "ratio": round(ratio, 4), "checks": [{"check": c, "ok": ok} for c, ok in checks],
            "ok": exit_code == 0,
        }, indent=2))
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
