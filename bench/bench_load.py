"""Load benchmark of a city instance: kader submitting measurements to a real gunicorn server
while the recap pages and the city dashboard are read (prints figures; not a test).

    PGPORT_TEST=54341 scripts/with-postgres .venv/bin/python bench/bench_load.py \
        [--duration 30] [--kader 50] [--workers 5] [--threads 1] [--children 200000] [--batch 20]

What happens (docs/scaling.md has the figures):
1. a seeded city database (Kota Bekasi, --posyandu posyandu, --children children, --months months
   of weighings, referral codes and facts derived; the generator of bench_dashboard.py) is made
   once and kept as `<DB_NAME>_loadseed_<size>` (PostgreSQL) or var/bench-load-seed-<size>.sqlite3;
   each run works on a copy of it (CREATE DATABASE … TEMPLATE, or a file copy);
2. `ranting serve` (gunicorn, RANTING_DEBUG=0) on 127.0.0.1 with --workers processes of
   --threads threads (1, the default of `ranting serve`: sync workers; more: gthread);
3. floor: --kader concurrent clients GET an unknown /api/v1/ path (a JSON 404: every middleware,
   no database) for --floor-seconds: the most requests per second this server stack answers;
   then the pages below read without load for --idle-seconds;
4. load, for --duration seconds: --kader asyncio httpx clients, each a kader with its own token
   and posyandu, POST /api/v1/measurements for the current (new) month, one child after the
   other (the next as soon as one is answered; with --rate on a fixed schedule instead), with
   values grown from the child's previous weighing; --retry-share of the accepted
   ones are sent again with the same client_id (a phone that missed the answer); with --batch N,
   N children go in one POST /api/v1/measurements/batch, as the offline form syncs its queue,
   and a retry resends the whole batch. Meanwhile
   --readers clients GET (--page-rate pages a second in all), in turn, the kelurahan recap page
   (/rekap/), one posyandu's recap (/rekap/posyandu/…/) and the city dashboard
   (/pantau/wilayah/32.75/, this month, all data);
5. after the run, from the database: every accepted client_id exactly once, none missing, no row
   that was not accepted, and the facts of every posyandu touched equal to a recount.
Percentiles are measured by the client, which shares the machine's cores with the server and
PostgreSQL; the per-user API rate limit is raised because each simulated kader sends far faster
than a person.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ranting.settings")

import django  # noqa: E402

django.setup()

import httpx  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Max  # noqa: E402
from django.utils import timezone  # noqa: E402

from ranting.accounts.models import User  # noqa: E402
from ranting.api.models import ClientWrite  # noqa: E402
from ranting.api.tokens import create_token  # noqa: E402
from ranting.children.models import Child  # noqa: E402
from ranting.facts.models import MonthlyFact, StaleFact  # noqa: E402
from ranting.facts.services import rebuild_facts  # noqa: E402
from ranting.measurements.derive import apply_derived  # noqa: E402
from ranting.measurements.models import Measurement  # noqa: E402
from ranting.recaps.deadlines import current_period, shift_month  # noqa: E402
from ranting.regions.loading import BUNDLED_BEKASI, load_wilayah  # noqa: E402
from ranting.regions.models import Posyandu  # noqa: E402


def _load_generator():
    """bench_dashboard.py's city generator (posyandu, children, 12 months of weighings)."""
    spec = importlib.util.spec_from_file_location(
        "bench_dashboard", ROOT / "bench" / "bench_dashboard.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GOAL_SUBMISSIONS_PER_S = 300
GOAL_SUBMIT_P95_MS = 200
GOAL_PAGE_P95_MS = 300
SEED_MARKER = "bench-load-seed-2"  # username of the user whose presence marks a finished seed
# Children re-derived per step when the seed fills in the referral codes.
REDERIVE_CHUNK = 10_000
API = "/api/v1"
READ_TIMEOUT_S = 30
# A POST whose answer was lost (timeout, dropped connection) is sent again, as the phone would.
MAX_ATTEMPTS = 5


def stamp(message: str, began: float) -> None:
    print(f"{message} in {time.perf_counter() - began:.1f} s", flush=True)


# --- databases ------------------------------------------------------------------------------------


def _use_database(name: str) -> None:
    connection.close()
    connection.settings_dict["NAME"] = name


def _pg_admin(sql: str) -> None:
    with connection._nodb_cursor() as cursor:
        cursor.execute(sql)


def _pg_exists(name: str) -> bool:
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def _seed_is_complete() -> bool:
    try:
        return User.objects.filter(username=SEED_MARKER).exists()
    except Exception:  # noqa: BLE001 - an empty or half-migrated database
        return False


def seed_city(args: argparse.Namespace) -> None:
    gen = _load_generator()
    rng = np.random.default_rng(args.seed)
    last = shift_month(current_period(), -1)
    periods = [shift_month(last, -back) for back in range(args.months - 1, -1, -1)]
    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_wilayah(BUNDLED_BEKASI)
    posyandu = gen.make_posyandu(args.posyandu)
    children = gen.make_children(rng, posyandu, args.children, np.datetime64(periods[0], "D"))
    stamp(f"seed: {len(posyandu):,} posyandu and {args.children:,} children", began)
    began = time.perf_counter()
    measured = gen.make_measurements(rng, children, periods)
    gen.make_reports(rng, posyandu, periods)
    stamp(f"seed: {measured:,} measurements ({args.months} months)", began)
    began = time.perf_counter()
    # What an operator runs after importing past months (docs/scaling.md): one partition each.
    call_command("measurement_partitions", stdout=open(os.devnull, "w"))  # noqa: SIM115
    stamp("seed: monthly partitions made", began)
    began = time.perf_counter()
    fill_referrals()
    stamp("seed: referral and warning codes derived", began)
    began = time.perf_counter()
    facts = rebuild_facts(gen.KOTA, periods)
    gen.analyze()
    stamp(f"seed: rebuild_facts {facts:,} rows", began)
    User.objects.create_user(SEED_MARKER, role=User.Role.SUPERADMIN, is_active=False)


def fill_referrals() -> None:
    """The generator leaves referral and warning codes empty; derive them as the app would
    (measurements.derive.apply_derived), so a submission finds a history that is already
    consistent and rewrites none of it, as in a real city."""
    ids = list(Child.objects.order_by("pk").values_list("pk", flat=True))
    for i in range(0, len(ids), REDERIVE_CHUNK):
        children = Child.objects.in_bulk(ids[i : i + REDERIVE_CHUNK])
        rows = list(Measurement.objects.filter(child_id__in=list(children)))
        for row in rows:
            row.child = children[row.child_id]
        apply_derived(rows)
        values = [
            (r.pk, r.period, r.referral, r.warnings) for r in rows if r.referral or r.warnings
        ]
        drop = " ON COMMIT DROP" if connection.vendor == "postgresql" else ""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMP TABLE derived (id bigint, period date, referral text, "
                f"warnings text){drop}"
            )
            cursor.executemany("INSERT INTO derived VALUES (%s, %s, %s, %s)", values)
            cursor.execute(
                "UPDATE measurements_measurement AS m SET referral = d.referral, "
                "warnings = d.warnings FROM derived AS d WHERE m.id = d.id AND m.period = d.period"
            )
            if connection.vendor == "sqlite":
                cursor.execute("DROP TABLE derived")


def prepare_database(args: argparse.Namespace) -> str:
    """Seed once (kept), then copy the seed for this run; returns the run database's name."""
    base = connection.settings_dict["NAME"]
    size = f"{args.children // 1000}k_{args.months}m_{args.posyandu}p"
    if connection.vendor == "postgresql":
        seed, run = f"{base}_loadseed_{size}", f"{base}_loadrun"
        if args.reseed and _pg_exists(seed):
            _pg_admin(f'DROP DATABASE "{seed}"')
        if not _pg_exists(seed):
            _pg_admin(f'CREATE DATABASE "{seed}"')
        _use_database(seed)
        if not _seed_is_complete():
            seed_city(args)
        call_command("migrate", verbosity=0)  # a seed kept from an older schema catches up
        _use_database(base)
        began = time.perf_counter()
        if _pg_exists(run):
            _pg_admin(f'DROP DATABASE "{run}"')
        _pg_admin(f'CREATE DATABASE "{run}" TEMPLATE "{seed}"')
        stamp(f"run database {run} copied from {seed}", began)
    else:
        seed = str(Path(settings.VAR_DIR) / f"bench-load-seed-{size}.sqlite3")
        run = str(Path(settings.VAR_DIR) / "bench-load-run.sqlite3")
        if args.reseed:
            Path(seed).unlink(missing_ok=True)
        _use_database(seed)
        if not _seed_is_complete():
            seed_city(args)
        call_command("migrate", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
        shutil.copyfile(seed, run)
    _use_database(run)
    return run


def drop_run_database(run: str, base: str) -> None:
    _use_database(base)
    if connection.vendor == "postgresql":
        _pg_admin(f'DROP DATABASE IF EXISTS "{run}"')
    else:
        Path(run).unlink(missing_ok=True)


# --- actors ---------------------------------------------------------------------------------------


@dataclass
class Kader:
    token: str
    posyandu_ids: list[int]
    queue: list[dict]  # children still to weigh this month: id and last month's values


@dataclass
class Actors:
    kader: list[Kader]
    reader_cookies: dict[str, str]  # endpoint label → session cookie of its user
    pages: dict[str, str]  # endpoint label → URL


def _session_cookie(user: User) -> str:
    """A signed-in session for `user`, as the login view would make it (database sessions)."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _grown(rng: random.Random, previous: Measurement) -> dict:
    """Values a month after `previous`: a little heavier and longer, same position."""
    body = {"weight_kg": f"{float(previous.weight_kg) + rng.uniform(0.05, 0.3):.2f}"}
    if previous.lenhei_cm is not None:
        body["lenhei_cm"] = f"{float(previous.lenhei_cm) + rng.uniform(0.3, 1.0):.1f}"
        body["position"] = previous.position
    return {"id": previous.child_id, **body}


def make_actors(args: argparse.Namespace, rng: random.Random) -> Actors:
    """Kader users (each with --posyandu-per-kader posyandu and a token), an admin kelurahan
    of the first kader's kelurahan and a dinas user, in the run database."""
    last = shift_month(current_period(), -1)
    ordered = list(Posyandu.objects.order_by("kelurahan_id", "pk"))
    needed = args.kader * args.posyandu_per_kader
    if len(ordered) < needed:
        raise SystemExit(f"bench: {needed} posyandu needed, the city has {len(ordered)}")
    kader = []
    for i in range(args.kader):
        mine = ordered[i * args.posyandu_per_kader : (i + 1) * args.posyandu_per_kader]
        user = User.objects.create_user(f"bench-kader-{i}", role=User.Role.KADER)
        user.posyandus.set(mine)
        ids = [p.pk for p in mine]
        previous = Measurement.objects.filter(
            posyandu_id__in=ids, period=last, child__is_active=True
        ).only("child_id", "weight_kg", "lenhei_cm", "position")
        queue = [_grown(rng, m) for m in previous]
        rng.shuffle(queue)
        kader.append(Kader(create_token(user, "bench")[1], ids, queue))
    first = ordered[0]
    admin = User.objects.create_user(
        "bench-admin", role=User.Role.ADMIN_KELURAHAN, region_id=first.kelurahan_id
    )
    dinas = User.objects.create_user("bench-dinas", role=User.Role.DINAS, region_id=first.kota_code)
    month = current_period()
    pages = {
        "recap (kelurahan)": f"/rekap/?bulan={month:%Y-%m}",
        "recap (posyandu)": f"/rekap/posyandu/{first.pk}/{month:%Y-%m}/",
        "city dashboard": f"/pantau/wilayah/{first.kota_code}/?bulan={month:%Y-%m}&semua=1",
    }
    cookies = {
        "recap (kelurahan)": _session_cookie(admin),
        "recap (posyandu)": _session_cookie(admin),
        "city dashboard": _session_cookie(dinas),
    }
    return Actors(kader, cookies, pages)


# --- the server -----------------------------------------------------------------------------------


def start_server(args: argparse.Namespace, database: str, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DB_NAME": database,
        "RANTING_DEBUG": "0",
        "RANTING_SECRET_KEY": settings.SECRET_KEY,
        "RANTING_HTTPS": "0",
        "RANTING_ALLOWED_HOSTS": "127.0.0.1",
        "RANTING_THREADS": str(args.threads),
        "RANTING_API_RATE_USER": "1000000/m",
        "RANTING_LOG_LEVEL": "WARNING",
        "RANTING_FACTS_REFRESH": args.facts,
    }
    if connection.vendor == "sqlite":
        env.update(DB="sqlite")
    command = [str(ROOT / ".venv" / "bin" / "ranting"), "serve", "--no-collectstatic",
               "--bind", f"127.0.0.1:{args.port}", "--workers", str(args.workers)]  # fmt: skip
    out = log.open("w")
    server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"bench: the server stopped at start-up; see {log}")
        try:
            httpx.get(f"http://127.0.0.1:{args.port}{API}/bench-floor", timeout=2)
            return server
        except httpx.HTTPError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("bench: the server did not answer within 60 s")


def wait_for_the_facts_queue(limit: float = 60) -> None:
    """FACTS_REFRESH=queued: how long after the load the server's refreshers empty the queue."""
    began = time.monotonic()
    left = StaleFact.objects.count()
    while left and time.monotonic() - began < limit:
        time.sleep(0.1)
        left = StaleFact.objects.count()
    seconds = time.monotonic() - began
    print(f"facts queue: {left} rows left {seconds:.1f} s after the load", flush=True)


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=40)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# --- the load -------------------------------------------------------------------------------------


