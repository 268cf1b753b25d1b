"""manage.py backup --output DIR: the database and the private files, as one consistent set."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, or a copy of the SQLite file) and the private files its "
        "rows point to, in a new folder under --output, with a manifest (config/backups.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", required=True, type=Path, help="Folder in which the backup is written."
        )

    def handle(self, *args, output: Path, **options):
        try:
            backup = backup_create(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        media = backup.manifest["media"]
        self.stdout.write(
            f"Backup written to {backup.folder}: {sum(backup.manifest['rows'].values())} rows, "
            f"{len(media['files'])} private files."
        )
        if media["missing"]:
            self.stderr.write(
                f"{len(media['missing'])} file(s) the database points to were missing: "
                + ", ".join(media["missing"][:10])
            )
        # The folder's name, alone on the last line, for scripts.
        self.stdout.write(str(backup.folder))
