"""The coordinator's part of My space: mandate, requests, optional tasks, onboarding, activity
log and the coordination's hand-over file. Nothing shows for a person without an active mandate
(one query)."""

from django.utils import timezone

from accounts.myspace import section
from coordinations import selectors
from coordinations.forms import (
    ActivityForm,
    HandoverNoteForm,
    MandateRequestForm,
    OnboardingTickForm,
    OptionalTasksForm,
)
from coordinations.models import HandoverNote, OnboardingStep


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


def mandate_panel(mandate, steps, today) -> dict:
    """Everything the section shows about one mandate, with its forms."""
    prefix = f"m{mandate.pk}"
    percent = mandate.progress_percent(today)
    activities = mandate.recent_activities[: selectors.RECENT_ACTIVITIES]
    return {
        "mandate": mandate,
        "progress": percent,
        "progress_step": progress_step(percent),
        "days_remaining": mandate.days_remaining(today),
        # Upcoming until the start date: "starts in N days"; the onboarding can begin already.
        "phase": mandate.phase_on(today),
        "days_until_start": mandate.days_until_start(today),
        "pending_requests": mandate.pending_requests,
        "request_form": MandateRequestForm(mandate=mandate, auto_id=f"{prefix}-request-%s"),
        "chosen_tasks": mandate.chosen_tasks,
        "tasks_form": OptionalTasksForm(
            initial={"tasks": [task.pk for task in mandate.chosen_tasks]},
            auto_id=f"{prefix}-tasks-%s",
        ),
        "checklist": [
            {
                **entry,
                "form": OnboardingTickForm(
                    initial={"step": entry["step"].pk},
                    auto_id=f"{prefix}-step{entry['step'].pk}-%s",
                ),
            }
            for entry in selectors.onboarding_checklist(mandate, steps)
        ],
        "activities": [
            {
                "activity": activity,
                "form": ActivityForm(
                    instance=activity, mandate=mandate, auto_id=f"a{activity.pk}-%s"
                ),
            }
            for activity in activities
        ],
        "more_activities": len(mandate.recent_activities) > selectors.RECENT_ACTIVITIES,
        "activity_form": ActivityForm(mandate=mandate, auto_id=f"{prefix}-activity-%s"),
        "notes_by_topic": _notes_by_topic(mandate.coordination.notes),
        "note_form": HandoverNoteForm(auto_id=f"{prefix}-note-%s"),
    }


@section(order=20, template="coordinations/includes/me_mandates.html")
def mandates(request):
    if not request.user.is_authenticated:
        return None
    held = selectors.mandates_for_my_space(request.user)
    if not held:
        return None
    steps = list(OnboardingStep.objects.all())
    today = timezone.localdate()
    return {"panels": [mandate_panel(mandate, steps, today) for mandate in held]}
