"""Public pages of the coordinations, and the verbs a coordinator uses from My space.

Every verb is a POST, loads its object through ``get_for_user_or_404`` (outsiders get 404),
validates with a form and saves through a service. When the input is wrong, the same form is
shown again on a small page of its own with the errors, and nothing is saved.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import get_for_user_or_404
from config.pagecache import choice, country_code, flag, page_number, public_page
from config.redirects import posted_next
from coordinations import selectors, services
from coordinations.forms import (
    ActivityForm,
    CoordinationFilter,
    HandoverNoteForm,
    MandateRequestForm,
    OnboardingTickForm,
    OptionalTasksForm,
)
from coordinations.models import (
    MINIMUM_LEAD_COMMITMENT_MONTHS,
    Activity,
    Coordination,
    HandoverNote,
    Mandate,
    OnboardingProgress,
)
from recruitment.selectors import (
    default_coordinator_competencies,
    open_vacancy_for_coordination,
    recruiting_contact_email,
)

COORDINATIONS_PER_PAGE = 30
ACTIVITIES_PER_PAGE = 25


# Public pages --------------------------------------------------------------------------------


@require_GET
@public_page(
    params={
        "kind": choice(Coordination.Kind.values),
        "vacant": flag,
        "country": country_code,
        "page": page_number,
    }
)
def coordination_list(request):
    """All active coordinations, grouped by kind, with the vacancy badge and filters."""
    filterset = CoordinationFilter(request.GET or None, queryset=selectors.coordinations_by_kind())
    page_obj = Paginator(filterset.qs, COORDINATIONS_PER_PAGE).get_page(request.GET.get("page"))
    headings = {
        Coordination.Kind.COUNTRY: _("Countries"),
        Coordination.Kind.REGION: _("Regions"),
        Coordination.Kind.THEMATIC: _("Themes"),
    }
    groups: dict[str, list[Coordination]] = {}
    for coordination in page_obj.object_list:
        groups.setdefault(coordination.kind, []).append(coordination)
    return render(
        request,
        "coordinations/coordination_list.html",
        {
            "filter": filterset,
            "page_obj": page_obj,
            "groups": [
                {"kind": kind, "heading": headings[kind], "coordinations": members}
                for kind, members in groups.items()
            ],
        },
    )


@require_GET
@public_page(params={})
def coordination_detail(request, slug):
    """One coordination: what it covers, what its coordinator does, who holds it now."""
    try:
        coordination = selectors.coordinations_for_listing().get(slug=slug)
    except Coordination.DoesNotExist:
        raise Http404 from None
    open_vacancy = open_vacancy_for_coordination(coordination)
    # The competencies the open vacancy asks for, or those every coordinator needs.
    competencies = (
        list(open_vacancy.competencies.all())
        if open_vacancy is not None
        else list(default_coordinator_competencies())
    )
    return render(
        request,
        "coordinations/coordination_detail.html",
        {
            "coordination": coordination,
            "responsibilities": selectors.responsibilities_by_kind(),
            "minimum_months": MINIMUM_LEAD_COMMITMENT_MONTHS,
            "open_vacancy": open_vacancy,
            "competencies": competencies,
            # Recruiting with no vacancy open: the page offers the pool and a contact instead
            # (not once a new coordinator has been accepted and is about to arrive).
            "recruiting_contact_email": (
                recruiting_contact_email(coordination)
                if coordination.is_recruiting
                and open_vacancy is None
                and not getattr(coordination, "arrives_on", None)
                else ""
            ),
        },
    )


# Helpers of the verbs ------------------------------------------------------------------------


def _back(request, page: str, anchor: str):
    """Where to go after a verb: the page it came from when it is ours, else the page of My
    space that shows that part of the mandate (``page``: "accounts:me_onboarding"...)."""
    return redirect(posted_next(request, f"{reverse(page)}#{anchor}"))


def _form_again(request, form, *, title: str, action: str, status: int = 200):
    """The form with its errors, on a page of its own (nothing was saved)."""
    return render(
        request,
        "coordinations/form_page.html",
        {
            "form": form,
            "title": title,
            "action": action,
            "next": request.POST.get("next", ""),
        },
        status=status,
    )


def _mandates():
    return Mandate.objects.select_related("coordination", "volunteer")


# My mandate ----------------------------------------------------------------------------------


@login_required
@require_POST
def mandate_request(request, pk):
    """ "I wish to renew" or "I wish to hand over": recorded and sent to the secretariat."""
    mandate = get_for_user_or_404(request.user, "coordinations.manage_mandate", _mandates(), pk=pk)
    form = MandateRequestForm(request.POST, mandate=mandate)
    if form.is_valid():
        try:
            services.mandate_request_create(
                mandate=mandate,
                kind=form.cleaned_data["kind"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your request has been sent to the secretariat, which will contact you.")
            )
            return _back(request, "accounts:me_mandate", f"mandate-{mandate.pk}")
    return _form_again(
        request,
        form,
        title=_("Renew or hand over my mandate"),
        action=reverse("coordinations:mandate_request", args=[mandate.pk]),
    )


@login_required
@require_POST
def mandate_tasks(request, pk):
    """The optional tasks the coordinator takes on."""
    mandate = get_for_user_or_404(request.user, "coordinations.manage_mandate", _mandates(), pk=pk)
    form = OptionalTasksForm(request.POST)
    if form.is_valid():
        services.mandate_optional_tasks_set(
            mandate=mandate, responsibilities=form.cleaned_data["tasks"]
        )
        messages.success(request, _("Your optional tasks have been saved."))
        return _back(request, "accounts:me_tasks", f"tasks-{mandate.pk}")
    return _form_again(
        request,
        form,
        title=_("My optional tasks"),
        action=reverse("coordinations:mandate_tasks", args=[mandate.pk]),
    )


# Onboarding ----------------------------------------------------------------------------------


@login_required
@require_GET
def onboarding(request, pk):
    """One mandate's onboarding checklist: the support team follows and ticks it here."""
    mandate = get_for_user_or_404(request.user, "coordinations.manage_mandate", _mandates(), pk=pk)
    return render(
        request,
        "coordinations/onboarding.html",
        {
            "mandate": mandate,
            "checklist": selectors.onboarding_checklist(mandate),
            "next": request.path,
        },
    )


