"""Real services for the tests that need them: Redis, a Celery worker in its own process, and
the address of the test database for that process.

The worker runs the portal's real settings (config.settings) against the test database, so the
test must commit what the worker is to see (``django_db(transaction=True)``).
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection

from tests.conftest import IN_CI


def redis_url() -> str:
    # CI runs Redis on this machine in both rounds; elsewhere REDIS_URL says where it is.
    return os.environ.get("REDIS_URL") or ("redis://127.0.0.1:6379/15" if IN_CI else "")


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def redis_reachable(url: str) -> bool:
    if not url:
        return False
    parts = urlsplit(url)
    return reachable(parts.hostname, parts.port or 6379)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """The address of the test database, for a worker in another process."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def start_worker(*, broker: str, queues: list[str], env: dict | None = None) -> subprocess.Popen:
    """A real Celery worker (one process, --pool=solo) on ``broker`` consuming ``queues``, with
    the test database; ``env`` adds or overrides environment variables (its e-mail settings)."""
    environment = {
        **os.environ,
        "REDIS_URL": broker,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **(env or {}),
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-Q",
            ",".join(queues),
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "--loglevel=INFO",
        ],
        cwd=Path(settings.BASE_DIR),
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop(process: subprocess.Popen, timeout: float = 30) -> str:
    """Stop a process started by a test (if still running) and return what it printed."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)
    return process.stdout.read() if process.stdout else ""


def wait_until(condition, *, seconds: float, what: str, processes=(), interval: float = 0.2):
    """Poll ``condition`` until it is true; fail with the processes' output if it never is."""
    import pytest

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        for process in processes:
            if process.poll() is not None:
                pytest.fail(f"{what}: a process stopped:\n{stop(process)[-3000:]}")
        time.sleep(interval)
    logs = "\n".join(stop(process)[-3000:] for process in processes)
    pytest.fail(f"{what}: not within {seconds} s\n{logs}")
