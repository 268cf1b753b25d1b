"""Messages to several people (/dashboard/messages/): write to a segment or a list of people in
French and English, see who it reaches and how it reads for real recipients, send it now or
at a time, then follow each recipient's delivery. The secretariat's only (others get a 404).
"""

from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.permissions import get_for_user_or_404, staff_required
from accounts.security import security_event
from messaging import mailings
from messaging.models import Mailing
from people import selectors
from people.forms import MailingForm, SendForm
from people.models import Segment

PAGE_SIZE = 30
RECIPIENTS_PAGE = 100


def _mailing(request, pk, queryset=None):
    queryset = queryset if queryset is not None else Mailing.objects.all()
    return get_for_user_or_404(request.user, "people.write", queryset, pk=pk)


@staff_required
@require_safe
def mailing_list(request):
    """Every message to several people, newest first, with how its deliveries stand."""
    page = Paginator(mailings.delivery_counts(selectors.mailings_for_staff()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "people/mailing_list.html", {"page_obj": page, "mailings": page})


def _initial(request) -> dict:
    """A new message may start from a segment (?segment=) or a person (?to=)."""
    from accounts.models import User

    initial = {}
    segment = request.GET.get("segment", "")
    if segment.isdigit() and len(segment) < 12:
        initial["segment"] = Segment.objects.filter(pk=int(segment)).first()
    person = request.GET.get("to", "")
    if person.isdigit() and len(person) < 12:
        found = User.objects.filter(pk=int(person), is_active=True).first()
        if found is not None:
            initial["addresses"] = found.email
    return initial


@staff_required
@require_http_methods(["GET", "POST"])
def mailing_create(request):
    form = MailingForm(request.POST or None, initial=_initial(request))
    if request.method == "POST" and form.is_valid():
        mailing = mailings.mailing_save(
            mailing=form.save(commit=False),
            people=form.cleaned_data["addresses"],
            actor=request.user,
        )
        security_event("mailing.write", request, mailing=mailing.pk)
        flash.success(request, _("The message is saved as a draft: check it, then send it."))
        return redirect("mailings:detail", pk=mailing.pk)
    return render(request, "people/mailing_form.html", {"form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def mailing_edit(request, pk):
    mailing = _mailing(request, pk)
    if not mailing.is_editable:
        flash.error(request, _("A message that is sent can no longer be changed."))
        return redirect("mailings:detail", pk=mailing.pk)
    form = MailingForm(request.POST or None, instance=mailing)
    if request.method == "POST" and form.is_valid():
        mailings.mailing_save(
            mailing=form.save(commit=False),
            people=form.cleaned_data["addresses"],
            actor=request.user,
        )
        flash.success(request, _("The message is saved."))
        return redirect("mailings:detail", pk=mailing.pk)
    return render(request, "people/mailing_form.html", {"form": form, "mailing": mailing})


def _detail(request, mailing, *, send_form=None, status=200):
    context = {"mailing": mailing, "send_form": send_form or SendForm(initial={"when": "now"})}
    if mailing.recipients_fixed_at is None:
        # Not sent yet: who it would reach today, and how it reads for real recipients.
        from people.selectors import SegmentInvalid

        try:
            people, without_consent = mailings.audience(mailing)
            context.update(
                {
                    "audience_count": people.count(),
                    "without_consent": without_consent,
                    "previews": mailings.previews(mailing),
                }
            )
        except SegmentInvalid as invalid:
            context["segment_errors"] = invalid.errors
    else:
        recipients = Paginator(
            mailing.recipients.select_related("person", "outgoing", "group").order_by(
                "position", "pk"
            ),
            RECIPIENTS_PAGE,
        ).get_page(request.GET.get("page"))
        for recipient in recipients:
            recipient.state = mailings.recipient_state(recipient)
        context.update(
            {
                "totals": mailings.mailing_totals(mailing),
                "recipients": recipients,
                "page_obj": recipients,
            }
        )
    return render(request, "people/mailing_detail.html", context, status=status)


@staff_required
@require_safe
def mailing_detail(request, pk):
    mailing = _mailing(
        request, pk, Mailing.objects.select_related("segment", "created_by", "proposal")
    )
    return _detail(request, mailing)


@staff_required
@require_POST
def mailing_send(request, pk):
    """Send the draft now or at the time chosen: the recipients are fixed when it goes."""
    mailing = _mailing(request, pk, Mailing.objects.select_related("segment"))
    if mailing.status != Mailing.Status.DRAFT:
        flash.error(request, _("This message is already scheduled or sent."))
        return redirect("mailings:detail", pk=mailing.pk)
    form = SendForm(request.POST)
    if not form.is_valid():
        return _detail(request, mailing, send_form=form)
    from people.selectors import SegmentInvalid

    try:
        reached = mailings.audience(mailing)[0].exists()
    except SegmentInvalid:
        reached = False
    if not reached:
        flash.error(request, _("This message reaches nobody: choose its people again."))
        return redirect("mailings:detail", pk=mailing.pk)
    moment = form.moment()
    if mailings.mailing_schedule(mailing=mailing, send_at=moment):
        security_event("mailing.send", request, mailing=mailing.pk)
        if moment is None:
            flash.success(request, _("The message is on its way."))
        else:
            flash.success(
                request,
                _("The message will be sent on %(when)s.")
                % {"when": timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")},
            )
    else:
        flash.error(request, _("This message is already scheduled or sent."))
    return redirect("mailings:detail", pk=mailing.pk)


@staff_required
@require_POST
def mailing_unschedule(request, pk):
    mailing = _mailing(request, pk)
    if mailings.mailing_unschedule(mailing=mailing):
        flash.success(request, _("The message is a draft again: it will not be sent."))
    else:
        flash.error(request, _("Only a message waiting for its time can go back to draft."))
    return redirect("mailings:detail", pk=mailing.pk)


@staff_required
@require_POST
def mailing_delete(request, pk):
    mailing = _mailing(request, pk)
    if mailing.status != Mailing.Status.DRAFT:
        flash.error(request, _("Only a draft can be deleted."))
        return redirect("mailings:detail", pk=mailing.pk)
    mailings.mailing_delete(mailing=mailing)
    flash.success(request, _("The draft is deleted."))
    return redirect("mailings:list")
