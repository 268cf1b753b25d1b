"""An open-loop load generator: requests sent at a fixed rate, whatever the server's pace.

    python bench/constant_rate.py http://127.0.0.1:8765/healthz --rate 50 --duration 10 \\
        [--cookie "sessionid=..."]

Request i is due at start + i / rate; its latency runs from that due time to the end of the
response, so a server that falls behind shows it in the figures (no coordinated omission).
Threads send the requests (one connection per request, as wrk does with gunicorn's sync
workers). Prints one JSON line: sent, ok, errors, achieved rate, p50/p95/p99/max in ms.
"""

import argparse
import http.client
import json
import threading
import time
from urllib.parse import urlsplit


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def run(
    url: str,
    rate: float,
    duration: float,
    cookie: str = "",
    threads: int = 32,
    timeout: float = 10.0,
) -> dict:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = {"Cookie": cookie} if cookie else {}
    total = max(1, int(rate * duration))
    start = time.perf_counter() + 0.1
    lock = threading.Lock()
    counter = iter(range(total))
    latencies: list[float] = []
    errors: list[str] = []

    def worker() -> None:
        while True:
            with lock:
                index = next(counter, None)
            if index is None:
                return
            due = start + index / rate
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            try:
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                conn.close()
                ok = 200 <= response.status < 400
            except OSError as error:
                ok, response = False, error
            finished = time.perf_counter()
            with lock:
                if ok:
                    latencies.append((finished - due) * 1000)
                else:
                    errors.append(str(getattr(response, "status", response)))

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - start
    return {
        "target_rate": round(rate, 2),
        "duration_s": round(elapsed, 2),
        "sent": total,
        "ok": len(latencies),
        "errors": len(errors),
        "error_sample": errors[:3],
        "achieved_rate": round(len(latencies) / elapsed, 2) if elapsed > 0 else 0.0,
        "p50_ms": round(percentile(latencies, 50), 2),
        "p95_ms": round(percentile(latencies, 95), 2),
        "p99_ms": round(percentile(latencies, 99), 2),
        "max_ms": round(max(latencies, default=0.0), 2),
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url")
    parser.add_argument("--rate", type=float, required=True, help="requests per second")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds")
    parser.add_argument("--cookie", default="")
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--timeout", type=float, default=10.0)
    args = parser.parse_args(argv)
    result = run(args.url, args.rate, args.duration, args.cookie, args.threads, args.timeout)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