@dataclass
class Results:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    accepted: dict[str, int] = field(default_factory=dict)  # client_id → child id (201)
    duplicates: int = 0  # retried client_ids answered 200 "duplicate": true
    unanswered: list[str] = field(default_factory=list)  # client_ids given up after retries
    exhausted: int = 0  # kader who ran out of children before the end
    items: Counter = field(default_factory=Counter)  # status of each item sent (first answer)

    def record(self, label: str, seconds: float, status: int | str) -> None:
        self.times[label].append(seconds)
        self.statuses[label][status] += 1


async def _post(client: httpx.AsyncClient, kader: Kader, path: str, body: dict, results: Results):
    """POST one request; resend the same body (same client_ids) while the answer is lost."""
    headers = {"Authorization": f"Bearer {kader.token}"}
    label = f"POST {path.removeprefix('/')}"
    for _attempt in range(MAX_ATTEMPTS):
        began = time.perf_counter()
        try:
            response = await client.post(f"{API}{path}", json=body, headers=headers)
        except httpx.HTTPError as err:
            results.record(label, time.perf_counter() - began, type(err).__name__)
            continue
        results.record(label, time.perf_counter() - began, response.status_code)
        return response
    results.unanswered.extend(item["client_id"] for item in body.get("items", [body]))
    return None


