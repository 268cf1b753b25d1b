"""The coordinator's signalements (My space) and the secretariat's queue. Thin: forms validate,
services change things, selectors read; a signalement is loaded for the user or answered 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.permissions import (
    can,
    get_for_user_or_404,
    is_staff_member,
    security_event_denied,
    staff_required,
)
from liaison import selectors, services
from liaison.forms import QueueFilterForm, ReplyForm, SignalementForm, StatusForm
from liaison.models import Signalement
from liaison.validators import CONTENT_TYPES

PAGE_SIZE = 25


def _require_sender(request) -> None:
    """Only a coordinator (a mandate not ended, upcoming included) has these pages."""
    if not can(request.user, "liaison.send"):
        security_event_denied(request.user, "liaison.send", request=request)
        raise Http404


def _own_signalement(request, pk) -> Signalement:
    return get_for_user_or_404(
        request.user,
        "liaison.follow_own",
        selectors.signalement_for_thread(Signalement.objects.all()),
        pk=pk,
    )


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- The coordinator's side -------------------------------------------------------------------


@login_required
@require_safe
def my_list(request):
    """The coordinator's signalements, and their contacts at the secretariat by coordination."""
    _require_sender(request)
    coordinations = list(
        selectors.sender_coordinations(request.user).only(
            "pk", "name", "slug", "secretariat_contact_id"
        )
    )
    page = Paginator(selectors.signalements_sent_by(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "liaison/my_list.html",
        {
            "page_obj": page,
            "signalements": page.object_list,
            "directory": [
                (coordination, selectors.contacts_for_coordination(coordination))
                for coordination in coordinations
            ],
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def signalement_create(request):
    _require_sender(request)
    coordinations = selectors.sender_coordinations(request.user)
    form = SignalementForm(request.POST or None, request.FILES or None, coordinations=coordinations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            signalement = services.signalement_submit(
                author=request.user,
                coordination=data["coordination"],
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                draft=data["draft"],
                attachment=data["attachment"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Your signalement has been sent to the secretariat."))
            return redirect(signalement.get_absolute_url())
    return render(request, "liaison/signalement_form.html", {"form": form})


@login_required
@require_safe
def my_detail(request, pk):
    signalement = _own_signalement(request, pk)
    return _thread(request, signalement, "liaison/my_detail.html")


@login_required
@require_POST
def my_reply(request, pk):
    signalement = _own_signalement(request, pk)
    return _reply(request, signalement, "liaison/my_detail.html")


def _thread(request, signalement, template, *, reply_form=None, status_form=None, status=200):
    context = {
        "signalement": signalement,
        "replies": list(signalement.replies.all()),
        "reply_form": reply_form or ReplyForm(),
        "overdue": signalement.is_overdue(),
        "today": timezone.localdate(),
    }
    if is_staff_member(request.user):
        context["status_form"] = status_form or StatusForm(initial={"status": signalement.status})
    return render(request, template, context, status=status)


def _reply(request, signalement, template):
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.signalement_reply(
                signalement=signalement, author=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Your message has been sent."))
            url = (
                signalement.get_staff_url()
                if template == "liaison/staff_detail.html"
                else signalement.get_absolute_url()
            )
            return redirect(url)
    return _thread(request, signalement, template, reply_form=form)


@login_required
@require_safe
def attachment_download(request, pk):
    """The attachment, to its sender and to staff, as a download that is never sniffed."""
    action = "liaison.handle" if is_staff_member(request.user) else "liaison.follow_own"
    signalement = get_for_user_or_404(request.user, action, Signalement.objects.all(), pk=pk)
    if not signalement.attachment:
        raise Http404
    try:
        handle = signalement.attachment.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    kind = signalement.attachment.name.rsplit(".", 1)[-1].lower()
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=signalement.attachment_name or f"attachment.{kind}",
        content_type=CONTENT_TYPES.get(kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- The secretariat's side -------------------------------------------------------------------


@staff_required
@require_safe
def queue(request):
    """Every signalement, overdue first, then by due date; filters by status, kind, contact."""
    filters = QueueFilterForm(request.GET or None)
    page = Paginator(filters.filter(selectors.staff_queue()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "liaison/queue.html",
        {
            "filters": filters,
            "page_obj": page,
            "signalements": page.object_list,
            "today": timezone.localdate(),
        },
    )


def _handled(request, pk) -> Signalement:
    return get_for_user_or_404(
        request.user,
        "liaison.handle",
        selectors.signalement_for_thread(Signalement.objects.all()),
        pk=pk,
    )


@staff_required
@require_safe
def staff_detail(request, pk):
    return _thread(request, _handled(request, pk), "liaison/staff_detail.html")


@staff_required
@require_POST
def staff_reply(request, pk):
    return _reply(request, _handled(request, pk), "liaison/staff_detail.html")


@staff_required
@require_POST
def status_change(request, pk):
    signalement = _handled(request, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.signalement_set_status(
            signalement=signalement,
            by=request.user,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("The status has been changed."))
        return redirect(signalement.get_staff_url())
    return _thread(request, signalement, "liaison/staff_detail.html", status_form=form)
