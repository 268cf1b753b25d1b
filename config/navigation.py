"""The main navigation: each person's daily work, with a count of what waits for them.

- everyone: the coordinations, the vacancies, the group finder;
- logged in: My space;
- a coordinator in office: the circulars to relay, with the number waiting and how many of
  them are pressing (overdue or urgent);
- a group leader: the group, and the proposals it has not reported on yet, with their number;
- the secretariat: the dashboard, the application pipeline, the registry of circulars, and the
  people (once that page exists).

The counts come from ``actions.selectors.waiting_for`` (one query, the same definitions as the
inbox and My space), kept in the cache per person and per day under a **version** that every
change to what they count increments, so a change shows at once; ``WAITING_SECONDS`` bounds
anything missed. Staff and visitors cost no query.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.permissions import is_staff_member
from config import counters

VERSION_KEY = "navigation:waiting:version"
WAITING_SECONDS = 300
# The models whose changes can change a count of the navigation.
COUNTED_MODELS = (
    "actions.Circular",
    "actions.CircularAssignment",
    "actions.ActionProposal",
    "actions.ProposalRecipient",
    "actions.FollowUpReport",
    "coordinations.Mandate",
    "local_groups.Membership",
    "local_groups.LocalGroup",
)


@dataclass
class NavItem:
    url: str
    label: str
    active: bool = False
    count: int | None = None  # shown as a badge when not None
    count_text: str = ""  # what the badge means, for screen readers
    pressing: bool = False  # the badge is red: something is overdue or urgent


def _url(name: str, *args) -> str | None:
    """The address of a URL name, or None when that page does not exist (yet)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


# Counts --------------------------------------------------------------------------------------


def waiting_changed(**kwargs) -> None:
    """Make every cached count stale: now, and again once the transaction commits (so that a
    page computed in between, from the data before the commit, is not kept)."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    counters.bump(VERSION_KEY)


def _version() -> int:
    return counters.current(VERSION_KEY)


def waiting(request) -> dict:
    """What waits for the logged-in person (``actions.selectors.waiting_for``), cached; kept on
    the request so that My space reads the same figures as the navigation."""
    if not hasattr(request, "_waiting"):
        from actions.selectors import waiting_for

        today = timezone.localdate()
        key = f"navigation:waiting:{_version()}:{request.user.pk}:{today.isoformat()}"
        counts = cache.get(key)
        if counts is None:
            counts = waiting_for(request.user, today=today)
            cache.set(key, counts, WAITING_SECONDS)
        request._waiting = counts
    return request._waiting


def connect_signals() -> None:
    """Every change to a model the counts read makes them stale (called once, at start-up)."""
    from django.apps import apps

    for label in COUNTED_MODELS:
        model = apps.get_model(label)
        uid = f"navigation-waiting:{label}"
        post_save.connect(waiting_changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(waiting_changed, sender=model, dispatch_uid=f"{uid}:delete")


# Items ---------------------------------------------------------------------------------------


def _circulars_item(counts: dict) -> NavItem | None:
    url = _url("actions:inbox")
    if url is None:
        return None
    waiting_count, pressing = counts["circulars"], counts["pressing"]
    text = ngettext(
        "%(count)d circular waits for you", "%(count)d circulars wait for you", waiting_count
    ) % {"count": waiting_count}
    if pressing:
        text += ngettext(
            ", %(count)d overdue or urgent", ", %(count)d overdue or urgent", pressing
        ) % {"count": pressing}
    return NavItem(
        url=url,
        label=_("Circulars"),
        count=waiting_count,
        count_text=text,
        pressing=bool(pressing),
    )


def _leader_items(counts: dict) -> list[NavItem]:
    items = []
    if counts["leader"] == 1 and counts["group"]:
        group_url = _url("groups:detail", counts["group"])
        proposals_url = _url("actions:group_proposals", counts["group"])
    else:  # several groups: My space lists each of them
        me = reverse("accounts:me")
        group_url, proposals_url = f"{me}#groups-led", f"{me}#me-group-actions"
    if group_url:
        items.append(
            NavItem(url=group_url, label=_("My group") if counts["leader"] == 1 else _("My groups"))
        )
    if proposals_url:
        reports = counts["reports"]
        items.append(
            NavItem(
                url=proposals_url,
                label=_("Proposals to report"),
                count=reports,
                count_text=ngettext(
                    "%(count)d proposal waits for your report",
                    "%(count)d proposals wait for your report",
                    reports,
                )
                % {"count": reports},
            )
        )
    return items


def items_for(request) -> list[NavItem]:
    """The navigation of this person, with the current section marked."""
    user = getattr(request, "user", None)
    items = [
        NavItem(url=url, label=label)
        for name, label in (
            ("coordinations:list", _("Coordinations")),
            ("recruitment:vacancy_list", _("Vacancies")),
            ("groups:search", _("Find a group")),
            ("events:list", _("Events")),
        )
        if (url := _url(name))
    ]
    if user is not None and user.is_authenticated:
        items.append(NavItem(url=reverse("accounts:me"), label=_("My space")))
        if is_staff_member(user):
            items += [
                NavItem(url=url, label=label)
                for name, label in (
                    ("dashboard:index", _("Dashboard")),
                    ("recruitment:pipeline_index", _("Applications")),
                    ("actions:circular_list", _("Circulars")),
                    ("people:search", _("People")),
                )
                if (url := _url(name))
            ]
        else:
            counts = waiting(request)
            if counts["coordinator"] and (item := _circulars_item(counts)):
                items.append(item)
            if counts["leader"]:
                items += _leader_items(counts)
    # The current section: the item whose address is the longest start of this page's.
    path = request.path
    current = max(
        (item for item in items if "#" not in item.url and path.startswith(item.url)),
        key=lambda item: len(item.url),
        default=None,
    )
    if current is not None:
        current.active = True
    return items