def _body(child: dict, today, rng: random.Random) -> dict:
    return {
        "client_id": str(uuid.uuid4()),
        "child_id": child["id"],
        "measured_on": today.replace(day=rng.randint(1, today.day)).isoformat(),
        **{k: v for k, v in child.items() if k != "id"},
    }


def _answers(response, items: list[dict], batched: bool) -> list[tuple[dict, int, dict]]:
    """(item, status, body) of each item a request carried."""
    if response is None:
        return []
    if not batched:
        # Only a 200 is read (a retry's "duplicate"); an error page may not be JSON.
        answer = response.json() if response.status_code == 200 else {}
        return [(items[0], response.status_code, answer)]
    if response.status_code != 200:
        return [(item, response.status_code, {}) for item in items]
    return [
        (item, r["status"], r["body"])
        for item, r in zip(items, response.json()["results"], strict=True)
    ]


async def kader_loop(client, kader: Kader, until: float, results: Results, args, rng) -> None:
    today = timezone.localdate()
    batched = args.batch > 1
    path = "/measurements/batch" if batched else "/measurements"
    # With --rate the kader send on a schedule (open loop), else each as fast as answered.
    interval = args.kader * args.batch / args.rate if args.rate else 0.0
    due = time.perf_counter() + rng.uniform(0, interval)
    while time.perf_counter() < until:
        if interval:
            # Not past the end: a sleeper would stretch the run and dilute its rate.
            await asyncio.sleep(max(0.0, min(due, until) - time.perf_counter()))
            due += interval
            if time.perf_counter() >= until:
                return
        if not kader.queue:
            results.exhausted += 1
            return
        items = [
            _body(kader.queue.pop(), today, rng) for _ in range(min(args.batch, len(kader.queue)))
        ]
        body = {"items": items} if batched else items[0]
        response = await _post(client, kader, path, body, results)
        accepted = False
        for item, status, _answer in _answers(response, items, batched):
            results.items[status] += 1
            if status == 201:
                results.accepted[item["client_id"]] = item["child_id"]
                accepted = True
        if accepted and rng.random() < args.retry_share:
            again = await _post(client, kader, path, body, results)
            for item, status, answer in _answers(again, items, batched):
                if (
                    item["client_id"] in results.accepted
                    and status == 200
                    and answer.get("duplicate")
                ):
                    results.duplicates += 1


