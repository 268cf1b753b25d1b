"""Production refuses unsafe settings; with proper variables, Django's deployment check is clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "a-production-secret-that-is-long-and-random-7f3c9a1e5b2d8f4a6c0e9b1d3f5a7c9e",
    "DJANGO_ALLOWED_HOSTS": "portal.example.org",
    "SITE_URL": "https://portal.example.org",
    "DJANGO_SETTINGS_MODULE": "config.settings",
}


def run(code_or_args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(PRODUCTION)
    env.update(env_overrides)
    env = {k: v for k, v in env.items() if v is not None}
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_the_development_secret_key():
    result = run("import django; django.setup()", DJANGO_SECRET_KEY=None)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def example_secret_key() -> str:
    """The placeholder that .env.example gives, exactly."""
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.startswith("DJANGO_SECRET_KEY="):
            return line.removeprefix("DJANGO_SECRET_KEY=")
    raise AssertionError(".env.example gives no DJANGO_SECRET_KEY")


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(example_secret_key(), id="the example's placeholder"),
        pytest.param("development-only-key-never-use-in-production-0123456789abcdefghij", id="dev"),
        pytest.param("please-CHANGE-ME-" + "7f3c9a1e5b2d8f4a6c0e9b1d3f5a7c9e" * 2, id="change-me"),
        pytest.param("a-short-but-random-7f3c9a1e", id="short"),
    ],
)
def test_production_refuses_a_placeholder_secret_key(key):
    result = run("import config.settings", DJANGO_SECRET_KEY=key)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = run("import django; django.setup()", DJANGO_DEBUG="true")
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_development_defaults_are_safe_and_embedded():
    result = run(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND, "
        "s.TIME_ZONE, s.LANGUAGE_CODE)",
        DJANGO_ENV="development",
        DJANGO_SECRET_KEY=None,
        REDIS_URL="",
        EMAIL_HOST="",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
        "Europe/Brussels",
        "fr",
    ]


def test_deployment_check_is_clean_with_production_variables():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
