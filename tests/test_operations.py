"""Operations: docker compose migrates once before anything starts, checks beat's health, gives
a worker time to finish sending, rotates the logs; beat's heartbeat behind its health check."""

import os
import re
import time
from unittest import mock

from celery.beat import PersistentScheduler
from django.conf import settings

from config import beat

COMPOSE = (settings.BASE_DIR / "docker-compose.yml").read_text()


def service(name: str) -> str:
    """The text of one service of docker-compose.yml (up to the next service)."""
    services = COMPOSE.split("\nservices:\n", 1)[1]
    match = re.search(rf"^  {name}:\n(.*?)(?=^  [a-z-]+:\n|^volumes:)", services, re.M | re.S)
    assert match, f"no service {name} in docker-compose.yml"
    return match.group(1)


def seconds(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)(s|m)", value).groups()
    return int(number) * (60 if unit == "m" else 1)


def test_a_one_shot_migrate_service_runs_before_the_others():
    migrate = service("migrate")
    assert '"manage.py", "migrate", "--no-input"' in migrate
    assert 'restart: "no"' in migrate
    assert "migrate:\n    condition: service_completed_successfully" in COMPOSE
    for name in ("web", "worker", "beat"):
        assert "depends_on: *after-migrate" in service(name), name
    assert "manage.py migrate" not in service("web")  # no more migrating in each web start


def test_beat_has_a_health_check():
    assert '["CMD", "python", "-m", "config.beat"]' in service("beat")


def test_a_stopping_worker_has_longer_than_the_smtp_timeout():
    grace = re.search(r"stop_grace_period: (\S+)", service("worker")).group(1)
    assert seconds(grace) > settings.EMAIL_TIMEOUT
    web_grace = re.search(r"stop_grace_period: (\S+)", service("web")).group(1)
    assert seconds(web_grace) > 30  # gunicorn's graceful timeout (config/gunicorn.py)


def test_every_container_s_log_is_rotated():
    assert re.search(
        r"driver: json-file\n\s+options:\n\s+max-size: \"\d+m\"\n\s+max-file:", COMPOSE
    )
    for name in ("db", "redis", "cache", "migrate", "web", "worker", "beat"):
        text = service(name)
        assert "logging: *logging" in text or "<<: *portal" in text, name


def test_gunicorn_gives_up_after_the_database_does():
    assert '"gunicorn", "-c", "config/gunicorn.py"' in service("web")
    from config import gunicorn

    assert gunicorn.timeout * 1000 > 15000  # DB_STATEMENT_TIMEOUT_MS of a web request


def test_beat_touches_its_heartbeat_at_each_tick(tmp_path, monkeypatch):
    heartbeat = tmp_path / "heartbeat"
    monkeypatch.setattr(beat, "HEARTBEAT_FILE", heartbeat)
    assert not beat.alive(heartbeat)
    scheduler = beat.HeartbeatScheduler.__new__(beat.HeartbeatScheduler)
    with mock.patch.object(PersistentScheduler, "tick", return_value=42.0):
        assert scheduler.tick() == 42.0
    assert beat.alive(heartbeat)
    old = time.time() - beat.HEARTBEAT_MAX_AGE - 1
    os.utime(heartbeat, (old, old))
    assert not beat.alive(heartbeat)  # beat stopped ticking: the check fails, compose restarts it


def test_beat_runs_the_heartbeat_scheduler():
    assert settings.CELERY_BEAT_SCHEDULER == "config.beat:HeartbeatScheduler"
    assert settings.CELERY_BEAT_MAX_LOOP_INTERVAL <= 60
    assert settings.CELERY_BEAT_SCHEDULE["orphan-files"]["task"] == (
        "recruitment.tasks.cleanup_orphan_files"
    )
