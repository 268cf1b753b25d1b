"""`make run ADDRESS=...`: the links of the e-mails it prints point to the address it serves on,
unless SITE_URL says otherwise (README, "Demo logins")."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def make_run(tmp_path: Path, *arguments: str, **environment: str) -> list[str]:
    """What `make run` would run, with a Python that only says its SITE_URL and arguments."""
    python = tmp_path / "python"
    python.write_text('#!/bin/sh\necho "$SITE_URL $*"\n')
    python.chmod(0o755)
    env = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    result = subprocess.run(
        # -o: never reinstall the environment for this (its marker is taken as up to date).
        ["make", "-s", "-o", ".venv/.deps-run", "run", f"PY={python}", *arguments],
        cwd=settings.BASE_DIR,
        env={**env, **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if "manage.py" in line]


def test_the_default_address(tmp_path):
    lines = make_run(tmp_path)
    assert lines[-1] == "http://127.0.0.1:8000 manage.py runserver 127.0.0.1:8000"
    assert all(line.startswith("http://127.0.0.1:8000 ") for line in lines)


@pytest.mark.parametrize(
    "address, site_url",
    [
        ("0.0.0.0:8080", "http://127.0.0.1:8080"),
        ("127.0.0.1:8090", "http://127.0.0.1:8090"),
        ("8081", "http://127.0.0.1:8081"),
        ("localhost:9000", "http://localhost:9000"),
    ],
)
def test_the_links_follow_address(tmp_path, address, site_url):
    lines = make_run(tmp_path, f"ADDRESS={address}")
    assert lines[-1] == f"{site_url} manage.py runserver {address}"
    assert all(line.startswith(f"{site_url} ") for line in lines)  # load_demo too


def test_site_url_wins(tmp_path):
    lines = make_run(tmp_path, "ADDRESS=0.0.0.0:8080", SITE_URL="http://192.168.1.20:8080")
    assert lines[-1] == "http://192.168.1.20:8080 manage.py runserver 0.0.0.0:8080"


def test_the_readme_says_so():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    assert "make run ADDRESS=0.0.0.0:8080" in readme
    # Its first two commands stay the two commands.
    assert readme.split("```sh\n", 1)[1].startswith("make run ")
    assert "\nmake test " in readme.split("```", 2)[1]
