"""Backups: `manage.py backup` writes the database and the private files as one set, and
`manage.py restore` puts them back, checked; the demo's figures are the same after a round trip."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from config.backups import MANIFEST, MEDIA_ARCHIVE, BackupError, backup_read
from coordinations.models import Coordination
from recruitment.models import Application
from tests.conftest import require_postgresql, require_service
from tests.recruitment.factories import ApplicationFactory
from tests.recruitment.files import pdf_bytes

CV = pdf_bytes()


@pytest.fixture
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return settings.PRIVATE_MEDIA_ROOT


def backup(output: Path) -> Path:
    call_command("backup", output=output, stdout=(out := _Out()))
    return Path(out.lines[-1])


class _Out:
    def __init__(self):
        self.lines = []

    def write(self, text):
        self.lines.extend(line for line in text.splitlines() if line)

    def flush(self):
        pass


def require_backup_tools():
    if connection.vendor == "postgresql":
        require_service(
            shutil.which("pg_dump") is not None and shutil.which("pg_restore") is not None,
            "pg_dump and pg_restore are not installed",
        )


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_the_rows_and_the_files_as_they_were(
    private_media, tmp_path, volunteer, vacancy
):
    require_backup_tools()
    application = ApplicationFactory(vacancy=vacancy, applicant=volunteer)
    application.cv.save("cv.pdf", ContentFile(CV))
    cv_path = private_media / application.cv.name
    folder = backup(tmp_path / "backups")

    manifest = json.loads((folder / MANIFEST).read_text())
    assert manifest["media"]["files"] == [application.cv.name]
    assert manifest["rows"]["recruitment.application"] == 1
    assert manifest["database"]["vendor"] == connection.vendor

    # Then things go wrong: the application and its CV are lost, something else is added.
    Application.objects.all().delete()
    cv_path.unlink()
    Coordination.objects.create(
        name="Ajoutée après", slug="ajoutee", kind="country", countries=["BE"], summary="x"
    )

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", folder)
    assert not Application.objects.exists()  # nothing without the confirmation

    call_command("restore", folder, yes=True, stdout=_Out())

    restored = Application.objects.get()
    assert restored.pk == application.pk and restored.cv.name == application.cv.name
    assert cv_path.read_bytes() == CV
    assert not Coordination.objects.filter(slug="ajoutee").exists()


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused(private_media, tmp_path):
    require_backup_tools()
    folder = backup(tmp_path / "backups")
    with (folder / MEDIA_ARCHIVE).open("ab") as archive:
        archive.write(b"garbage")
    with pytest.raises(BackupError, match="checksum"):
        backup_read(folder)
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", folder, yes=True)
    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore", tmp_path, yes=True)


# The demo, on PostgreSQL: dump, wipe, restore, the same figures -----------------------------

FIGURES = """
import json
from django.utils import timezone
from dashboard.figures import dashboard_context
from dashboard.periods import period_for
today = timezone.localdate()
context = dashboard_context(today=today, now=timezone.now(), period=period_for("12m", today))
print(json.dumps({f.key: f.value for s in context["sections"] for f in s["figures"]}))
"""

ADD_A_CV = """
from django.core.files.base import ContentFile
from recruitment.models import Application
application = Application.objects.order_by("pk").first()
application.cv.save("cv.pdf", ContentFile(b"%PDF-1.4 the demo's CV"))
print(application.cv.name)
"""


@pytest.mark.services
def test_the_demo_survives_a_backup_and_a_restore(tmp_path):
    """In a scratch database of its own: the demo is loaded, backed up, the database wiped
    (its schema dropped) and the files removed, then restored: the dashboard's figures and the
    private files are identical."""
    require_postgresql("pg_dump and pg_restore of a PostgreSQL database")
    url = os.environ["DATABASE_URL"]
    require_service(shutil.which("pg_dump") is not None, "pg_dump is not installed")
    server = url.rsplit("/", 1)[0]
    scratch = f"portal_backup_test_{os.getpid()}"
    media = tmp_path / "private-media"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"{server}/{scratch}",
        "PRIVATE_MEDIA_ROOT": str(media),
        "REDIS_URL": "",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }

    def manage(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stderr[-3000:]}"
        return result.stdout

    def psql(sql: str) -> None:
        subprocess.run(
            ["psql", f"{server}/postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql],
            check=True,
            capture_output=True,
            timeout=60,
        )

    psql(f'DROP DATABASE IF EXISTS "{scratch}"')
    psql(f'CREATE DATABASE "{scratch}"')
    try:
        manage("migrate", "--no-input", "-v0")
        manage("load_demo")
        cv_name = manage("shell", "-v0", "-c", ADD_A_CV).strip().splitlines()[-1]
        figures = json.loads(manage("shell", "-v0", "-c", FIGURES).splitlines()[-1])
        assert figures["coordinations_active"] > 0

        folder = manage("backup", "--output", str(tmp_path / "backups")).splitlines()[-1]

        # The disaster: the schema gone, the files gone.
        psql_scratch = f"{server}/{scratch}"
        subprocess.run(
            [
                "psql",
                psql_scratch,
                "-v",
                "ON_ERROR_STOP=1",
                "-qc",
                "DROP SCHEMA public CASCADE; CREATE SCHEMA public;",
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(media)

        manage("restore", folder, "--yes")

        assert json.loads(manage("shell", "-v0", "-c", FIGURES).splitlines()[-1]) == figures
        assert (media / cv_name).read_bytes() == b"%PDF-1.4 the demo's CV"
        assert manage("migrate", "--check", "-v0") is not None  # no migration left to apply
    finally:
        psql(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
