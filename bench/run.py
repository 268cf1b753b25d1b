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
# Goals of the issue.
GOAL_RATIO = {"national": 0.40, "international": 0.25}
GOAL_P95_HALF_RATE_MS = 100.0
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_status(url: str, cookie: str = "") -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


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

    pages = []
    server = Server(env, args.workers)
    started = time.monotonic()
    try:
        server.wait()
        cookie_name = targets["cookie_name"]
        for page in targets["pages"]:
            cookie = f"{cookie_name}={page['session']}" if page["session"] else ""
            url = server.url + page["path"]
            # Warm every worker up on this page (templates, translations), and check it answers.
            count = 4 * args.workers
            with ThreadPoolExecutor(2 * args.workers) as pool:
                statuses = list(pool.map(http_status, [url] * count, [cookie] * count))
            status = next((s for s in statuses if s != 200), 200)
            row = {
                "page": page["name"],
                "path": page["path"],
                "role": page["role"],
                "status": status,
                "queries": queries[page["name"]]["queries"],
                "queries_cold": queries[page["name"]]["queries_cold"],
                "bytes": queries[page["name"]]["bytes"],
                "queries_status": queries[page["name"]]["status"],
            }
            if status != 200:
                log(f"  {page['name']}: HTTP {status}, not measured")
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
    baseline = next((p for p in pages if p["page"] == "healthz" and "wrk" in p), None)
    for page in pages:
        if baseline and "wrk" in page:
            page["ratio"] = round(page["wrk"]["rps"] / baseline["wrk"]["rps"], 3)
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
    # Give the table back its size (what autovacuum would do in time), for a --reuse-db run.
    vacuum(database, "coordinations_mandate", full=True)
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


def goals(results: dict) -> list[str]:
    lines = []
    scales = results["scales"]
    for scale, minimum in GOAL_RATIO.items():
        if scale not in scales:
            lines.append(
                f"- Every main page ≥ {minimum:.0%} of the baseline at {scale}: n/a (not run)"
            )
            continue
        pages = [p for p in scales[scale]["pages"] if p["page"] != "healthz"]
        worst = min(pages, key=lambda p: p.get("ratio", 0))
        ok = all(p.get("ratio", 0) >= minimum for p in pages)
        below = [p["page"] for p in pages if p.get("ratio", 0) < minimum]
        lines.append(
            f"- Every main page ≥ {minimum:.0%} of the baseline req/s at {scale}: {mark(ok)}"
            f" (lowest: {worst['page']}, {worst.get('ratio', 0):.0%})"
            + (f"; below: {', '.join(below)}" if below else "")
        )
    if "national" in scales:
        pages = [p for p in scales["national"]["pages"] if "half_rate" in p]
        worst = max(pages, key=lambda p: p["half_rate"]["p95_ms"])
        ok = all(p["half_rate"]["p95_ms"] <= GOAL_P95_HALF_RATE_MS for p in pages) and len(
            pages
        ) == len(scales["national"]["pages"])
        lines.append(
            f"- p95 ≤ {GOAL_P95_HALF_RATE_MS:.0f} ms at half the saturating rate, national: "
            f"{mark(ok)} (highest: {worst['page']}, {worst['half_rate']['p95_ms']:.1f} ms)"
        )
    else:
        lines.append("- p95 at half the saturating rate, national: n/a (not run)")
    if "international" in scales:
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
    else:
        lines.append("- Nearest coordinators ≤ 20 ms p95 at international: n/a (not run)")
        lines.append("- Reminder sweep over 1,000,000 mandates ≤ 60 s: n/a (not run)")
    if "national" in scales and "international" in scales:
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
        lines.append("- Query counts identical at both scales: n/a (both scales not run together)")
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
        "| page | scale | req/s | ratio to baseline | p50 ms | p95 ms | p95 at half rate ms "
        "| queries warm | queries cold | KiB |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for scale, data in results["scales"].items():
        for page in data["pages"]:
            if "wrk" not in page:
                lines.append(
                    f"| {page['page']} | {scale} | HTTP {page['status']} | | | | | "
                    f"{page['queries']} | {page.get('queries_cold', '')} | |"
                )
                continue
            w, h = page["wrk"], page["half_rate"]
            name = f"{page['page']} (baseline)" if page["page"] == "healthz" else page["page"]
            errors = w["non_2xx_3xx"] + w["timeouts"] + h["errors"]
            if errors:
                name += f" (⚠ {errors} errors or timeouts)"
            lines.append(
                f"| {name} | {scale} | {w['rps']:.1f} | {page.get('ratio', 0):.0%} | "
                f"{w['p50_ms']:.1f} | {w['p95_ms']:.1f} | {h['p95_ms']:.1f} | {page['queries']} | "
                f"{page.get('queries_cold', '')} | {page.get('bytes', 0) / 1024:.0f} |"
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
        {"wrk": 5, "half": 3, "nearest": 50}
        if args.quick
        else {"wrk": 12, "half": 8, "nearest": 200}
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


if __name__ == "__main__":
    main()
