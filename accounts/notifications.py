"""Sending e-mail: messages are rendered in the request (in the recipient's language) and
delivered by a Celery task once the transaction that produced them has committed."""

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction

from accounts.tasks import send_email


def queue_message(message: EmailMessage) -> None:
    """Hand a rendered message to the mail queue after the current transaction commits."""
    html = ""
    if isinstance(message, EmailMultiAlternatives):
        html = next((content for content, mime in message.alternatives if mime == "text/html"), "")
    payload = {
        "subject": str(message.subject),
        "body": message.body,
        "html": html,
        "to": list(message.to),
        "from_email": message.from_email or "",
        "reply_to": list(message.reply_to),
        # Text attachments only (an .ics invitation): the task's arguments are JSON.
        "attachments": [list(attachment) for attachment in message.attachments],
    }
    transaction.on_commit(lambda: send_email.delay(**payload))