@login_required
@require_POST
def onboarding_tick(request, pk):
    mandate = get_for_user_or_404(request.user, "coordinations.manage_mandate", _mandates(), pk=pk)
    form = OnboardingTickForm(request.POST)
    if form.is_valid():
        services.onboarding_step_tick(
            mandate=mandate,
            step=form.cleaned_data["step"],
            done_on=form.cleaned_data["done_on"],
            ticked_by=request.user,
            note=form.cleaned_data["note"],
        )
        messages.success(
            request,
            _("“%(step)s” is ticked.") % {"step": form.cleaned_data["step"].label},
        )
        return _back(request, "accounts:me_onboarding", f"onboarding-{mandate.pk}")
    return _form_again(
        request,
        form,
        title=_("Tick an onboarding step"),
        action=reverse("coordinations:onboarding_tick", args=[mandate.pk]),
    )


@login_required
@require_POST
def onboarding_untick(request, pk):
    progress = get_for_user_or_404(
        request.user,
        "coordinations.edit_onboarding",
        OnboardingProgress.objects.select_related("mandate", "step"),
        pk=pk,
    )
    mandate = progress.mandate
    services.onboarding_step_untick(progress=progress)
    messages.success(request, _("“%(step)s” is no longer ticked.") % {"step": progress.step.label})
    return _back(request, "accounts:me_onboarding", f"onboarding-{mandate.pk}")


# Activity log --------------------------------------------------------------------------------


