"""The secretariat's page of the outbox: what failed or is stuck, why, and sending it again.

Staff only (others get a 404, visitors the log-in page). A resend is a POST that first shows
what will be sent again, then, confirmed, puts the messages back in the queue.
"""

from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from accounts.permissions import staff_required
from accounts.security import security_event
from messaging import selectors, services
from messaging.models import OutgoingMessage

PAGE_SIZE = 50
# A confirmation lists at most this many messages (the page's own size).
RESEND_LIMIT = PAGE_SIZE


@staff_required
@require_safe
def outbox(request):
    """Failed and stuck messages with their reason (or those waiting for a retry, or all)."""
    view = request.GET.get("show", "attention")
    if view not in selectors.VIEWS:
        view = "attention"
    now = timezone.now()
    page = Paginator(selectors.messages_for_staff(view=view, now=now), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "messaging/outbox.html",
        {
            "page_obj": page,
            "outgoing": page.object_list,
            "view": view,
            "counts": selectors.outbox_counts(now),
            "now": now,
        },
    )


def _selected_ids(request) -> list[int]:
    return [int(value) for value in request.POST.getlist("message") if value.isdigit()][
        :RESEND_LIMIT
    ]


@staff_required
@require_POST
def resend(request):
    """Send the chosen messages again: a confirmation page first, then the resend itself."""
    ids = _selected_ids(request)
    now = timezone.now()
    chosen = OutgoingMessage.objects.filter(pk__in=ids).filter(services.resendable(now))
    if request.POST.get("confirm") != "yes":
        return render(
            request,
            "messaging/resend_confirm.html",
            {"outgoing": chosen.defer("text", "html").order_by("-created_at", "-pk")},
        )
    count = services.messages_resend(messages=chosen)
    security_event("messages.resend", request, count=count, messages=ids)
    flash.success(
        request,
        ngettext(
            "%(count)d message will be sent again.",
            "%(count)d messages will be sent again.",
            count,
        )
        % {"count": count},
    )
    return redirect("messaging:outbox")