async def reader_loop(client, actors: Actors, until: float, results: Results, interval=0.0):
    """The pages in turn; every `interval` seconds (open loop) or each as soon as answered."""
    labels = list(actors.pages)
    i = 0
    due = time.perf_counter()
    while time.perf_counter() < until:
        if interval:
            await asyncio.sleep(max(0.0, min(due, until) - time.perf_counter()))
            due += interval
            if time.perf_counter() >= until:
                return
        label = labels[i % len(labels)]
        i += 1
        cookies = {settings.SESSION_COOKIE_NAME: actors.reader_cookies[label]}
        began = time.perf_counter()
        try:
            response = await client.get(actors.pages[label], cookies=cookies)
            status: int | str = response.status_code
        except httpx.HTTPError as err:
            status = type(err).__name__
        results.record(label, time.perf_counter() - began, status)


async def floor_loop(client, until: float, results: Results) -> None:
    while time.perf_counter() < until:
        began = time.perf_counter()
        try:
            status: int | str = (await client.get(f"{API}/bench-floor")).status_code
        except httpx.HTTPError as err:
            status = type(err).__name__
        results.record("floor", time.perf_counter() - began, status)


def _client(args: argparse.Namespace) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=args.kader + args.readers + 4)
    return httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{args.port}", limits=limits, timeout=READ_TIMEOUT_S
    )