@login_required
@require_GET
def activity_list(request, pk):
    """The whole activity log of a mandate, newest first."""
    mandate = get_for_user_or_404(request.user, "coordinations.manage_mandate", _mandates(), pk=pk)
    page_obj = Paginator(mandate.activities.order_by("-date", "-pk"), ACTIVITIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "coordinations/activity_list.html",
        {
            "mandate": mandate,
            "page_obj": page_obj,
            "activities": [
                (
                    activity,
                    ActivityForm(instance=activity, mandate=mandate, auto_id=f"a{activity.pk}-%s"),
                )
                for activity in page_obj
            ],
            "activity_form": ActivityForm(mandate=mandate, auto_id=f"m{mandate.pk}-activity-%s"),
            "next": request.get_full_path(),
        },
    )


@login_required
@require_POST
def activity_create(request, pk):
    mandate = get_for_user_or_404(request.user, "coordinations.manage_mandate", _mandates(), pk=pk)
    form = ActivityForm(request.POST, mandate=mandate)
    if form.is_valid():
        services.activity_create(mandate=mandate, **form.cleaned_data)
        messages.success(request, _("The activity has been added to your log."))
        return _back(request, "accounts:me_activity", f"activities-{mandate.pk}")
    return _form_again(
        request,
        form,
        title=_("Add an activity"),
        action=reverse("coordinations:activity_create", args=[mandate.pk]),
    )


def _activity(request, pk) -> Activity:
    return get_for_user_or_404(
        request.user,
        "coordinations.edit_activity",
        Activity.objects.select_related("mandate"),
        pk=pk,
    )


@login_required
@require_POST
def activity_update(request, pk):
    activity = _activity(request, pk)
    form = ActivityForm(request.POST, instance=activity, mandate=activity.mandate)
    if form.is_valid():
        services.activity_update(activity=activity, **form.cleaned_data)
        messages.success(request, _("The activity has been updated."))
        return _back(request, "accounts:me_activity", f"activities-{activity.mandate_id}")
    return _form_again(
        request,
        form,
        title=_("Edit an activity"),
        action=reverse("coordinations:activity_update", args=[activity.pk]),
    )


@login_required
@require_POST
def activity_delete(request, pk):
    activity = _activity(request, pk)
    mandate = activity.mandate
    services.activity_delete(activity=activity)
    messages.success(request, _("The activity has been deleted."))
    return _back(request, "accounts:me_activity", f"activities-{mandate.pk}")


# Hand-over file ------------------------------------------------------------------------------


@login_required
@require_POST
def handover_note_create(request, slug):
    coordination = get_for_user_or_404(
        request.user, "coordinations.edit_handover", Coordination.objects.all(), slug=slug
    )
    form = HandoverNoteForm(request.POST)
    if form.is_valid():
        services.handover_note_create(
            coordination=coordination, author=request.user, **form.cleaned_data
        )
        messages.success(request, _("The note has been added to the hand-over file."))
        return _back(request, "accounts:me_handover", f"handover-{coordination.pk}")
    return _form_again(
        request,
        form,
        title=_("Add a note to the hand-over file"),
        action=reverse("coordinations:handover_note_create", args=[coordination.slug]),
    )


@login_required
@require_POST
def handover_note_update(request, pk):
    note = get_for_user_or_404(
        request.user,
        "coordinations.edit_handover_note",
        HandoverNote.objects.select_related("coordination"),
        pk=pk,
    )
    form = HandoverNoteForm(request.POST, instance=note)
    if form.is_valid():
        services.handover_note_update(note=note, author=request.user, **form.cleaned_data)
        messages.success(request, _("The note has been updated."))
        return _back(request, "accounts:me_handover", f"handover-{note.coordination_id}")
    return _form_again(
        request,
        form,
        title=_("Edit a note of the hand-over file"),
        action=reverse("coordinations:handover_note_update", args=[note.pk]),
    )
