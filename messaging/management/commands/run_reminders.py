import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from messaging.services import messages_relay
from messaging.sweeps import registered_daily_jobs, registered_sweeps, reminders_run


class Command(BaseCommand):
    help = (
        "Run the daily reminder sweeps now (what Celery beat runs every morning), then hand "
        "every message due to the worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as if today were this date (YYYY-MM-DD).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what is due, record and send nothing."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="With a --date in the future: record and send for real (otherwise a dry run).",
        )
        parser.add_argument("--only", choices=sorted(registered_sweeps()), help="Run one sweep.")

    def handle(self, *args, date=None, dry_run=False, force=False, only=None, **options):
        today = timezone.localdate()
        try:
            day = datetime.date.fromisoformat(date) if date else today
        except ValueError as error:
            raise CommandError(f"--date must be YYYY-MM-DD: {error}") from error
        if day > today and not dry_run and not force:
            # Recording a future day's reminders sends them now, and nothing could send them
            # again on the day: a typo must not do that.
            self.stdout.write(
                self.style.WARNING(
                    f"{day:%Y-%m-%d} is in the future: dry run (add --force to record and send)."
                )
            )
            dry_run = True
        results = reminders_run(day, only=only, dry_run=dry_run)
        verb = "due (dry run, nothing recorded)" if dry_run else "recorded and queued"
        jobs = registered_daily_jobs()
        for name, count in results.items():
            self.stdout.write(f"{name}: {count} {'changed' if name in jobs else verb}")
        results = {name: count for name, count in results.items() if name not in jobs}
        self.stdout.write(
            self.style.SUCCESS(f"{sum(results.values())} reminders {verb} for {day:%Y-%m-%d}.")
        )
        if not dry_run:
            relayed = messages_relay()
            if relayed:
                self.stdout.write(f"{relayed} earlier messages handed to the worker again.")