async def run_floor(args: argparse.Namespace) -> tuple[Results, float]:
    results = Results()
    async with _client(args) as client:
        began = time.perf_counter()
        until = began + args.floor_seconds
        await asyncio.gather(*(floor_loop(client, until, results) for _ in range(args.kader)))
        return results, time.perf_counter() - began


async def run_pages(args: argparse.Namespace, actors: Actors) -> tuple[Results, float]:
    """The readers alone, before any submission: the pages' latency without load."""
    results = Results()
    async with _client(args) as client:
        began = time.perf_counter()
        until = began + args.idle_seconds
        await asyncio.gather(
            *(reader_loop(client, actors, until, results) for _ in range(args.readers))
        )
        return results, time.perf_counter() - began


async def run_load(args: argparse.Namespace, actors: Actors) -> tuple[Results, float]:
    results = Results()
    rng = random.Random(args.seed)
    async with _client(args) as client:
        began = time.perf_counter()
        until = began + args.duration
        tasks = [kader_loop(client, k, until, results, args, rng) for k in actors.kader]
        interval = args.readers / args.page_rate if args.page_rate else 0.0
        tasks += [
            reader_loop(client, actors, until, results, interval) for _ in range(args.readers)
        ]
        await asyncio.gather(*tasks)
        return results, time.perf_counter() - began


