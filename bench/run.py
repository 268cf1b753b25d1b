"""The benchmark of the portal: `make bench` (see bench/README.md).

For each scale: (re)create the database portal_bench_<scale> on PostgreSQL, migrate, generate
the data (bench/generate.py), count the queries of each page in-process, serve the portal with
gunicorn pinned to CPU 0, load each page with wrk pinned to CPU 1 (closed loop, to saturation),
then at half that rate with bench/constant_rate.py (open loop), and time the reminder sweep and
the nearest-coordinator query alone. Writes bench/RESULTS.md and bench/RESULTS.json.

    .venv/bin/python bench/run.py                      # national then international
    .venv/bin/python bench/run.py --scale national     # one scale
    .venv/bin/python bench/run.py --scale tiny --quick # a self-check in a few minutes
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
PY = sys.executable
PG = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
SERVER_CPU, LOAD_CPU = "0", "1"
SECRET_KEY = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEF"
# Goals. Public pages against /healthz; logged-in pages against the logged-in baseline of their
# role (the layout for a signed-in person and nothing else).
GOAL_RATIO = {"national": 0.60, "international": 0.60}
GOAL_LOGGED_IN_RATIO = {"national": 0.40, "international": 0.35}
GOAL_CPU_MS = 15.0
GOAL_SCALE_GROWTH = 1.2  # international CPU per request at most this times national's
GOAL_P95_HALF_RATE_MS = 50.0
# The size of a page served by gunicorn may differ from the in-process one by a token or a
# date, never by a whole page: a log-in form or an error page is far smaller.
SIZE_TOLERANCE = 0.10
GOAL_NEAREST_P95_MS = 20.0
GOAL_SWEEP_S = 60.0
GOAL_TOTAL_MIN = 30.0


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


def sh(args: list[str], env: dict, capture: bool = False, check: bool = True) -> str:
    result = subprocess.run(
        args, cwd=ROOT, env=env, text=True, stdout=subprocess.PIPE if capture else None
    )
    if check and result.returncode:
        raise SystemExit(f"failed ({result.returncode}): {' '.join(args)}")
    return result.stdout or ""


def last_json(output: str) -> dict:
    for line in reversed(output.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            return json.loads(line)
    raise SystemExit(f"no JSON in output:\n{output[-2000:]}")


def require_tools() -> None:
    if shutil.which("taskset") is None:
        raise SystemExit("taskset is missing (util-linux).")
    if shutil.which("wrk") is None:
        if os.geteuid() == 0 and shutil.which("apt-get"):
            log("installing wrk (apt-get install -y wrk)")
            subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False)
        if shutil.which("wrk") is None:
            raise SystemExit(
                "wrk is missing: install it (Debian/Ubuntu: sudo apt-get install -y wrk)."
            )
    if not (Path(PY).parent / "gunicorn").exists():
        raise SystemExit("gunicorn is missing from the virtualenv: make install-dev.")


def django_env(database: str) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": f"{PG}/{database}",
            "DJANGO_ENV": "development",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "DJANGO_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            # wrk sends every request from one address: the API's limit per address would
            # answer 429 after the first few hundred (it is still counted on each request).
            "RATE_LIMIT_API": "1000000000",
        }
    )
    env.pop("REDIS_URL", None)  # eager Celery, locmem cache: the portal alone is measured
    return env


def recreate_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def vacuum(database: str, table: str = "", full: bool = False) -> None:
    """VACUUM (and ANALYZE): what autovacuum does in time on a server that has been running."""
    import psycopg

    with psycopg.connect(f"{PG}/{database}", autocommit=True) as conn:
        target = f'"{table}"' if table else ""
        conn.execute(f"VACUUM {'FULL ' if full else ''}ANALYZE {target}")


def checkpoint() -> None:
    """Write the server's dirty pages now (CHECKPOINT), so that an earlier step's writes (a
    generation, the sweep's rolled-back million rows and the vacuum after it) are not flushed in
    the middle of a load run: a checkpoint under load made two pages' p95 at half rate 80-90 ms
    instead of 6-27. Needs a superuser; without one, a line says the run goes on without it."""
    import psycopg

    try:
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute("CHECKPOINT")
    except psycopg.errors.InsufficientPrivilege:
        log("CHECKPOINT needs a superuser: the load runs may meet the server's own checkpoints")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a page: an expired session's redirect to the log-in form
    must never be measured as the page behind it."""

    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def http_answer(url: str, cookie: str = "") -> tuple[int, int]:
    """The status and the body's size of one request, redirects not followed."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with _OPENER.open(request, timeout=60) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, len(error.read() or b"")


def http_status(url: str, cookie: str = "") -> int:
    return http_answer(url, cookie)[0]


def answer_problem(status: int, size: int, expected_size: int) -> str:
    """Why a page's answer is not the page measured in-process ('' when it is)."""
    if status != 200:
        return f"HTTP {status}"
    if expected_size and abs(size - expected_size) > SIZE_TOLERANCE * expected_size:
        return f"{size} bytes served, {expected_size} in-process"
    return ""


class Server:
    """gunicorn serving config.wsgi, pinned to one CPU."""

    def __init__(self, env: dict, workers: int):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        args = ["taskset", "-c", SERVER_CPU, str(Path(PY).parent / "gunicorn"), "config.wsgi"]
        args += ["--bind", f"127.0.0.1:{self.port}", "--workers", str(workers)]
        args += ["--worker-class", "sync", "--timeout", "120", "--log-level", "warning"]
        args += ["--preload"]  # the application is imported once, before the workers fork
        self.process = subprocess.Popen(args, cwd=ROOT, env=env, start_new_session=True)

    def wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit("gunicorn stopped at start-up.")
            try:
                if http_status(f"{self.url}/healthz") == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit("gunicorn did not answer /healthz within 60 s.")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def wrk(url: str, cookie: str, seconds: int, connections: int) -> dict:
    args = ["taskset", "-c", LOAD_CPU, "wrk", "-t1", f"-c{connections}", f"-d{seconds}s"]
    args += ["--timeout", "30s", "-s", str(BENCH / "report.lua")]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(args + [url], text=True, capture_output=True, check=False)
    if output.returncode:
        raise SystemExit(f"wrk failed: {output.stderr}")
    return last_json(output.stdout)


def constant_rate(url: str, cookie: str, rate: float, seconds: int) -> dict:
    args = ["taskset", "-c", LOAD_CPU, PY, str(BENCH / "constant_rate.py"), url]
    args += ["--rate", f"{rate:.3f}", "--duration", str(seconds), "--timeout", "60"]
    if cookie:
        args += ["--cookie", cookie]
    output = subprocess.run(args, text=True, capture_output=True, check=False)
    if output.returncode:
        raise SystemExit(f"constant_rate failed: {output.stderr}")
    return last_json(output.stdout)


def run_scale(scale: str, args, durations: dict) -> dict:
    from scales import SCALES

    database = f"portal_bench_{scale}"
    env = django_env(database)
    result = {"scale": scale, "database": database, "sizes": SCALES[scale]}
    timings = result["timings_s"] = {}

    if not args.reuse_db:
        started = time.monotonic()
        log(f"{scale}: recreating {database} and migrating")
        recreate_database(database)
        sh([PY, "manage.py", "migrate", "--no-input", "-v0"], env)
        timings["migrate"] = round(time.monotonic() - started, 1)
        started = time.monotonic()
        log(f"{scale}: generating (seed {args.seed})")
        sh([PY, str(BENCH / "generate.py"), "--scale", scale, "--seed", str(args.seed)], env)
        vacuum(database)  # the visibility map too, as on a database that has been in use
        timings["generate"] = round(time.monotonic() - started, 1)
    if not args.collected:
        # DEBUG is off: pages need the manifest of the current static files (once per run).
        log("collectstatic")
        sh([PY, "manage.py", "collectstatic", "--no-input", "-v0"], env)
        args.collected = True

    log(f"{scale}: sessions and addresses")
    targets = last_json(sh([PY, str(BENCH / "inprocess.py"), "targets"], env, capture=True))
    log(f"{scale}: counting the queries of each page")
    started = time.monotonic()
    queries = last_json(sh([PY, str(BENCH / "inprocess.py"), "queries"], env, capture=True))
    timings["queries"] = round(time.monotonic() - started, 1)
    log(f"{scale}: EXPLAIN ANALYZE of each page's queries (cold)")
    started = time.monotonic()
    result["plans"] = last_json(sh([PY, str(BENCH / "inprocess.py"), "explain"], env, capture=True))
    timings["explain"] = round(time.monotonic() - started, 1)
    log(f"{scale}: CPU time per request in-process (median of {durations['cpu']}, warm)")
    started = time.monotonic()
    cpu = last_json(
        sh(
            [PY, str(BENCH / "inprocess.py"), "cpu", "--samples", str(durations["cpu"])],
            env,
            capture=True,
        )
    )
    timings["cpu"] = round(time.monotonic() - started, 1)
    result["pipeline_applications"] = targets.get("pipeline_applications")

    pages = []
    checkpoint()
    server = Server(env, args.workers)
    started = time.monotonic()
    try:
        server.wait()
        cookie_name = targets["cookie_name"]
        for page in targets["pages"]:
            cookie = f"{cookie_name}={page['session']}" if page["session"] else ""
            url = server.url + page["path"]
            # Warm every worker up on this page (templates, translations), and check that each
            # answer is the page itself: status 200, no redirect, the in-process size.
            count = 4 * args.workers
            with ThreadPoolExecutor(2 * args.workers) as pool:
                answers = list(pool.map(http_answer, [url] * count, [cookie] * count))
            expected_size = queries[page["name"]]["bytes"]
            problems = [answer_problem(st, size, expected_size) for st, size in answers]
            problem = next((p for p in problems if p), "")
            status = next((st for st, _ in answers if st != 200), 200)
            row = {
                "page": page["name"],
                "path": page["path"],
                "role": page["role"],
                "status": status,
                "queries": queries[page["name"]]["queries"],
                "queries_cold": queries[page["name"]]["queries_cold"],
                "bytes": queries[page["name"]]["bytes"],
                "queries_status": queries[page["name"]]["status"],
                "cpu_ms": cpu[page["name"]]["cpu_ms_median"],
                "cpu_ms_cold": cpu[page["name"]].get("cpu_ms_cold"),
                "problem": problem
                or ("" if queries[page["name"]]["status"] == 200 else "HTTP in-process"),
            }
            if row["problem"]:
                log(f"  {page['name']}: {row['problem']}, not measured")
                pages.append(row)
                continue
            row["wrk"] = wrk(url, cookie, durations["wrk"], args.connections)
            half = max(0.05, row["wrk"]["rps"] / 2)
            row["half_rate"] = constant_rate(url, cookie, half, durations["half"])
            log(
                f"  {page['name']}: {row['wrk']['rps']:.1f} req/s, p95 {row['wrk']['p95_ms']:.1f}"
                f" ms; at {half:.1f} req/s p95 {row['half_rate']['p95_ms']:.1f} ms;"
                f" {row['queries']} queries"
            )
            pages.append(row)
    finally:
        server.stop()
    timings["load"] = round(time.monotonic() - started, 1)
    measured = {p["page"]: p for p in pages if "wrk" in p}
    healthz = measured.get("healthz")
    for page in measured.values():
        if healthz:
            page["ratio"] = round(page["wrk"]["rps"] / healthz["wrk"]["rps"], 3)
        baseline = measured.get(targets["baselines"].get(page["role"], ""))
        if baseline and page is not baseline:
            page["ratio_logged_in"] = round(page["wrk"]["rps"] / baseline["wrk"]["rps"], 3)
    result["pages"] = pages

    # The nearest-coordinator query first: the sweep adds a million mandates in a transaction
    # it rolls back, which leaves the mandates' table and indexes full of dead rows.
    log(f"{scale}: the nearest-coordinator query alone")
    result["nearest"] = last_json(
        sh(
            [PY, str(BENCH / "inprocess.py"), "nearest", "--samples", str(durations["nearest"])],
            env,
            capture=True,
        )
    )
    count = args.sweep_mandates or SCALES[scale]["sweep_mandates"]
    log(f"{scale}: the reminder sweep over {count:,} active mandates")
    started = time.monotonic()
    result["sweep"] = last_json(
        sh([PY, str(BENCH / "inprocess.py"), "sweep", "--count", str(count)], env, capture=True)
    )
    timings["sweep"] = round(time.monotonic() - started, 1)
    # Give the tables back their size (what autovacuum would do in time), for a --reuse-db run:
    # the sweep's mandates and the reminders it recorded were rolled back, but stay as dead
    # rows until a vacuum (half a million in the outbox made the dashboard's count of failed
    # messages take 80 ms instead of 0.5 on the next run).
    for table in ("coordinations_mandate", "messaging_outgoingmessage"):
        vacuum(database, table, full=True)
    checkpoint()
    return result


def machine() -> dict:
    info = {"python": platform.python_version(), "kernel": platform.release()}
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        models = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.splitlines()
            if line.startswith("model name")
        ]
        info["cpu"] = f"{len(models)} × {models[0]}" if models else "unknown"
    except OSError:
        info["cpu"] = "unknown"
    try:
        meminfo = Path("/proc/meminfo").read_text().split()
        info["memory_gib"] = round(int(meminfo[meminfo.index("MemTotal:") + 1]) / 2**20, 1)
    except (OSError, ValueError):
        pass
    for name, command in (
        ("postgresql", ["psql", "--version"]),
        ("wrk", ["wrk", "--version"]),
        ("gunicorn", [str(Path(PY).parent / "gunicorn"), "--version"]),
    ):
        try:
            out = subprocess.run(command, capture_output=True, text=True, check=False)
            info[name] = (out.stdout or out.stderr).strip().splitlines()[0]
        except (OSError, IndexError):
            info[name] = "unknown"
    try:
        import django

        info["django"] = django.get_version()
    except ImportError:
        pass
    info["load_average_at_start"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return info


def mark(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**not met**")


def _is_public(page: dict) -> bool:
    return page["role"] == "anonymous" and page["page"] != "healthz"


def _is_logged_in_page(page: dict) -> bool:
    return page["role"] != "anonymous" and not page["page"].startswith("logged-in baseline")


def goals(results: dict) -> list[str]:
    lines = []
    scales = results["scales"]
    for scale, data in scales.items():
        if scale not in GOAL_RATIO:
            continue
        public = [p for p in data["pages"] if _is_public(p)]
        below = [p["page"] for p in public if p.get("ratio", 0) < GOAL_RATIO[scale]]
        worst = min(public, key=lambda p: p.get("ratio", 0))
        lines.append(
            f"- Public pages ≥ {GOAL_RATIO[scale]:.0%} of /healthz at {scale}: {mark(not below)}"
            f" (lowest: {worst['page']}, {worst.get('ratio', 0):.0%})"
            + (f"; below: {', '.join(below)}" if below else "")
        )
        logged = [p for p in data["pages"] if _is_logged_in_page(p)]
        minimum = GOAL_LOGGED_IN_RATIO[scale]
        below = [p["page"] for p in logged if p.get("ratio_logged_in", 0) < minimum]
        worst = min(logged, key=lambda p: p.get("ratio_logged_in", 0))
        lines.append(
            f"- Logged-in pages ≥ {minimum:.0%} of the logged-in baseline at {scale}: "
            f"{mark(not below)} (lowest: {worst['page']}, {worst.get('ratio_logged_in', 0):.0%})"
            + (f"; below: {', '.join(below)}" if below else "")
        )
        above = [p["page"] for p in logged if p.get("cpu_ms", 1e9) > GOAL_CPU_MS]
        heaviest = max(logged, key=lambda p: p.get("cpu_ms", 0))
        lines.append(
            f"- Logged-in pages ≤ {GOAL_CPU_MS:.0f} ms of CPU per request in-process at {scale}: "
            f"{mark(not above)} (highest: {heaviest['page']}, {heaviest.get('cpu_ms', 0):.1f} ms)"
            + (f"; above: {', '.join(above)}" if above else "")
        )
        rated = [p for p in data["pages"] if "half_rate" in p and p["page"] != "healthz"]
        if rated:
            worst = max(rated, key=lambda p: p["half_rate"]["p95_ms"])
            slow = [p["page"] for p in rated if p["half_rate"]["p95_ms"] > GOAL_P95_HALF_RATE_MS]
            lines.append(
                f"- p95 ≤ {GOAL_P95_HALF_RATE_MS:.0f} ms at half the saturating rate at {scale}: "
                f"{mark(not slow and len(rated) == len(data['pages']) - 1)} (highest: "
                f"{worst['page']}, {worst['half_rate']['p95_ms']:.1f} ms)"
                + (f"; above: {', '.join(slow)}" if slow else "")
            )
    if "national" in scales and "international" in scales:
        national = {p["page"]: p for p in scales["national"]["pages"]}
        grown = []
        for page in scales["international"]["pages"]:
            before = national.get(page["page"], {}).get("cpu_ms")
            if before and page.get("cpu_ms", 0) > GOAL_SCALE_GROWTH * before:
                grown.append(f"{page['page']} ({before:.1f} → {page['cpu_ms']:.1f} ms)")
        lines.append(
            f"- International ≤ {GOAL_SCALE_GROWTH}× national CPU per request, every page: "
            f"{mark(not grown)}" + (f" — above: {', '.join(grown)}" if grown else "")
        )
        nearest = scales["international"]["nearest"]["all coordinations"]["p95_ms"]
        lines.append(
            f"- Nearest coordinators ≤ {GOAL_NEAREST_P95_MS:.0f} ms p95 at international "
            f"(query alone): {mark(nearest <= GOAL_NEAREST_P95_MS)} ({nearest:.1f} ms)"
        )
        sweep = scales["international"]["sweep"]
        lines.append(
            f"- Reminder sweep over {sweep['count']:,} mandates ≤ {GOAL_SWEEP_S:.0f} s: "
            f"{mark(sweep['morning_run_s'] <= GOAL_SWEEP_S and sweep['count'] >= 1_000_000)} "
            f"(whole morning run {sweep['morning_run_s']:.1f} s; mandate sweep "
            f"{sweep['mandate_sweep_s']:.1f} s)"
        )
        grows = sweep["peak_mib_at_full"] > 2 * max(sweep["peak_mib_at_tenth"], 1.0)
        lines.append(
            f"- Sweep memory does not grow with the count: {mark(not grows)} (tracemalloc peak "
            f"{sweep['peak_mib_at_tenth']:.1f} MiB at {sweep['tenth']:,} mandates, "
            f"{sweep['peak_mib_at_full']:.1f} MiB at {sweep['count']:,}; criterion: less than "
            "twice the peak at a tenth of the count)"
        )
        a = {p["page"]: (p["queries"], p.get("queries_cold")) for p in scales["national"]["pages"]}
        b = {
            p["page"]: (p["queries"], p.get("queries_cold"))
            for p in scales["international"]["pages"]
        }
        differ = [f"{k} ({a[k]} → {b.get(k)})" for k in a if a[k] != b.get(k)]
        lines.append(
            f"- Query counts identical at both scales: {mark(not differ)}"
            + (f" — differ: {', '.join(differ)}" if differ else "")
        )
    else:
        lines.append("- Scale goals (growth, sweep, nearest, query counts): n/a (one scale run)")
    total = results.get("total_minutes")
    if total is not None and "national" in scales and "international" in scales:
        lines.append(
            f"- `make bench` under {GOAL_TOTAL_MIN:.0f} min: {mark(total <= 30)} ({total:.1f} min)"
        )
    return lines


def write_report(results: dict, folder: Path) -> Path:
    m = results["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Run on {results['date']} by `bench/run.py {results['arguments']}` "
        f"({results['total_minutes']:.1f} min in all).",
        "",
        f"- Machine: {m.get('cpu')}, {m.get('memory_gib')} GiB of memory, Linux {m.get('kernel')}"
        f" (load average at start: {m.get('load_average_at_start')})",
        f"- Software: Python {m.get('python')}, Django {m.get('django')}, {m.get('postgresql')}, "
        f"{m.get('gunicorn')}, {m.get('wrk')}",
        f"- Server: gunicorn, {results['workers']} sync worker(s), pinned to CPU {SERVER_CPU}; "
        f"load generators pinned to CPU {LOAD_CPU}; DEBUG off, no Redis (locmem cache, eager "
        "Celery).",
        f"- Durations: wrk {results['durations']['wrk']} s per page with "
        f"{results['connections']} connections (closed loop: the saturating rate); then "
        f"bench/constant_rate.py at half that rate for {results['durations']['half']} s (open "
        "loop, latency counted from each request's due time).",
        "- Queries: counted in-process (django.test.Client + CaptureQueriesContext), same "
        "database: *warm* on a second request to the page (what the load run measures: public "
        "pages then come from the page cache, the dashboard's figures from the cache), *cold* on "
        "a first request with an empty cache (the cost after any change to the data).",
        "- KiB: the size of the page's HTML.",
        "",
        "- Ratios: every page against `/healthz`; a logged-in page also against the logged-in "
        "baseline of its role (`/fr/signed-in/`: the layout for that person, no other data).",
        "- CPU ms: CPU time of one request in-process (django.test.Client, median of "
        f"{results['durations']['cpu']} warm requests, taken in 5 passes over all the pages; the "
        "database server's time is not in it); "
        "*cold*: the median of 5 requests each after emptying the cache (what the first visitor "
        "pays after a change to what the page shows).",
        "",
        "| page | role | scale | req/s | ratio to /healthz | ratio to logged-in baseline "
        "| CPU ms | CPU ms cold | p50 ms | p95 ms | p95 at half rate ms | queries warm "
        "| queries cold | KiB |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for scale, data in results["scales"].items():
        for page in data["pages"]:
            if "wrk" not in page:
                lines.append(
                    f"| {page['page']} | {page['role']} | {scale} | "
                    f"⚠ {page.get('problem') or page['status']} | | | | | | | | "
                    f"{page['queries']} | {page.get('queries_cold', '')} | |"
                )
                continue
            w, h = page["wrk"], page["half_rate"]
            name = f"{page['page']} (baseline)" if page["page"] == "healthz" else page["page"]
            errors = w["non_2xx_3xx"] + w["timeouts"] + h["errors"]
            if errors:
                name += f" (⚠ {errors} errors or timeouts)"
            logged_in = page.get("ratio_logged_in")
            lines.append(
                f"| {name} | {page['role']} | {scale} | {w['rps']:.1f} | "
                f"{page.get('ratio', 0):.0%} | {'' if logged_in is None else f'{logged_in:.0%}'} | "
                f"{page.get('cpu_ms', 0):.1f} | {page.get('cpu_ms_cold') or 0:.1f} | "
                f"{w['p50_ms']:.1f} | {w['p95_ms']:.1f} | "
                f"{h['p95_ms']:.1f} | {page['queries']} | {page.get('queries_cold', '')} | "
                f"{page.get('bytes', 0) / 1024:.0f} |"
            )
    lines += ["", "## Reminder sweep", ""]
    lines += [
        "Timed in-process over a dedicated set of active lead mandates (end dates on every day of "
        "the next 24 months) added to the scale's data inside a transaction that is rolled back: "
        "finding what is due and recording the reminders (rendering the e-mails), not their "
        "delivery (a Celery task per e-mail).",
        "",
        "| scale | mandates | morning run s | mandate sweep s | reminders recorded | "
        "peak MiB at a tenth | peak MiB at all |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for scale, data in results["scales"].items():
        s = data["sweep"]
        lines.append(
            f"| {scale} | {s['mandates_in_table']:,} | {s['morning_run_s']:.2f} | "
            f"{s['mandate_sweep_s']:.2f} | {s['mandate_sweep_recorded']:,} | "
            f"{s['peak_mib_at_tenth']:.2f} | {s['peak_mib_at_full']:.2f} |"
        )
    lines += ["", "## Nearest coordinators (the query alone)", ""]
    lines += [
        "groups.selectors.nearest_coordinators for random active groups.",
        "",
        "| scale | filter | samples | p50 ms | p95 ms | rows returned (mean) |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for scale, data in results["scales"].items():
        for label, n in data["nearest"].items():
            lines.append(
                f"| {scale} | {label} | {n['samples']} | {n['p50_ms']:.2f} | {n['p95_ms']:.2f} | "
                f"{n['rows_mean']} |"
            )
    lines += ["", "## Query plans (EXPLAIN ANALYZE of each page's read queries, cold cache)", ""]
    lines += [
        "Every read query of a page's first request with an empty cache, explained on the same "
        "database. A sequential scan of a large table (over 20,000 rows) is what a missing index "
        "looks like; the indexes are those the plans used.",
        "",
        "| scale | page | queries | total ms | slowest ms | sequential scans of large tables "
        "| indexes used |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for scale, data in results["scales"].items():
        for name, plan in data.get("plans", {}).get("pages", {}).items():
            lines.append(
                f"| {scale} | {name} | {plan['queries']} | {plan['total_ms']:.1f} | "
                f"{plan['slowest_ms']:.1f} | {', '.join(plan['seq_scans']) or '–'} | "
                f"{', '.join(plan['indexes']) or '–'} |"
            )
    lines += ["", "## Timings of the run", "", "| scale | step | seconds |", "|---|---|---:|"]
    for scale, data in results["scales"].items():
        for step, seconds in data["timings_s"].items():
            lines.append(f"| {scale} | {step} | {seconds} |")
    lines += ["", "## Goals", ""] + goals(results) + [""]
    path = folder / "RESULTS.md"
    path.write_text("\n".join(lines))
    return path


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark the portal (see bench/README.md).")
    parser.add_argument(
        "--scale",
        action="append",
        choices=["tiny", "national", "international"],
        help="repeat for several; default: national and international",
    )
    parser.add_argument("--quick", action="store_true", help="short durations (about 5 s a page)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (CPU 0)")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--duration", type=int, help="wrk seconds per page")
    parser.add_argument("--sweep-mandates", type=int, help="override the sweep's mandate count")
    parser.add_argument(
        "--reuse-db", action="store_true", help="keep the generated database(s) of a previous run"
    )
    parser.add_argument("--output", type=Path, help="folder for RESULTS.md and RESULTS.json")
    args = parser.parse_args(argv)
    args.collected = False
    scales = args.scale or ["national", "international"]
    durations = (
        {"wrk": 5, "half": 3, "nearest": 50, "cpu": 20}
        if args.quick
        else {"wrk": 12, "half": 8, "nearest": 200, "cpu": 50}
    )
    if args.duration:
        durations["wrk"] = args.duration
    # A self-check (tiny scale only) never overwrites the results of the real scales.
    folder = args.output or (BENCH / "out" if set(scales) == {"tiny"} else BENCH)
    folder.mkdir(parents=True, exist_ok=True)
    if (os.cpu_count() or 1) < 2:
        raise SystemExit("The benchmark pins the server and the load generator to two CPUs.")
    require_tools()

    started = time.monotonic()
    results = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "arguments": " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": machine(),
        "workers": args.workers,
        "connections": args.connections,
        "durations": durations,
        "scales": {},
    }
    for scale in scales:
        results["scales"][scale] = run_scale(scale, args, durations)
    results["total_minutes"] = round((time.monotonic() - started) / 60, 2)
    (folder / "RESULTS.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    report = write_report(results, folder)
    log(f"written {report} and {folder / 'RESULTS.json'}")
    print(report.read_text())
    # A page that answered something else than itself (an error, a redirect to the log-in form,
    # a page of another size) was not measured: the run fails, whatever the scale.
    wrong = [
        f"{scale}: {page['page']} ({page['problem']})"
        for scale, data in results["scales"].items()
        for page in data["pages"]
        if page.get("problem")
    ]
    if wrong:
        raise SystemExit("Pages that did not answer as expected: " + "; ".join(wrong))


if __name__ == "__main__":
    main()
