from django.core.management.base import BaseCommand

from messaging.services import messages_relay


class Command(BaseCommand):
    help = (
        "Hand every outbox message that is due and not taken to the worker (what Celery beat "
        "does every minute); without a broker (eager mode) they are sent by this command."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{messages_relay()} messages handed over.")
