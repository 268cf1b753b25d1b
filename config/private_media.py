"""The private files (CVs, circular attachments) under PRIVATE_MEDIA_ROOT: finding and removing
the ones that no row points to.

An upload is written before its row is committed (the row needs the file's name). When the
request then fails, is refused, or is killed (a gunicorn timeout, a restart), the row never
exists and the file stays behind: a CV nobody can see or erase, which the privacy text does not
allow. The services remove the file when they see the failure; for the cases they cannot see, a
daily sweep (recruitment.tasks.cleanup_orphan_files) removes every file of the upload folders that
no row references and that is older than a day (a file younger than that may belong to a request
still running).
"""

import datetime
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

logger = logging.getLogger("portal.files")

# The folders uploads are written to (recruitment.storage.cv_upload_to,
# actions.storage.attachment_path). Nothing else under PRIVATE_MEDIA_ROOT is ever touched.
UPLOAD_FOLDERS = ("cvs", "circulars")
MINIMUM_AGE = datetime.timedelta(days=1)


@dataclass
class SweepResult:
    examined: int = 0
    removed: int = 0
    kept_recent: int = 0
    bytes_removed: int = 0


def private_file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    """Every file field of every model whose files live under PRIVATE_MEDIA_ROOT."""
    root = os.path.abspath(settings.PRIVATE_MEDIA_ROOT)
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.FileField):
                continue
            location = getattr(field.storage, "location", None)
            if location and os.path.abspath(location) == root:
                found.append((model, field))
    return found


def referenced_names() -> set[str]:
    """The names (relative to PRIVATE_MEDIA_ROOT) that some row points to."""
    names: set[str] = set()
    for model, field in private_file_fields():
        names.update(
            model._base_manager.exclude(**{field.name: ""})
            .exclude(**{f"{field.name}__isnull": True})
            .values_list(field.name, flat=True)
            .iterator()
        )
    return names


def remove_orphan_files(*, now: datetime.datetime | None = None, dry_run: bool = False):
    """Remove the files of the upload folders that no row points to and older than a day."""
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    cutoff = (now or datetime.datetime.now(datetime.UTC)).timestamp() - MINIMUM_AGE.total_seconds()
    # Read the rows after listing the files: a file committed in between is then referenced.
    candidates = [
        path
        for folder in UPLOAD_FOLDERS
        if (root / folder).is_dir()
        for path in (root / folder).rglob("*")
        if path.is_file() and not path.is_symlink()
    ]
    referenced = referenced_names()
    result = SweepResult(examined=len(candidates))
    for path in candidates:
        name = path.relative_to(root).as_posix()
        if name in referenced:
            continue
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        if stat.st_mtime > cutoff:
            result.kept_recent += 1
            continue
        if not dry_run:
            try:
                path.unlink()
            except FileNotFoundError:
                continue
        result.removed += 1
        result.bytes_removed += stat.st_size
    # Empty month folders stay: removing one could race with an upload that just made it.
    logger.info(
        "Orphan private files: %d removed, %d too recent to judge, %d examined%s.",
        result.removed,
        result.kept_recent,
        result.examined,
        " (dry run)" if dry_run else "",
        extra={
            "event": "orphan_files_sweep",
            "removed": result.removed,
            "kept_recent": result.kept_recent,
            "examined": result.examined,
            "bytes_removed": result.bytes_removed,
            "dry_run": dry_run,
        },
    )
    return result
