import datetime

from django.core.management.base import BaseCommand, CommandError

from accounts.reminders import registered_daily_jobs, registered_sweeps, reminders_run
from accounts.tasks import release_stale_claims


class Command(BaseCommand):
    help = "Run the daily reminder sweeps now (what Celery beat runs every morning)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as if today were this date (YYYY-MM-DD).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what is due, record and send nothing."
        )
        parser.add_argument("--only", choices=sorted(registered_sweeps()), help="Run one sweep.")

    def handle(self, *args, date=None, dry_run=False, only=None, **options):
        from django.utils import timezone

        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--date must be YYYY-MM-DD: {error}") from error
        if not dry_run:
            release_stale_claims()
        results = reminders_run(today, only=only, dry_run=dry_run)
        verb = "due (dry run, nothing recorded)" if dry_run else "recorded and queued"
        jobs = registered_daily_jobs()
        for name, count in results.items():
            self.stdout.write(f"{name}: {count} {'changed' if name in jobs else verb}")
        results = {name: count for name, count in results.items() if name not in jobs}
        self.stdout.write(
            self.style.SUCCESS(f"{sum(results.values())} reminders {verb} for {today:%Y-%m-%d}.")
        )
