"""A Redis server of the test's own, to stop and start at will: the machine's Redis (6379) is
shared by everything else and is never stopped by a test.

The server keeps nothing on disk (``--save "" --appendonly no``) and listens on 127.0.0.1 on a
free port of its own, kept across a stop and a start (a broker or cache that goes away and comes
back). The resilience tests and the outbox's fault tests share it.
"""

import shutil
import subprocess
import time

import redis

from tests.conftest import require_service
from tests.workers import free_port


class OwnRedis:
    def __init__(self):
        require_service(shutil.which("redis-server") is not None, "redis-server is not installed")
        # A free port, never a fixed one: two test processes would both find it free and end up
        # sharing (and stopping) one server.
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        if self.running:
            return
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--loglevel",
                "warning",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url(), socket_connect_timeout=0.2, socket_timeout=0.2)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    return
            except redis.RedisError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        """Stop this server (only ever the one this object started, by its process)."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def client(self, db: int = 0) -> redis.Redis:
        return redis.Redis.from_url(self.url(db), socket_connect_timeout=0.5, socket_timeout=0.5)
