"""Who may do what with events.

Anybody sees the public events; logged-in people see those of their audience (the members',
the coordinators' when they hold a coordination, their group's) and those they take part in.
The organisers (the coordinators in office of the organising coordination, the leader of the
organising group) and staff manage an event: its participants, waiting list, attendance and
calls for help. A group's leader and staff see the group's volunteering hours and log time for
its members. Everybody else is answered 404 by the views' scoped loaders.
"""

from accounts.permissions import is_staff_member, rule
from events.models import Event, Participation


def manages(user, event: Event) -> bool:
    """Staff, or the organisers of this event."""
    if not (user.is_authenticated and user.is_active):
        return False
    if is_staff_member(user):
        return True
    if event.organiser == Event.Organiser.COORDINATION and event.coordination_id:
        from coordinations.permissions import is_coordinator

        return is_coordinator(user, event.coordination)
    if event.organiser == Event.Organiser.GROUP and event.group_id:
        from groups.permissions import is_group_leader

        return is_group_leader(user, event.group)
    return False


def sees(user, event: Event) -> bool:
    """``Event.objects.visible_to`` for one event (a test keeps the two in step)."""
    return Event.objects.visible_to(user).filter(pk=event.pk).exists()


@rule("events.manage")
def _manage(user, event) -> bool:
    return manages(user, event)


@rule("events.view")
def _view(user, event) -> bool:
    return sees(user, event)


@rule("events.take_part")
def _take_part(user, event) -> bool:
    """Register or sign up: whoever sees a published event."""
    return event.status == Event.Status.PUBLISHED and sees(user, event)


@rule("events.cancel_participation")
def _cancel(user, participation: Participation) -> bool:
    """One's own place; the organisers cancel anybody's."""
    return participation.person_id == user.pk or manages(user, participation.event)


@rule("events.group_hours")
def _group_hours(user, group) -> bool:
    """A group's hours and its time log: its leader and staff (never public)."""
    from groups.permissions import is_group_leader

    return is_staff_member(user) or is_group_leader(user, group)


@rule("events.delete_time")
def _delete_time(user, entry) -> bool:
    return _group_hours(user, entry.group)
