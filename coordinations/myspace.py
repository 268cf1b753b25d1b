"""The coordinator's part of My space.

The overview shows one short card per mandate (dates, where the onboarding stands, links) and
puts what needs the coordinator now at the top: the next onboarding step, a commitment ending or
over. The long parts have pages of their own, each with its forms, which come back to the page:
the mandate and its renewal (/me/mandate/), the optional tasks (/me/tasks/), the onboarding
(/me/onboarding/), the activity log (/me/activity/) and the coordination's hand-over file
(/me/handover/). Nothing shows for a person without an active mandate (one query).
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.myspace import Need, per_request, section
from coordinations import selectors
from coordinations.forms import (
    ActivityForm,
    HandoverNoteForm,
    MandateRequestForm,
    OnboardingTickForm,
    OptionalTasksForm,
)
from coordinations.models import HandoverNote, Mandate, OnboardingStep

# How long after the start of a mandate its next onboarding step is among what needs the
# coordinator now (before the start too); later, the step stays on the onboarding page.
ONBOARDING_NEED_DAYS = 180


def progress_step(percent: int) -> int:
    """The percentage rounded to a step of 5, for the CSS width classes (no inline style)."""
    return max(0, min(100, 5 * round(percent / 5)))


def _notes_by_topic(notes) -> list[dict]:
    labels = dict(HandoverNote.Topic.choices)
    by_topic: dict[str, list] = {}
    for note in sorted(notes, key=lambda n: (list(labels).index(n.topic), n.title.casefold())):
        by_topic.setdefault(note.topic, []).append(
            {"note": note, "form": HandoverNoteForm(instance=note, auto_id=f"n{note.pk}-%s")}
        )
    return [{"label": labels[topic], "notes": entries} for topic, entries in by_topic.items()]


def _held(request) -> list[Mandate]:
    """The person's active mandates with everything My space shows about them, once per
    request."""
    if not request.user.is_authenticated:
        return []
    return per_request(request, "mandates", lambda: selectors.mandates_for_my_space(request.user))


def _steps(request) -> list[OnboardingStep]:
    return per_request(
        request,
        "onboarding_steps",
        lambda: list(OnboardingStep.objects.select_related("required_training")),
    )


def _dates(mandate, today) -> dict:
    percent = mandate.progress_percent(today)
    return {
        "mandate": mandate,
        "progress": percent,
        "progress_step": progress_step(percent),
        "days_remaining": mandate.days_remaining(today),
        # Upcoming until the start date: "starts in N days"; the onboarding can begin already.
        "phase": mandate.phase_on(today),
        "days_until_start": mandate.days_until_start(today),
        "pending_requests": mandate.pending_requests,
    }


def _checklist(mandate, steps) -> list[dict]:
    prefix = f"m{mandate.pk}"
    return [
        {
            **entry,
            "form": OnboardingTickForm(
                initial={"step": entry["step"].pk}, auto_id=f"{prefix}-step{entry['step'].pk}-%s"
            ),
        }
        for entry in selectors.onboarding_checklist(mandate, steps)
    ]


# The overview ------------------------------------------------------------------------------


def _needs(mandate, summary) -> list[Need]:
    needs = []
    name = mandate.coordination.name
    if not mandate.pending_requests and summary["phase"] in (
        Mandate.Phase.ENDING,
        Mandate.Phase.OVERDUE,
    ):
        over = summary["phase"] == Mandate.Phase.OVERDUE
        needs.append(
            Need(
                text=(
                    _("Your commitment for %(name)s is over: renew or hand over?")
                    if over
                    else _("Your commitment for %(name)s ends soon: renew or hand over?")
                )
                % {"name": name},
                url=reverse("accounts:me_mandate") + f"#mandate-{mandate.pk}",
                tag=_("Overdue") if over else _("Ending soon"),
                level="danger" if over else "warning",
                due=mandate.end_date,
            )
        )
    if summary["next_step"] is not None and summary["days_in_office"] <= ONBOARDING_NEED_DAYS:
        needs.append(
            Need(
                text=_("Onboarding, next step: %(step)s") % {"step": summary["next_step"].label},
                url=reverse("accounts:me_onboarding") + f"#onboarding-{mandate.pk}",
                tag=_("Next step"),
                level="info",
                detail=name,
            )
        )
    return needs


@section(
    order=20,
    template="coordinations/includes/me_mandate_summary.html",
    areas=("accounts", "coordinations", "events"),
)
def mandates(request):
    """Each mandate in a few lines, with links to its pages; its needs at the top."""
    held = _held(request)
    if not held:
        return None
    steps = _steps(request)
    today = timezone.localdate()
    panels, needs = [], []
    for mandate in held:
        ticked = {tick.step_id for tick in mandate.ticked_steps}
        summary = {
            **_dates(mandate, today),
            "steps_done": sum(1 for step in steps if step.pk in ticked),
            "steps_total": len(steps),
            "next_step": next((step for step in steps if step.pk not in ticked), None),
            "days_in_office": (today - mandate.start_date).days,
            "notes_count": len(mandate.coordination.notes),
            "recent_activities": len(mandate.recent_activities),
            "more_activities": len(mandate.recent_activities) > selectors.RECENT_ACTIVITIES,
        }
        panels.append(summary)
        needs += _needs(mandate, summary)
    return {"panels": panels, "needs": needs, "shown_activities": selectors.RECENT_ACTIVITIES}


# The pages -----------------------------------------------------------------------------------


def _page(request, part: str, build) -> dict | None:
    held = _held(request)
    if not held:
        return None
    return {
        "part": f"coordinations/includes/me_{part}.html",
        "panels": [build(mandate) for mandate in held],
    }


@section(
    order=20,
    template="coordinations/includes/me_mandate_page.html",
    page="mandate",
    title=gettext_lazy("My mandate"),
    areas=("accounts", "coordinations", "liaison"),
)
def mandate_page(request):
    """The mandate's dates and progress, the contacts at the secretariat, renew or hand over."""
    today = timezone.localdate()
    return _page(
        request,
        "mandate",
        lambda mandate: {
            **_dates(mandate, today),
            "request_form": MandateRequestForm(
                mandate=mandate, auto_id=f"m{mandate.pk}-request-%s"
            ),
        },
    )


