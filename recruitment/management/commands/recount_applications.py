"""Check the applications' tally against the applications, and count again if they differ."""

from django.core.management.base import BaseCommand

from recruitment import tally


class Command(BaseCommand):
    help = (
        "Compare the dashboard's application counts (kept by database triggers) with the "
        "applications themselves; with --fix, count them all again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="count every application again")

    def handle(self, *args, fix=False, **options):
        wrong = tally.differences()
        for (day, status), (kept, counted) in sorted(wrong.items()):
            self.stdout.write(f"{day} {status}: kept {kept}, counted {counted}")
        if not wrong:
            self.stdout.write(self.style.SUCCESS("The application counts are right."))
            return
        if fix:
            tally.rebuild()
            self.stdout.write(
                self.style.SUCCESS(f"Counted again ({len(wrong)} counts were wrong).")
            )
        else:
            self.stdout.write(self.style.WARNING(f"{len(wrong)} counts differ: run with --fix."))
            raise SystemExit(1)
