"""The e-mails of the signalements: to the routed contact when one arrives or the coordinator
answers, to the coordinator when the secretariat answers or changes the status.

Each is recorded in the outbox in the transaction that causes it, in its recipient's language,
with an absolute link to the thread on their side (the staff page, or My space's).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from messaging.services import message_queue


def _send(*, to: str, user, template: str, context: dict, concerns) -> None:
    if not to:
        return
    language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        signalement = context["signalement"]
        data = {
            "recipient": user,
            "site_url": settings.SITE_URL,
            "staff_url": settings.SITE_URL
            + reverse("liaison:staff_detail", kwargs={"pk": signalement.pk}),
            "thread_url": settings.SITE_URL
            + reverse("liaison:my_detail", kwargs={"pk": signalement.pk}),
            **context,
        }
        subject = " ".join(render_to_string(f"liaison/email/{template}_subject.txt", data).split())
        body = render_to_string(f"liaison/email/{template}.txt", data)
    message_queue(
        to=to,
        subject=subject,
        text=body,
        kind=f"liaison.{template}",
        language=language,
        recipient=user,
        concerns=concerns,
    )


def _to_contact(signalement, template: str, **context) -> None:
    contact = signalement.contact
    if contact is None or not contact.user_id:
        return
    _send(
        to=contact.email,
        user=contact.user,
        template=template,
        context={"signalement": signalement, "contact": contact, **context},
        concerns=signalement,
    )


def _to_coordinator(signalement, template: str, **context) -> None:
    author = signalement.author
    if author is None or not author.is_active:
        return
    _send(
        to=author.email,
        user=author,
        template=template,
        context={"signalement": signalement, **context},
        concerns=signalement,
    )


def notify_submitted(signalement) -> None:
    _to_contact(signalement, "submitted")


def notify_reply(reply) -> None:
    """The other side of the thread hears of the reply."""
    if reply.from_secretariat:
        _to_coordinator(reply.signalement, "reply_to_coordinator", reply=reply)
    else:
        _to_contact(reply.signalement, "reply_to_contact", reply=reply)


def notify_status(signalement, *, note: str = "") -> None:
    _to_coordinator(signalement, "status", note=note)
