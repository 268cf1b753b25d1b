"""The in-process parts of the benchmark, run by bench/run.py against one bench database.

    DATABASE_URL=postgres://.../portal_bench_tiny .venv/bin/python bench/inprocess.py targets
    ... inprocess.py queries       # queries per page (django.test.Client + CaptureQueriesContext)
    ... inprocess.py explain       # EXPLAIN ANALYZE of each page's queries (PostgreSQL)
    ... inprocess.py cpu           # CPU time per request in-process (median of 50, warm)
    ... inprocess.py sweep --count 1000000
    ... inprocess.py nearest --samples 200

Each command prints one JSON document on its last line of standard output.
"""

import argparse
import gc
import json
import os
import random
import statistics
import sys
import time
import tracemalloc
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "bench"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if sys.argv[1:2] == ["sweep"]:
    # Its data (a million mandates, by COPY) is set up, not served: no page's 15 s limit.
    os.environ.setdefault("DB_STATEMENT_TIMEOUT_MS", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from coordinations.models import Coordination, Mandate  # noqa: E402
from groups.models import LocalGroup, Membership  # noqa: E402
from recruitment.models import Vacancy  # noqa: E402

# (name, role). The roles: anonymous, staff, coordinator, leader. Each logged-in page is
# compared with the logged-in baseline of its role: the site's layout for a signed-in person
# (session, user, navigation) and nothing else, a page made for the purpose (/signed-in/).
PAGES = [
    ("healthz", "anonymous"),
    ("home", "anonymous"),
    ("coordinations list", "anonymous"),
    ("a coordination", "anonymous"),
    ("vacancy board", "anonymous"),
    ("a vacancy", "anonymous"),
    ("find a group (postal code)", "anonymous"),
    # The public API (/api/v1/), served from the same cache as the public pages.
    ("api: vacancies", "anonymous"),
    ("api: coordinations", "anonymous"),
    ("api: groups near a postal code", "anonymous"),
    ("api: public actions", "anonymous"),
    ("api: public events", "anonymous"),
    ("logged-in baseline (staff)", "staff"),
    ("logged-in baseline (coordinator)", "coordinator"),
    ("logged-in baseline (leader)", "leader"),
    ("nearest coordinators", "leader"),
    ("my space", "coordinator"),
    ("my space (leader)", "leader"),
    ("a group (its leader)", "leader"),
    ("circular inbox", "coordinator"),
    ("dashboard", "staff"),
    ("circular registry", "staff"),
    ("pipeline of a vacancy", "staff"),
    ("people search", "staff"),
    ("a person's page", "staff"),
]
BASELINE = {role: f"logged-in baseline ({role})" for role in ("staff", "coordinator", "leader")}
PIPELINE_APPLICATIONS = 200  # the pipeline measured is the vacancy nearest this many
GROUP_SEARCH_CODE = "5000"  # Namur
COLD_SAMPLES = 5  # requests after emptying the cache, for the cold CPU time


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def people() -> dict[str, User]:
    """The logged-in users of the load run: a staff member, a coordinator, a group leader."""
    staff = User.objects.filter(is_staff=True, is_active=True).order_by("pk").first()
    # A coordinator who also leads a group: My space then has every section, at both scales
    # alike (the query counts are compared across scales). The middle one by coordination.
    coordinators = (
        Mandate.objects.active()
        .leads()
        .filter(coordination__is_active=True, volunteer__is_active=True)
        .filter(volunteer__group_memberships__role="leader")
        .distinct()
        .order_by("coordination__name", "pk")
    )
    middle = coordinators.count() // 2
    coordinator_mandate = (
        coordinators[middle : middle + 1].select_related("volunteer", "coordination").first()
    )
    leader = (
        Membership.objects.filter(role="leader", group__is_active=True)
        .order_by("group__name")
        .select_related("volunteer", "group")
        .first()
    )
    if not (staff and coordinator_mandate and leader):
        raise SystemExit("The bench database lacks a staff user, a coordinator or a group leader.")
    return {
        "staff": staff,
        "coordinator": coordinator_mandate.volunteer,
        "leader": leader.volunteer,
        "_coordination": coordinator_mandate.coordination,
        "_group": leader.group,
    }


def pipeline_vacancy() -> tuple[str, int]:
    """The published vacancy whose number of applications is nearest PIPELINE_APPLICATIONS."""
    from django.db.models import Count, F, Func, Value

    row = (
        Vacancy.objects.filter(status="published")
        .annotate(n=Count("applications"))
        .annotate(gap=Func(F("n") - Value(PIPELINE_APPLICATIONS), function="ABS"))
        .order_by("gap", "pk")
        .values_list("slug", "n")
        .first()
    )
    if row is None:
        raise SystemExit("The bench database has no published vacancy.")
    return row


def addresses(who: dict) -> dict[str, str]:
    vacancy = (
        Vacancy.objects.filter(status="published", kind="coordination")
        .order_by("pk")
        .values_list("slug", flat=True)
        .first()
    )
    pipeline, _count = who.get("_pipeline") or pipeline_vacancy()
    return {
        **dict.fromkeys(BASELINE.values(), "/fr/signed-in/"),
        "my space (leader)": "/fr/me/",
        "a group (its leader)": f"/fr/groups/{who['_group'].slug}/",
        "circular inbox": "/fr/actions/inbox/",
        "pipeline of a vacancy": f"/fr/vacancies/pipeline/{pipeline}/",
        # The leaders of Liège province (a group role and a province), and a leader's timeline.
        "people search": "/fr/dashboard/people/?role=leader&province=liege",
        "a person's page": f"/fr/dashboard/people/{who['leader'].pk}/",
        "healthz": "/healthz",
        "home": "/fr/",
        "coordinations list": "/fr/coordinations/",
        "a coordination": f"/fr/coordinations/{who['_coordination'].slug}/",
        "vacancy board": "/fr/vacancies/",
        "a vacancy": f"/fr/vacancies/{vacancy}/",
        "find a group (postal code)": f"/fr/groups/?q={GROUP_SEARCH_CODE}",
        "api: vacancies": "/api/v1/vacancies/",
        "api: coordinations": "/api/v1/coordinations/",
        "api: groups near a postal code": f"/api/v1/groups/near/?q={GROUP_SEARCH_CODE}",
        "api: public actions": "/api/v1/actions/",
        "api: public events": "/api/v1/events/",
        "nearest coordinators": f"/fr/groups/{who['_group'].slug}/coordinators/",
        "my space": "/fr/me/",
        "dashboard": "/fr/dashboard/",
        "circular registry": "/fr/actions/circulars/",
    }


# Staff open no page before their session has passed a second factor (accounts/middleware.py):
# the bench's staff member gets an authenticator app with a bench-only secret, and their
# sessions the record that allauth's code form writes.
BENCH_TOTP_SECRET = "BENCHONLYNEVERINPRODUCTION234567"


def pass_second_factor(session, user: User) -> None:
    """Record in ``session`` that ``user`` passed their second factor (staff only), as allauth's
    code form does at log-in."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator
    from django.test import RequestFactory

    if not (user.is_staff or user.is_superuser):
        return
    authenticator, _ = Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": BENCH_TOTP_SECRET}}
    )
    request = RequestFactory().get("/")
    request.session = session
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    session.save()


def logged_in_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    pass_second_factor(client.session, user)
    return client


def session_for(user: User) -> str:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.set_expiry(24 * 3600)
    store.save()
    pass_second_factor(store, user)
    return store.session_key


def targets() -> dict:
    who = people()
    who["_pipeline"] = pipeline_vacancy()
    paths = addresses(who)
    sessions = {role: session_for(who[role]) for role in ("staff", "coordinator", "leader")}
    return {
        "cookie_name": settings.SESSION_COOKIE_NAME,
        "pages": [
            {
                "name": name,
                "role": role,
                "path": paths[name],
                "session": sessions.get(role, ""),
            }
            for name, role in PAGES
        ],
        "users": {role: who[role].email for role in ("staff", "coordinator", "leader")},
        "pipeline_applications": who["_pipeline"][1],
        "baselines": BASELINE,
    }


def _cold_request(who: dict, role: str, path: str) -> tuple[Client, CaptureQueriesContext]:
    """A client logged in as ``role``, and the queries of its first request to ``path`` with
    the cache emptied."""
    from django.core.cache import cache

    client = logged_in_client(who[role]) if role != "anonymous" else Client()
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        client.get(path)
    return client, cold


def queries() -> dict:
    """Queries per page: ``cold`` on a first request with an empty cache (what a page costs
    after any change to the data), ``queries`` on the second request (the cache warm: what
    the load run measures)."""
    who = people()
    paths = addresses(who)
    result = {}
    for name, role in PAGES:
        client, cold = _cold_request(who, role, paths[name])
        with CaptureQueriesContext(connection) as captured:
            response = client.get(paths[name])
        result[name] = {
            "path": paths[name],
            "status": response.status_code,
            "queries": len(captured.captured_queries),
            "queries_cold": len(cold.captured_queries),
            "bytes": len(response.content),
        }
    return result


def cpu(samples: int = 50, rounds: int = 5) -> dict:
    """CPU time of one request in-process (time.process_time around the test client's call:
    middleware, view, queries' Python side and templates; the database server's own time is
    not in it), the median of ``samples`` warm requests after two to warm up.

    The samples are taken in ``rounds`` passes over every page, not all of a page's at once:
    a few seconds of a busy machine (another virtual machine on the same host) then spread over
    all pages instead of doubling one page's figure."""
    from django.core.cache import cache

    who = people()
    paths = addresses(who)
    clients = {}
    for name, role in PAGES:
        clients[name] = logged_in_client(who[role]) if role != "anonymous" else Client()
        for _ in range(2):
            clients[name].get(paths[name])
    timings = {name: [] for name, _role in PAGES}
    per_round = [samples // rounds + (1 if i < samples % rounds else 0) for i in range(rounds)]
    for count in per_round:
        for name, _role in PAGES:
            client, path = clients[name], paths[name]
            for _ in range(count):
                started = time.process_time()
                client.get(path)
                timings[name].append((time.process_time() - started) * 1000)
    result = {}
    for name, _role in PAGES:
        # Cold: the same request with the cache emptied before it (after any change to what
        # the page shows, the first visitor pays this).
        cold = []
        for _ in range(COLD_SAMPLES):
            cache.clear()
            started = time.process_time()
            clients[name].get(paths[name])
            cold.append((time.process_time() - started) * 1000)
        result[name] = {
            "cpu_ms_median": round(statistics.median(timings[name]), 2),
            "cpu_ms_p95": round(percentile(timings[name], 95), 2),
            "cpu_ms_cold": round(statistics.median(cold), 2),
        }
    return result


def _plan_nodes(node: dict):
    yield node
    for child in node.get("Plans", []):
        yield from _plan_nodes(child)


def explain(big_rows: int = 20_000) -> dict:
    """EXPLAIN ANALYZE of every read query of each page's cold request (empty cache): the
    slowest query, the indexes the plans use, and any sequential scan of a large table (over
    ``big_rows`` rows) — what a missing index looks like."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples > %s", [big_rows]
        )
        big = {row[0] for row in cursor.fetchall()}
    who = people()
    paths = addresses(who)
    result = {}
    for name, role in PAGES:
        _client, cold = _cold_request(who, role, paths[name])
        plans = []
        for query in cold.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0][0]
            nodes = list(_plan_nodes(plan["Plan"]))
            plans.append(
                {
                    "ms": round(plan["Execution Time"], 2),
                    "seq_scans": sorted(
                        {
                            n["Relation Name"]
                            for n in nodes
                            if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in big
                        }
                    ),
                    "indexes": sorted({n["Index Name"] for n in nodes if n.get("Index Name")}),
                    "sql": sql[:300],
                }
            )
        slowest = max(plans, key=lambda p: p["ms"], default=None)
        result[name] = {
            "queries": len(plans),
            "total_ms": round(sum(p["ms"] for p in plans), 2),
            "slowest_ms": slowest["ms"] if slowest else 0.0,
            "slowest_sql": slowest["sql"] if slowest else "",
            "seq_scans": sorted({t for p in plans for t in p["seq_scans"]}),
            "indexes": sorted({i for p in plans for i in p["indexes"]}),
        }
    return {"large_tables": sorted(big), "pages": result}


def _time_run(only: str | None) -> tuple[float, dict]:
    from messaging.sweeps import reminders_run

    started = time.perf_counter()
    sid = transaction.savepoint()
    recorded = reminders_run(timezone.localdate(), only=only)
    elapsed = time.perf_counter() - started
    transaction.savepoint_rollback(sid)
    return elapsed, recorded


def _peak_run(only: str) -> tuple[int, float, dict]:
    gc.collect()
    tracemalloc.start()
    elapsed, recorded = _time_run(only)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, elapsed, recorded


def sweep(count: int, seed: int) -> dict:
    """Time the morning run (every daily job and sweep) and the mandate milestone sweep over a
    dedicated set of ``count`` active mandates, inside a transaction that is rolled back (so no
    e-mail is queued: delivery is a separate Celery task, not part of the sweep).

    The memory is measured with tracemalloc on the mandate sweep at a tenth of the count and at
    the full count, to see whether it grows with the number of mandates."""
    from generate import sweep_mandates

    result = {"count": count}
    with transaction.atomic():
        base = Mandate.objects.count()
        tenth = max(1, count // 10)
        started = time.perf_counter()
        sweep_mandates(tenth, seed)
        inserting = time.perf_counter() - started
        _time_run("mandate_milestones")  # warm-up: templates and translations loaded once
        peak_small, _, recorded_small = _peak_run("mandate_milestones")
        started = time.perf_counter()
        sweep_mandates(count - tenth, seed + 1)
        result["insert_s"] = round(inserting + time.perf_counter() - started, 1)
        total = Mandate.objects.count()
        seconds_all, recorded_all = _time_run(None)
        seconds_mandates, recorded_mandates = _time_run("mandate_milestones")
        peak_full, _, _ = _peak_run("mandate_milestones")
        transaction.set_rollback(True)
    result.update(
        {
            "mandates_in_table": total,
            "mandates_before": base,
            "morning_run_s": round(seconds_all, 2),
            "morning_run_recorded": recorded_all,
            "mandate_sweep_s": round(seconds_mandates, 2),
            "mandate_sweep_recorded": recorded_mandates.get("mandate_milestones", 0),
            "peak_mib_at_tenth": round(peak_small / 2**20, 2),
            "recorded_at_tenth": recorded_small.get("mandate_milestones", 0),
            "peak_mib_at_full": round(peak_full / 2**20, 2),
            "tenth": tenth,
        }
    )
    return result


def nearest(samples: int, seed: int, budget_s: float = 30.0) -> dict:
    """The nearest-coordinator query alone (groups.selectors.nearest_coordinators), for random
    groups; then the same with a coordination chosen (the page's filter). Each series stops
    after ``budget_s`` seconds (fewer samples when the query is slow)."""
    from groups.selectors import nearest_coordinators

    rng = random.Random(seed)
    ids = list(LocalGroup.objects.filter(is_active=True).values_list("pk", flat=True))
    groups = {
        g.pk: g for g in LocalGroup.objects.filter(pk__in=rng.sample(ids, min(samples, len(ids))))
    }
    picked = [groups[pk] for pk in rng.choices(list(groups), k=samples)]
    coordinations = list(Coordination.objects.filter(is_active=True).values_list("pk", flat=True))
    result = {}
    for label, with_filter in (("all coordinations", False), ("one coordination", True)):
        timings, rows = [], []
        deadline = time.perf_counter() + budget_s
        for group in picked:
            if time.perf_counter() > deadline:
                break
            coordination = Coordination(pk=rng.choice(coordinations)) if with_filter else None
            started = time.perf_counter()
            found = nearest_coordinators(group, coordination)
            timings.append((time.perf_counter() - started) * 1000)
            rows.append(len(found))
        result[label] = {
            "samples": len(timings),
            "p50_ms": round(percentile(timings, 50), 2),
            "p95_ms": round(percentile(timings, 95), 2),
            "rows_mean": round(statistics.mean(rows), 1),
        }
    return result


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("targets")
    sub.add_parser("queries")
    sub.add_parser("explain")
    p = sub.add_parser("cpu")
    p.add_argument("--samples", type=int, default=50)
    p = sub.add_parser("sweep")
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)
    p = sub.add_parser("nearest")
    p.add_argument("--samples", type=int, default=200)
    p.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.command == "targets":
        out = targets()
    elif args.command == "queries":
        out = queries()
    elif args.command == "explain":
        out = explain()
    elif args.command == "cpu":
        out = cpu(args.samples)
    elif args.command == "sweep":
        out = sweep(args.count, args.seed)
    else:
        out = nearest(args.samples, args.seed)
    print(json.dumps(out, default=str))


if __name__ == "__main__":
    main()
