"""Events: the public list and pages, registering and signing up for shifts, one's schedule
and calendar, the organisers' page (participants, gaps, attendance, calls for help), a group's
hours for its leader, and the secretariat's hours and trainings.

Objects are always loaded for the person (``Event.objects.visible_to``, ``get_for_user_or_404``):
whoever may not see an event gets a 404, whether it exists or not.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import can, get_for_user_or_404, staff_required
from config.pagecache import choice, flag, page_number, public_page
from config.redirects import posted_next
from dashboard.forms import PeriodForm
from events import calendars, exports, selectors, services
from events.forms import (
    AttendanceForm,
    CheckInForm,
    EventForm,
    ListFilterForm,
    ShiftFormSet,
    VolunteerTimeForm,
)
from events.jsonld import event_data
from events.models import CalendarFeed, Event, Participation, Shift, VolunteerTime
from recruitment.jsonld import script_json

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _event_or_404(request, slug: str, action: str = "events.view") -> Event:
    return get_for_user_or_404(
        request.user,
        action,
        Event.objects.visible_to(request.user).select_related(
            "place", "coordination", "group", "training"
        ),
        slug=slug,
    )


# Public pages --------------------------------------------------------------------------------


@require_GET
@public_page(params={"kind": choice(Event.Kind.values), "past": flag, "page": page_number})
def event_list(request):
    """The events this person may see (the public ones for visitors), upcoming first."""
    form = ListFilterForm(request.GET or None)
    kind, past = "", False
    if form.is_valid():
        kind, past = form.cleaned_data["kind"], form.cleaned_data["past"]
    events = selectors.events_for_list(request.user, kind=kind or None, past=past)
    page = Paginator(events, selectors.LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/event_list.html",
        {"form": form, "page_obj": page, "events": page.object_list, "past": past},
    )


@require_GET
@public_page(params={})
def event_detail(request, slug):
    """One event: when, where (with the map), what, the places left, the shifts and one's own
    places; the schema.org Event of a public event."""
    try:
        event = selectors.event_for_page(request.user, slug).get()
    except Event.DoesNotExist:
        raise Http404 from None
    shifts = list(selectors.shifts_of(event))
    days = selectors.shifts_by_day(shifts)
    mine = selectors.places_of(request.user, event)
    remaining = None
    if event.capacity and not shifts:
        remaining = max(event.capacity - event.taken, 0)
    now = timezone.now()
    context = {
        "event": event,
        "days": days,
        "has_shifts": bool(shifts),
        "remaining": remaining,
        "mine": mine,
        "registration": next((p for p in mine if not p.shift_id), None),
        "my_shift_ids": {p.shift_id: p for p in mine if p.shift_id},
        "manages": request.user.is_authenticated and can(request.user, "events.manage", event),
        "open": event.status == Event.Status.PUBLISHED and now < event.registrations_close_at(),
        "shifts_open": event.status == Event.Status.PUBLISHED and now < event.ends_at,
        "now": now,
    }
    if mine and any(p.status == Participation.Status.WAITING for p in mine):
        for participation in mine:
            participation.position = selectors.waiting_position(participation)
    if event.place_id:
        context["map_data"] = {
            "lat": event.place.latitude,
            "lon": event.place.longitude,
            "label": event.venue or event.place.label,
        }
        context["map_tile_url"] = settings.MAP_TILE_URL
        context["map_tile_attribution"] = settings.MAP_TILE_ATTRIBUTION
    if event.is_public:
        context["json_ld"] = script_json(event_data(event, remaining=remaining))
    return render(request, "events/event_detail.html", context)


@require_GET
@public_page(params={})
def event_ics(request, slug):
    """The event's .ics, to add it to a calendar."""
    try:
        event = selectors.event_for_page(request.user, slug).get()
    except Event.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(calendars.event_ics(event), content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{slugify(event.slug)}.ics"'
    return response


@require_GET
@public_page(params={})
def public_feed(request):
    """The calendar of the public events (to subscribe to)."""
    return HttpResponse(
        calendars.public_feed(selectors.public_feed_events()), content_type=ICS_CONTENT_TYPE
    )


# Taking part ---------------------------------------------------------------------------------


def _took(request, participation: Participation) -> None:
    if participation.status == Participation.Status.CONFIRMED:
        messages.success(
            request, _("Your place is confirmed. A confirmation is on its way by e-mail.")
        )
    else:
        messages.info(
            request,
            _(
                "It is full for now: you are on the waiting list, and we will write if a place frees up."
            ),
        )


@login_required
@require_POST
def register(request, slug):
    event = _event_or_404(request, slug, "events.take_part")
    try:
        participation = services.participation_take(event=event, person=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        _took(request, participation)
    return redirect(event)


@login_required
@require_POST
def shift_signup(request, slug, pk):
    event = _event_or_404(request, slug, "events.take_part")
    shift = get_object_or_404(Shift, pk=pk, event=event)
    try:
        participation = services.participation_take(event=event, shift=shift, person=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        _took(request, participation)
    return redirect(posted_next(request, event.get_absolute_url()))


@login_required
@require_POST
def participation_cancel(request, pk):
    participation = get_for_user_or_404(
        request.user,
        "events.cancel_participation",
        Participation.objects.select_related("event", "shift", "person"),
        pk=pk,
    )
    try:
        promoted = services.participation_cancel(participation=participation, actor=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("The place has been cancelled."))
        if promoted and participation.person_id != request.user.pk:
            messages.info(
                request,
                ngettext(
                    "%(count)d person moved up from the waiting list.",
                    "%(count)d people moved up from the waiting list.",
                    len(promoted),
                )
                % {"count": len(promoted)},
            )
    return redirect(posted_next(request, reverse("events:my_schedule")))


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, slug):
    """On the day: type the code the organisers give out, and one's attendance is recorded."""
    event = _event_or_404(request, slug)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            places = services.participation_check_in(
                event=event, person=request.user, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            messages.success(
                request,
                ngettext(
                    "Welcome! Your attendance is recorded.",
                    "Welcome! Your attendance at your %(count)d shifts of the day is recorded.",
                    len(places),
                )
                % {"count": len(places)},
            )
            return redirect(event)
    return render(request, "events/check_in.html", {"event": event, "form": form})


# My schedule and calendar --------------------------------------------------------------------


@login_required
@require_GET
def my_schedule(request):
    """My places (events and shifts) with their status, cancelling, my calendar's address,
    my trainings and my hours (nobody else sees them)."""
    now = timezone.now()
    places = list(selectors.schedule_of(request.user, now=now))
    for participation in places:
        participation.is_past = participation.slot_end < now
        participation.can_cancel = not participation.is_past and (
            participation.status == Participation.Status.WAITING
            or now < participation.cancellable_until()
        )
        if participation.status == Participation.Status.WAITING:
            participation.position = selectors.waiting_position(participation)
    feed = CalendarFeed.objects.filter(person=request.user).first()
    totals = selectors.hours_totals(person=request.user)
    return render(
        request,
        "events/my_schedule.html",
        {
            "upcoming": [p for p in places if not p.is_past],
            "past": [p for p in places if p.is_past],
            "feed_url": _feed_url(request, feed) if feed else "",
            "webcal_url": calendars.webcal(_feed_url(request, feed)) if feed else "",
            "trainings": selectors.trainings_of(request.user),
            "hours": totals.hours,
            "organised": list(selectors.organised_by(request.user, now=now)),
        },
    )


def _feed_url(request, feed: CalendarFeed) -> str:
    return request.build_absolute_uri(reverse("events:personal_feed", args=[feed.token]))


@login_required
@require_POST
def calendar_reset(request):
    """Make (or replace) my calendar's secret address: the old one stops working at once."""
    had = CalendarFeed.objects.filter(person=request.user).exists()
    services.calendar_feed_reset(person=request.user)
    if had:
        messages.success(
            request,
            _(
                "Your calendar has a new address: the old one no longer works. Subscribe again with the new one."
            ),
        )
    else:
        messages.success(request, _("Your calendar's address is ready: subscribe to it below."))
    return redirect("events:my_schedule")


@require_GET
def personal_feed(request, token):
    """A person's calendar (events and shifts), for whoever holds its secret address; a replaced
    address answers 404. Never cached by the portal (config.middleware: a secret link)."""
    try:
        feed = CalendarFeed.objects.select_related("person").get(
            token=token, person__is_active=True
        )
    except CalendarFeed.DoesNotExist:
        raise Http404 from None
    body = calendars.personal_feed(feed.person, selectors.feed_participations(feed.person))
    return HttpResponse(body, content_type=ICS_CONTENT_TYPE)


# Organisers ----------------------------------------------------------------------------------


@login_required
@require_GET
def manage(request, slug):
    """The organisers' page: the gaps at a glance, who comes, the waiting list, attendance,
    the check-in code and calls for help."""
    event = _event_or_404(request, slug, "events.manage")
    shifts = list(selectors.shifts_of(event))
    participations = list(selectors.participants_of(event))
    attendance = AttendanceForm(participations=participations)
    return render(
        request,
        "events/manage.html",
        {
            "event": event,
            "days": selectors.shifts_by_day(shifts),
            "waiting": sorted(
                (p for p in participations if p.status == Participation.Status.WAITING),
                key=lambda p: (p.shift_id or 0, p.waiting_since, p.pk),
            ),
            "attendance": attendance,
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def attendance(request, slug):
    event = _event_or_404(request, slug, "events.manage")
    participations = list(selectors.participants_of(event))
    form = AttendanceForm(request.POST, participations=participations)
    if form.is_valid():
        try:
            changed = services.attendance_mark_many(
                event=event, marks=form.marks(), actor=request.user
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d attendance recorded.", "%(count)d attendances recorded.", changed
                )
                % {"count": changed},
            )
    else:
        messages.error(request, _("The attendance could not be read: please try again."))
    return redirect("events:manage", slug=event.slug)


@login_required
@require_POST
def code_renew(request, slug):
    event = _event_or_404(request, slug, "events.manage")
    services.check_in_code_renew(event=event)
    messages.success(request, _("The event has a new check-in code."))
    return redirect("events:manage", slug=event.slug)


@login_required
@require_POST
def call_for_help(request, slug, pk):
    """Ask the shift's audience to take its free places (one message each, once a day)."""
    event = _event_or_404(request, slug, "events.manage")
    shift = get_object_or_404(Shift.objects.select_related("event"), pk=pk, event=event)
    try:
        count = services.shift_call_for_help(shift=shift, actor=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        if count:
            messages.success(
                request,
                ngettext(
                    "The call for help goes to %(count)d person.",
                    "The call for help goes to %(count)d people.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.info(request, _("Nobody else to ask today: everybody has already been asked."))
    return redirect("events:manage", slug=event.slug)


def _save_event(request, form, shifts, *, creating: bool) -> Event:
    with transaction.atomic():
        event = form.save(commit=False)
        if creating:
            event.created_by = request.user
            event.slug = _unique_slug(event)
        event.save()
        shifts.instance = event
        shifts.save()
        services.event_fill_all(event=event)
    return event


def _unique_slug(event: Event) -> str:
    day = timezone.localdate(event.starts_at).isoformat()
    base = f"{slugify(event.title)[:150] or 'event'}-{day}"
    slug, number = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _organiser_of_create(request, *, group_slug=None, coordination_slug=None):
    """Who organises the new event, checked for this person (404 otherwise)."""
    from coordinations.models import Coordination
    from coordinations.permissions import is_coordinator
    from groups.models import LocalGroup

    user = request.user
    if group_slug is not None:
        group = get_for_user_or_404(
            user, "groups.manage_group", LocalGroup.objects.active(), slug=group_slug
        )
        return Event.Organiser.GROUP, None, group
    if coordination_slug is not None:
        coordination = get_object_or_404(Coordination.objects.active(), slug=coordination_slug)
        if not (user.is_staff or is_coordinator(user, coordination)):
            raise Http404
        return Event.Organiser.COORDINATION, coordination, None
    if not user.is_staff:
        raise Http404
    return Event.Organiser.SECRETARIAT, None, None


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request, group=None, coordination=None):
    """A new event, by the secretariat, a coordination or a group, with its shifts."""
    organiser, coordination_obj, group_obj = _organiser_of_create(
        request, group_slug=group, coordination_slug=coordination
    )
    form = EventForm(
        request.POST or None, organiser=organiser, coordination=coordination_obj, group=group_obj
    )
    shifts = ShiftFormSet(request.POST or None, prefix="shifts")
    if request.method == "POST" and form.is_valid() and shifts.is_valid():
        event = _save_event(request, form, shifts, creating=True)
        messages.success(request, _("The event has been saved."))
        return redirect("events:manage", slug=event.slug)
    return render(
        request,
        "events/event_form.html",
        {"form": form, "shifts": shifts, "organiser": organiser, "creating": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, slug):
    event = _event_or_404(request, slug, "events.manage")
    form = EventForm(
        request.POST or None,
        instance=event,
        organiser=event.organiser,
        coordination=event.coordination,
        group=event.group,
    )
    shifts = ShiftFormSet(request.POST or None, instance=event, prefix="shifts")
    if request.method == "POST" and form.is_valid() and shifts.is_valid():
        _save_event(request, form, shifts, creating=False)
        messages.success(request, _("The event has been saved."))
        return redirect("events:manage", slug=event.slug)
    return render(
        request,
        "events/event_form.html",
        {"form": form, "shifts": shifts, "event": event, "creating": False},
    )


# A group's hours, for its leader -------------------------------------------------------------


def _group_or_404(request, slug):
    from groups.models import LocalGroup

    return get_for_user_or_404(request.user, "events.group_hours", LocalGroup.objects, slug=slug)


@login_required
@require_GET
def group_hours(request, slug):
    """A group's events and gaps, its members' volunteering hours (never public), and the time
    its leader logged."""
    group = _group_or_404(request, slug)
    period_form = PeriodForm(request.GET or None)
    period = period_form.chosen_period(timezone.localdate())
    return _group_page(request, group, period_form, period, VolunteerTimeForm(group=group))


def _group_page(request, group, period_form, period, time_form, status=200):
    rows, totals = selectors.group_member_hours(group, start=period.start, end=period.end)
    return render(
        request,
        "events/group_hours.html",
        {
            "group": group,
            "form": period_form,
            "period": period,
            "rows": rows,
            "totals": totals,
            "time_form": time_form,
            "entries": VolunteerTime.objects.filter(group=group).select_related("person")[:20],
            "events": [
                (event, selectors.shifts_by_day(event.shifts.all()))
                for event in selectors.group_events(group)
            ],
        },
        status=status,
    )


@login_required
@require_POST
def time_log(request, slug):
    group = _group_or_404(request, slug)
    form = VolunteerTimeForm(request.POST, group=group)
    if form.is_valid():
        try:
            services.volunteer_time_log(
                group=group,
                person=form.cleaned_data["person"],
                date=form.cleaned_data["date"],
                minutes=form.minutes(),
                description=form.cleaned_data["description"],
                campaign=form.cleaned_data["campaign"],
                logged_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The time has been logged."))
            return redirect("events:group_hours", slug=group.slug)
    period_form = PeriodForm(None)
    period = period_form.chosen_period(timezone.localdate())
    return _group_page(request, group, period_form, period, form)


@login_required
@require_POST
def time_delete(request, pk):
    entry = get_for_user_or_404(
        request.user, "events.delete_time", VolunteerTime.objects.select_related("group"), pk=pk
    )
    slug = entry.group.slug
    services.volunteer_time_delete(entry=entry)
    messages.success(request, _("The entry has been deleted."))
    return redirect("events:group_hours", slug=slug)


# The secretariat -----------------------------------------------------------------------------


@staff_required
@require_GET
def hours(request):
    """Volunteering hours per group, coordination, campaign and person, for a period."""
    form = PeriodForm(request.GET or None)
    period = form.chosen_period(timezone.localdate())
    totals = selectors.hours_totals(start=period.start, end=period.end)
    return render(
        request,
        "events/hours.html",
        {
            "form": form,
            "period": period,
            "totals": totals,
            "tables": [
                ("group", _("Per group"), selectors.hours_table(totals, "group")),
                (
                    "coordination",
                    _("Per coordination"),
                    selectors.hours_table(totals, "coordination"),
                ),
                ("campaign", _("Per campaign"), selectors.hours_table(totals, "campaign")),
                (
                    "person",
                    _("Per person (the 50 with most hours)"),
                    selectors.hours_table(totals, "person", limit=50),
                ),
            ],
            "query": request.GET.urlencode(),
        },
    )


@staff_required
@require_GET
def hours_export(request):
    """The hours as CSV (per person by default; ``by`` a group, coordination or campaign),
    recorded in the security log like every export."""
    form = PeriodForm(request.GET or None)
    period = form.chosen_period(timezone.localdate())
    by = request.GET.get("by", "person")
    if by not in selectors.DIMENSIONS:
        by = "person"
    return exports.hours_export(period=period, by=by).response(request)


@staff_required
@require_GET
def training_needs(request):
    """For the training lead: who needs which training, what expires soon, the next sessions."""
    from liaison.models import Role, SecretariatContact

    return render(
        request,
        "events/training_needs.html",
        {
            "needs": selectors.training_needs(),
            "sessions": list(selectors.training_sessions()),
            "leads": list(
                SecretariatContact.objects.listed()
                .filter(role=Role.TRAINING)
                .select_related("user")
            ),
        },
    )