# --- checks and figures ---------------------------------------------------------------------------


def check_rows(results: Results, actors: Actors) -> list[str]:
    """What the database holds after the run, against what the server accepted."""
    month = current_period()
    ids = [pk for k in actors.kader for pk in k.posyandu_ids]
    rows = Measurement.objects.filter(posyandu_id__in=ids, period=month)
    stored = {str(c) for c in rows.values_list("client_id", flat=True)}
    twice = rows.values("client_id").annotate(n=Count("id")).filter(n__gt=1).count()
    per_child = rows.values("child_id").annotate(n=Count("id")).filter(n__gt=1).count()
    accepted = set(results.accepted)
    missing, extra = accepted - stored, stored - accepted
    writes = ClientWrite.objects.filter(kind=ClientWrite.Kind.MEASUREMENT_CREATE).count()
    print(
        f"rows after the run: {rows.count():,} measurements this month for {len(accepted):,} "
        f"accepted submissions; client_id twice: {twice}; child twice in the month: {per_child}; "
        f"accepted but missing: {len(missing)}; stored but never accepted: {len(extra)}; "
        f"ClientWrite rows: {writes:,}; retries answered as duplicate: {results.duplicates}"
    )
    problems = []
    if twice or per_child or missing or extra or writes != len(accepted):
        problems.append("rows lost or duplicated")
    if results.unanswered:
        problems.append(f"{len(results.unanswered)} submissions never answered")
    # The facts were refreshed by concurrent writers: each posyandu's D must equal a recount.
    facts = MonthlyFact.objects.filter(posyandu_id__in=ids, period=month, d__gt=0)
    recount = rows.values("posyandu_id").annotate(n=Count("id")).values_list("posyandu_id", "n")
    same = dict(facts.values_list("posyandu_id", "d")) == dict(recount)
    print(f"facts D of the {len(ids)} posyandu equal to a recount: {'yes' if same else 'NO'}")
    if not same:
        problems.append("facts (D) differ from a recount of the measurements")
    return problems


def _line(label: str, times: list[float], statuses: Counter, seconds: float) -> str:
    ms = np.array(times) * 1000
    p50, p95, p99 = np.percentile(ms, [50, 95, 99]) if ms.size else (0, 0, 0)
    codes = ", ".join(f"{code}: {n:,}" for code, n in sorted(statuses.items(), key=str))
    return (
        f"  {label:<18} {len(times) / seconds:7.1f} req/s  p50 {p50:5.0f} ms  p95 {p95:5.0f} ms  "
        f"p99 {p99:5.0f} ms  ({codes})"
    )


def report(results: Results, seconds: float, floor: Results, floor_seconds: float,
           idle: Results, idle_seconds: float) -> None:  # fmt: skip
    print(f"without load ({idle_seconds:.1f} s, {floor_seconds:.1f} s):")
    print(_line("floor (no DB)", floor.times["floor"], floor.statuses["floor"], floor_seconds))
    for label in idle.times:
        print(_line(label, idle.times[label], idle.statuses[label], idle_seconds))
    print(f"under load ({seconds:.1f} s):")
    for label in results.times:
        print(_line(label, results.times[label], results.statuses[label], seconds))
    rate = len(results.accepted) / seconds
    floor_rate = len(floor.times["floor"]) / floor_seconds
    post = next((label for label in results.times if label.startswith("POST")), "POST")
    post_ms = np.array(results.times[post]) * 1000
    p95 = float(np.percentile(post_ms, 95)) if post_ms.size else float("nan")
    items = ", ".join(f"{code}: {n:,}" for code, n in sorted(results.items.items(), key=str))
    print(f"items sent, by their answer: {items}")
    print(
        f"accepted submissions: {len(results.accepted):,} = {rate:.1f}/s "
        f"({rate / GOAL_SUBMISSIONS_PER_S:.0%} of the {GOAL_SUBMISSIONS_PER_S}/s goal; "
        f"{rate / floor_rate:.0%} of the floor's {floor_rate:.0f} req/s); "
        f"{post} p95 {p95:.0f} ms vs goal {GOAL_SUBMIT_P95_MS} ms: "
        f"{'met' if p95 < GOAL_SUBMIT_P95_MS else 'MISSED'}"
    )
    for label in results.times:
        if label != post:
            page_p95 = float(np.percentile(np.array(results.times[label]) * 1000, 95))
            verdict = "met" if page_p95 < GOAL_PAGE_P95_MS else "MISSED"
            print(f"{label} p95 {page_p95:.0f} ms vs goal {GOAL_PAGE_P95_MS} ms: {verdict}")
    if results.exhausted:
        print(f"note: {results.exhausted} kader weighed all their children before the end")