@section(
    order=20,
    template="coordinations/includes/me_mandate_page.html",
    page="tasks",
    title=gettext_lazy("My optional tasks"),
    areas=("accounts", "coordinations"),
)
def tasks_page(request):
    """The optional tasks the coordinator takes on, besides the three priority ones."""
    return _page(
        request,
        "tasks",
        lambda mandate: {
            "mandate": mandate,
            "chosen_tasks": mandate.chosen_tasks,
            "tasks_form": OptionalTasksForm(
                initial={"tasks": [task.pk for task in mandate.chosen_tasks]},
                auto_id=f"m{mandate.pk}-tasks-%s",
            ),
        },
    )


@section(
    order=20,
    template="coordinations/includes/me_mandate_page.html",
    page="onboarding",
    title=gettext_lazy("My onboarding"),
    areas=("accounts", "coordinations", "events"),
)
def onboarding_page(request):
    """The onboarding checklist, to tick."""
    steps = _steps(request) if _held(request) else []
    return _page(
        request,
        "onboarding",
        lambda mandate: {
            "mandate": mandate,
            "checklist": _checklist(mandate, steps),
            "next": f"{request.path}#onboarding-{mandate.pk}",
        },
    )


@section(
    order=20,
    template="coordinations/includes/me_mandate_page.html",
    page="activity",
    title=gettext_lazy("My activity log"),
    areas=("accounts", "coordinations"),
)
def activity_page(request):
    """The latest entries of the activity log, to add, edit or delete; the rest on the full
    log's page."""
    return _page(
        request,
        "activities",
        lambda mandate: {
            "mandate": mandate,
            "activities": [
                {
                    "activity": activity,
                    "form": ActivityForm(
                        instance=activity, mandate=mandate, auto_id=f"a{activity.pk}-%s"
                    ),
                }
                for activity in mandate.recent_activities[: selectors.RECENT_ACTIVITIES]
            ],
            "more_activities": len(mandate.recent_activities) > selectors.RECENT_ACTIVITIES,
            "activity_form": ActivityForm(mandate=mandate, auto_id=f"m{mandate.pk}-activity-%s"),
            "next": f"{request.path}#activities-{mandate.pk}",
        },
    )


@section(
    order=20,
    template="coordinations/includes/me_mandate_page.html",
    page="handover",
    title=gettext_lazy("Hand-over file"),
    areas=("accounts", "coordinations"),
)
def handover_page(request):
    """The coordination's hand-over file: notes for whoever holds it next."""
    return _page(
        request,
        "handover",
        lambda mandate: {
            "mandate": mandate,
            "notes_by_topic": _notes_by_topic(mandate.coordination.notes),
            "note_form": HandoverNoteForm(auto_id=f"m{mandate.pk}-note-%s"),
        },
    )
