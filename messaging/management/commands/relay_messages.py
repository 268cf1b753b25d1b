from django.core.management.base import BaseCommand

from messaging.mailings import mailings_record_due
from messaging.services import messages_relay


class Command(BaseCommand):
    help = (
        "Record the messages to several people whose time has come, then hand every outbox "
        "message that is due and not taken to the worker (what Celery beat does every minute); "
        "without a broker (eager mode) they are sent by this command."
    )

    def handle(self, *args, **options):
        mailings = mailings_record_due()
        self.stdout.write(f"{mailings} messages to several people recorded.")
        self.stdout.write(f"{messages_relay()} messages handed over.")