def run(args: argparse.Namespace) -> None:
    print(f"machine: {os.cpu_count()} cores; database: {connection.vendor}", flush=True)
    base = connection.settings_dict["NAME"]
    # The server's key: the sessions made here for the readers are signed with it.
    settings.SECRET_KEY = secrets.token_urlsafe(50)
    database = prepare_database(args)
    try:
        actors = make_actors(args, random.Random(args.seed))
        queued = sum(len(k.queue) for k in actors.kader)
        total = Measurement.objects.count()
        children = Measurement.objects.aggregate(n=Max("child_id"))["n"]
        month = current_period()
        print(f"city: {total:,} measurements, children up to id {children:,}; {args.kader} "
              f"kader with {queued:,} children to weigh in {month:%Y-%m}", flush=True)  # fmt: skip
        connection.close()  # the server's workers get the connections
        log = Path(settings.VAR_DIR) / "bench-load-server.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        server = start_server(args, database, log)
        kind = (
            f"sync, {args.workers} workers"
            if args.threads <= 1
            else f"gthread, {args.workers} workers x {args.threads} threads"
        )
        print(f"server: gunicorn {kind} (log {log})", flush=True)
        try:
            floor, floor_seconds = asyncio.run(run_floor(args))
            idle, idle_seconds = asyncio.run(run_pages(args, actors))
            results, seconds = asyncio.run(run_load(args, actors))
            if args.facts == "queued":
                wait_for_the_facts_queue()
        finally:
            stop_server(server)
        report(results, seconds, floor, floor_seconds, idle, idle_seconds)
        problems = check_rows(results, actors)
        if problems:
            raise SystemExit("bench: " + "; ".join(problems))
    finally:
        if not args.keep_run:
            drop_run_database(database, base)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=30, help="seconds of load")
    parser.add_argument("--floor-seconds", type=float, default=5)
    parser.add_argument("--idle-seconds", type=float, default=5, help="pages read without load")
    parser.add_argument(
        "--page-rate",
        type=float,
        default=2,
        help="page views/s under load (0: as fast as answered)",
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=0,
        help="submissions/s offered in all (0: as fast as answered)",
    )
    parser.add_argument("--kader", type=int, default=50)
    parser.add_argument("--posyandu-per-kader", type=int, default=4)
    parser.add_argument("--readers", type=int, default=2)
    parser.add_argument("--retry-share", type=float, default=0.02)
    parser.add_argument(
        "--batch",
        type=int,
        default=1,
        help="measurements per request (>1: POST /measurements/batch, as the offline form syncs)",
    )
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument(
        "--facts", choices=["inline", "queued"], default="inline",
        help="RANTING_FACTS_REFRESH of the server (queued: PostgreSQL only)",
    )  # fmt: skip
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--children", type=int, default=200_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--posyandu", type=int, default=1_600)
    parser.add_argument("--seed", type=int, default=20_250_101)
    parser.add_argument("--reseed", action="store_true", help="build the seed database again")
    parser.add_argument("--keep-run", action="store_true", help="keep the run database")
    args = parser.parse_args(argv)
    if args.duration > 300:
        parser.error("--duration: at most 300 seconds (the machine is shared)")
    run(args)


if __name__ == "__main__":
    main()
