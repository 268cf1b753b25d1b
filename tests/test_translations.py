"""French is complete; makemessages finds nothing that the catalogues lack."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
from django.conf import settings

from tests.conftest import require_service

LOCALE = Path(settings.BASE_DIR) / "locale"


def test_french_catalogue_has_no_untranslated_or_fuzzy_entry():
    catalogue = polib.pofile(str(LOCALE / "fr" / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []
    assert len(catalogue.translated_entries()) > 50


def test_compiled_catalogues_are_current():
    for language in ("fr", "en"):
        po = LOCALE / language / "LC_MESSAGES" / "django.po"
        mo = LOCALE / language / "LC_MESSAGES" / "django.mo"
        assert mo.exists(), f"{mo} is missing: run make messages"
        compiled = {
            entry.msgid for entry in polib.mofile(str(mo)) if entry.msgstr or entry.msgstr_plural
        }
        expected = {
            entry.msgid
            for entry in polib.pofile(str(po))
            if entry.translated() and not entry.obsolete
        }
        assert expected <= compiled, f"{mo} is older than {po}: run make messages"


def test_makemessages_adds_nothing_missing_from_the_catalogue(tmp_path):
    require_service(shutil.which("xgettext") is not None, "gettext (xgettext) is not installed")
    copy = tmp_path / "project"
    root = Path(settings.BASE_DIR)
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "node_modules", "staticfiles", "test-output", "*.sqlite3", "static"
        ),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete", "--no-location"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale/fr/LC_MESSAGES/django.po"))}
    committed = {e.msgid for e in polib.pofile(str(LOCALE / "fr/LC_MESSAGES/django.po"))}
    assert sorted(fresh - committed) == []
