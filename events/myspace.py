"""The events' sections of My space: my next places (events and shifts), and my completed
trainings. One query tells which apply (``selectors.my_space_flags``); the details are read
only for the sections that do."""

from accounts.myspace import section
from events import selectors


def _flags(request) -> dict:
    if not hasattr(request, "_events_my_space_flags"):
        request._events_my_space_flags = selectors.my_space_flags(request.user)
    return request._events_my_space_flags


@section(order=35, template="events/includes/me_events.html", areas=("accounts", "events"))
def my_events(request):
    """My next events and shifts, with the link to my schedule and calendar."""
    if not request.user.is_authenticated or not _flags(request)["has_places"]:
        return None
    return {"places": selectors.upcoming_places(request.user)}


@section(
    order=36,
    template="events/includes/me_trainings.html",
    areas=("accounts", "events"),
)
def my_trainings(request):
    """The trainings I completed, and until when each is valid."""
    if not request.user.is_authenticated or not _flags(request)["has_trainings"]:
        return None
    return {"trainings": selectors.trainings_of(request.user)}
