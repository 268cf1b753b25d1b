"""Celery beat's scheduler, with a heartbeat for the container's health check.

Beat wakes up at least once a minute (the outbox relay and the dashboard run every minute) and
touches BEAT_HEARTBEAT_FILE each time; docker compose's health check says beat is unhealthy when
the file is older than BEAT_HEARTBEAT_MAX_AGE seconds (beat stopped, hung, or stuck publishing to
an unreachable broker), and restarts it.
"""

import os
import time
from pathlib import Path

from celery.beat import PersistentScheduler

HEARTBEAT_FILE = Path(os.environ.get("BEAT_HEARTBEAT_FILE", "/tmp/celerybeat-heartbeat"))
HEARTBEAT_MAX_AGE = int(os.environ.get("BEAT_HEARTBEAT_MAX_AGE", "180"))


class HeartbeatScheduler(PersistentScheduler):
    def tick(self, *args, **kwargs):
        interval = super().tick(*args, **kwargs)
        beat(HEARTBEAT_FILE)
        return interval


def beat(path: Path) -> None:
    path.touch()


def alive(path: Path = HEARTBEAT_FILE, max_age: int = HEARTBEAT_MAX_AGE) -> bool:
    """Whether beat touched its heartbeat recently (the health check runs ``python -m
    config.beat``)."""
    try:
        return time.time() - path.stat().st_mtime < max_age
    except FileNotFoundError:
        return False


if __name__ == "__main__":
    raise SystemExit(0 if alive() else 1)
