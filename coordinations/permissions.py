"""Who may do what with coordinations.

A coordinator works on their own mandate (onboarding, optional tasks, activity log, requests)
and on the hand-over file of the coordination they hold; staff may do all of it. Everybody
else, other coordinators included, is answered 404 by ``get_for_user_or_404``.
"""

from accounts.permissions import is_staff_member, rule
from coordinations.models import Mandate


def is_coordinator(user, coordination=None) -> bool:
    """A volunteer who holds a coordination today (this one, when given): an accepted
    coordinator whose mandate has not started yet is not one yet."""
    mandates = Mandate.objects.holding_on().filter(volunteer=user)
    if coordination is not None:
        mandates = mandates.filter(coordination=coordination)
    return mandates.exists()


@rule("coordinations.manage_mandate")
def _manage_mandate(user, mandate) -> bool:
    """The holder of a mandate ticks their onboarding, logs activities, asks to renew."""
    return is_staff_member(user) or (
        mandate.volunteer_id == user.pk and mandate.status == Mandate.Status.ACTIVE
    )


@rule("coordinations.edit_activity")
def _edit_activity(user, activity) -> bool:
    """An entry of the activity log belongs to the mandate it was recorded on."""
    return _manage_mandate(user, activity.mandate)


@rule("coordinations.edit_onboarding")
def _edit_onboarding(user, progress) -> bool:
    return _manage_mandate(user, progress.mandate)


@rule("coordinations.edit_handover")
def _edit_handover(user, coordination) -> bool:
    # The hand-over file is written by whoever has a mandate on the coordination that nobody
    # ended: the incoming coordinator before their start date, the outgoing one past theirs.
    return is_staff_member(user) or (
        Mandate.objects.active().filter(volunteer=user, coordination=coordination).exists()
    )


@rule("coordinations.edit_handover_note")
def _edit_handover_note(user, note) -> bool:
    """A note belongs to the coordination, not to its author: its current holders edit it."""
    return _edit_handover(user, note.coordination)
