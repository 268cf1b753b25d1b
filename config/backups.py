"""Backups of the portal: the database and the private files (CVs, circular attachments) as one
consistent set, and their restoration. ``manage.py backup`` and ``manage.py restore`` call these;
the README ("Backups") says how to run them and how often.

A backup is a folder:

- ``database.dump``: ``pg_dump --format=custom`` of PostgreSQL (or ``database.sqlite3``, a copy
  made with SQLite's backup API, on the embedded set-up);
- ``private-media.tar.gz``: every private file that a row of that dump points to;
- ``manifest.json``: when, from which database, the checksum of both files, the files archived,
  and the number of rows of every table, which ``restore`` checks after restoring.

Consistency: on PostgreSQL the dump and the list of files to archive are read from the same
snapshot (``pg_export_snapshot`` in a REPEATABLE READ transaction that stays open while pg_dump
runs with ``--snapshot``), so the archive holds exactly the files the dumped rows refer to. A
file written after the snapshot is not in it (nor is its row); a file its service deleted in the
seconds between snapshot and copy is listed as missing in the manifest.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction

from config.private_media import referenced_names

DATABASE_DUMP = "database.dump"
DATABASE_SQLITE = "database.sqlite3"
MEDIA_ARCHIVE = "private-media.tar.gz"
MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    """A backup or a restore that cannot be made; the message says why."""


@dataclass
class Backup:
    folder: Path
    manifest: dict


def row_counts() -> dict[str, int]:
    """The number of rows of every model's table (what restore compares)."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        counts[model._meta.label_lower] = model._base_manager.count()
    return dict(sorted(counts.items()))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _postgres_env() -> dict[str, str]:
    """libpq's variables for pg_dump and pg_restore: no password on a command line."""
    db = connection.settings_dict  # the database in use (a test database in the tests)
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for variable, key in (
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    env["PGCONNECT_TIMEOUT"] = str(db.get("OPTIONS", {}).get("connect_timeout", 10))
    return env


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    program = shutil.which(args[0])
    if program is None:
        raise BackupError(
            f"{args[0]} is not installed: install the PostgreSQL client of the server's version."
        )
    result = subprocess.run([program, *args[1:]], capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise BackupError(f"{args[0]} failed: {result.stderr.strip() or result.stdout.strip()}")
    return result


def _archive(names: set[str], archive: Path) -> tuple[list[str], list[str]]:
    """Put the named private files in a tar.gz; return (archived, missing)."""
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    archived, missing = [], []
    with tarfile.open(archive, "w:gz") as tar:
        for name in sorted(names):
            path = root / name
            if path.is_file():
                tar.add(path, arcname=name, recursive=False)
                archived.append(name)
            else:
                missing.append(name)
    return archived, missing


def backup_create(output: Path) -> Backup:
    """Write a new backup folder under ``output`` and return it."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = Path(output) / f"portal-{stamp}"
    folder.mkdir(parents=True, exist_ok=False)
    try:
        if connection.vendor == "postgresql":
            database_file, details = _dump_postgresql(folder)
        elif connection.vendor == "sqlite":
            database_file, details = _dump_sqlite(folder)
        else:  # pragma: no cover - the portal runs on these two
            raise BackupError(f"No backup for a {connection.vendor} database.")
        names, counts = details.pop("names"), details.pop("counts")
        archived, missing = _archive(names, folder / MEDIA_ARCHIVE)
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database": {
                "vendor": connection.vendor,
                "name": str(connection.settings_dict["NAME"]),
                "file": database_file,
                "sha256": _sha256(folder / database_file),
                **details,
            },
            "media": {
                "file": MEDIA_ARCHIVE,
                "sha256": _sha256(folder / MEDIA_ARCHIVE),
                "files": archived,
                "missing": missing,
            },
            "rows": counts,
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Backup(folder, manifest)


def _dump_postgresql(folder: Path) -> tuple[str, dict]:
    connection.ensure_connection()
    server = connection.connection.info.server_version  # e.g. 160004
    client = _run(["pg_dump", "--version"]).stdout.strip()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
        # The same snapshot as pg_dump's, while this transaction keeps it alive.
        names = referenced_names()
        counts = row_counts()
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={folder / DATABASE_DUMP}",
            ],
            env=_postgres_env(),
        )
    return DATABASE_DUMP, {
        "server_version": server,
        "pg_dump": client,
        "names": names,
        "counts": counts,
    }


def _dump_sqlite(folder: Path) -> tuple[str, dict]:
    connection.ensure_connection()
    with transaction.atomic():
        # A read transaction: SQLite's backup below copies this same state.
        names = referenced_names()
        counts = row_counts()
        target = sqlite3.connect(folder / DATABASE_SQLITE)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    return DATABASE_SQLITE, {"names": names, "counts": counts}


# Restore -------------------------------------------------------------------------------------


def backup_read(folder: Path) -> Backup:
    """A backup folder, checked: its manifest, and the checksums of its two files."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} is not a backup of the portal ({error}).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format: {manifest.get('format')!r}.")
    for part in ("database", "media"):
        path = folder / manifest[part]["file"]
        if not path.is_file() or _sha256(path) != manifest[part]["sha256"]:
            raise BackupError(f"{path.name} is missing or damaged (its checksum differs).")
    return Backup(folder, manifest)


def backup_restore(backup: Backup) -> dict[str, int]:
    """Replace the database and put back the private files of ``backup``; return the rows
    restored per table, checked against the manifest."""
    vendor = backup.manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"This backup is of a {vendor} database; this portal uses {connection.vendor}."
        )
    database_file = backup.folder / backup.manifest["database"]["file"]
    if vendor == "postgresql":
        _restore_postgresql(database_file)
    else:
        _restore_sqlite(database_file)
    _extract(backup.folder / backup.manifest["media"]["file"])
    counts = row_counts()
    expected = backup.manifest["rows"]
    different = {
        table: (expected.get(table), counts.get(table))
        for table in expected.keys() | counts.keys()
        if expected.get(table) != counts.get(table)
    }
    if different:
        raise BackupError(f"Restored, but the row counts differ from the backup's: {different}")
    return counts


def _restore_postgresql(dump: Path) -> None:
    connection.close()  # pg_restore needs the tables free of this process' locks
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        env=_postgres_env(),
    )


def _restore_sqlite(copy: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(copy)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


def _extract(archive: Path) -> None:
    """Put the archived files back under PRIVATE_MEDIA_ROOT (over files of the same name)."""
    root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as tar:
        members = tar.getmembers()
        for member in members:
            target = (root / member.name).resolve()
            if not member.isfile() or root not in target.parents:
                raise BackupError(f"Refused: {member.name!r} is not a plain private file.")
        with tempfile.TemporaryDirectory(dir=root) as staging:
            tar.extractall(staging, members=members, filter="data")
            for member in members:
                target = root / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(Path(staging) / member.name, target)
