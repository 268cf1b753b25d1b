"""Settings for the test suite: the real settings, with what makes tests fast and isolated."""

import os

from config.settings import *  # noqa: F403
from config.settings import BASE_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# WhiteNoise's manifest storage fails on every {% static %} without collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Tasks run in the test process; the worker integration test switches to the broker itself.
CELERY_TASK_ALWAYS_EAGER = True
# Each test starts with an empty cache (conftest clears it), so rate limits do not leak.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The same sessions in both rounds; tests/test_resilience.py reads them from its own Redis.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
PRIVATE_MEDIA_ROOT = BASE_DIR / "test-output" / "private-media"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The caches of production, whatever DEBUG says: the tests check that nothing shown is stale.
PUBLIC_PAGE_CACHE_SECONDS = 300
DASHBOARD_CACHE_SECONDS = 120
FRAGMENT_CACHE_SECONDS = 900
ACCOUNT_EMAIL_VERIFICATION = "mandatory"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file rather than memory, so that a real Celery worker started by a test can open it;
    # one per test process, so that several test runs on one machine never share it.
    (BASE_DIR / "test-output").mkdir(exist_ok=True)
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(BASE_DIR / "test-output" / f"test-db-{os.getpid()}.sqlite3")
    }
