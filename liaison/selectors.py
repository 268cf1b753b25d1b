"""Reads of the directory and of the signalements, shared by the pages, the dashboard and the
services."""

import datetime

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from liaison.models import (
    DEFAULT_ROLES,
    OPEN_STATUSES,
    Role,
    SecretariatContact,
    Signalement,
    SignalementReply,
    SignalementRoute,
    overdue_condition,
)

# Roles every coordinator works with, whatever their country or theme (the reference: the
# lobbying lead and the Dutch-speaking counterpart, the training lead, press, individuals at risk).
COORDINATION_WIDE_ROLES = (
    Role.LOBBYING,
    Role.LOBBYING_NL,
    Role.TRAINING,
    Role.PRESS,
    Role.INDIVIDUALS_AT_RISK,
)
# Roles a local group works with.
GROUP_ROLES = (Role.GROUP_SUPPORT, Role.TRAINING, Role.INDIVIDUALS_AT_RISK)


def contacts_for_coordination(coordination) -> list[SecretariatContact]:
    """The directory entries a coordination's coordinator works with, in one query: the
    campaigner(s) who follow it, the entries of its secretariat contact (``Coordination.
    secretariat_contact``, chosen among the directory's people), and the roles every
    coordination deals with."""
    relevant = Q(coordinations=coordination) | Q(role__in=COORDINATION_WIDE_ROLES)
    if coordination.secretariat_contact_id:
        relevant |= Q(user_id=coordination.secretariat_contact_id)
    return list(
        SecretariatContact.objects.listed().filter(relevant).select_related("user").distinct()
    )


def contacts_for_group(group) -> list[SecretariatContact]:
    """The directory entries a local group's people work with (one query): group support,
    training, the individuals-at-risk team, and the entries of the group's own contact."""
    relevant = Q(role__in=GROUP_ROLES)
    if group.secretariat_contact_id:
        relevant |= Q(user_id=group.secretariat_contact_id)
    return list(
        SecretariatContact.objects.listed().filter(relevant).select_related("user").distinct()
    )


def directory_users():
    """Staff who hold an entry of the directory: the choices for a coordination's contact."""
    from accounts.models import User

    return User.objects.filter(
        is_staff=True, is_active=True, secretariat_roles__active=True
    ).distinct()


def route_for(*, kind: str, coordination) -> SecretariatContact | None:
    """The directory entry a new signalement of ``kind`` about ``coordination`` goes to.

    The route of the kind (staff's, else the default) names a role, or one contact. Among the
    contacts of the role, the one who follows the coordination comes first, then the one who
    is the coordination's secretariat contact, then the directory's order. None when nobody
    holds the role: the signalement then waits in everybody's queue."""
    route = SignalementRoute.objects.filter(kind=kind).select_related("contact__user").first()
    if route is not None and route.contact_id and route.contact.active and route.contact.user_id:
        return route.contact
    role = route.role if route is not None else DEFAULT_ROLES[kind]
    candidates = list(
        SecretariatContact.objects.listed()
        .filter(role=role)
        .annotate(follows=Count("coordinations", filter=Q(coordinations=coordination)))
        .select_related("user")
    )
    if not candidates:
        return None

    def rank(contact):
        return (
            -contact.follows,
            contact.user_id != coordination.secretariat_contact_id,
            contact.order,
            contact.pk,
        )

    return min(candidates, key=rank)


def sender_coordinations(user):
    """The coordinations a person may send signalements for: those of their mandates not
    ended (upcoming ones included, so that a new coordinator can ask before starting)."""
    from coordinations.models import Coordination, Mandate

    return Coordination.objects.filter(
        pk__in=Mandate.objects.active().filter(volunteer=user).values("coordination_id")
    ).order_by("name")


def may_send(user) -> bool:
    from coordinations.models import Mandate

    return bool(user.is_authenticated and Mandate.objects.active().filter(volunteer=user).exists())


def signalements_sent_by(user):
    """A coordinator's own signalements, newest first, with their contact and reply count."""
    return (
        Signalement.objects.filter(author=user)
        .select_related("coordination", "contact__user")
        .annotate(reply_count=Count("replies"))
        .order_by("-created_at", "-pk")
    )


def signalement_for_thread(queryset):
    """The signalement with what its thread shows, in a fixed number of queries."""
    return queryset.select_related("coordination", "author", "contact__user").prefetch_related(
        Prefetch("replies", queryset=SignalementReply.objects.select_related("author"))
    )


def staff_queue(*, day: datetime.date | None = None):
    """Every signalement in the queue's order: overdue first, then by due date."""
    return (
        Signalement.objects.in_queue_order(day)
        .select_related("coordination", "author", "contact__user")
        .annotate(reply_count=Count("replies"))
    )


def signalement_counts(day: datetime.date | None = None) -> dict:
    """Open and overdue signalements (one query), for the dashboard."""
    day = day or timezone.localdate()
    return Signalement.objects.aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=overdue_condition(day)),
    )
