"""manage.py restore DIR --yes: put a backup back (the database replaced, the files restored)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.backups import BackupError, backup_read, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup`: REPLACES the whole database with the "
        "backup's and puts its private files back. Stop the web, the worker and beat first."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="The backup's folder (portal-...).")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Confirm that the current database is to be replaced by the backup's.",
        )

    def handle(self, *args, folder: Path, yes: bool, **options):
        try:
            backup = backup_read(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = backup.manifest
        summary = (
            f"backup of {manifest['database']['name']} made {manifest['created_at']}: "
            f"{sum(manifest['rows'].values())} rows, {len(manifest['media']['files'])} files"
        )
        if not yes:
            raise CommandError(
                f"This REPLACES the current database with the {summary}. "
                "Run again with --yes to do it."
            )
        try:
            counts = backup_restore(backup)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the {summary}; the {sum(counts.values())} rows match the backup's."
        )
