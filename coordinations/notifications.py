"""Which e-mail about coordinations goes to whom."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from messaging.services import message_queue


def notify_mandate_request(request) -> None:
    """Tell the coordination's secretariat contact (or the secretariat) of a renew/hand-over wish."""
    mandate = request.mandate
    contact = mandate.coordination.secretariat_contact
    to = contact.email if contact else settings.SECRETARIAT_EMAIL
    language = contact.preferred_language if contact else settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "request": request,
            "mandate": mandate,
            "admin_url": settings.SITE_URL
            + reverse("admin:coordinations_mandate_change", args=[mandate.pk]),
        }
        subject = render_to_string(
            "coordinations/email/mandate_request_subject.txt", context
        ).strip()
        body = render_to_string("coordinations/email/mandate_request.txt", context)
    message_queue(
        to=to,
        subject=subject,
        text=body,
        kind="coordinations.mandate_request",
        language=language,
        recipient=contact,
        concerns=request,
    )
