"""The coordinations' daily sweeps: commitment milestones and unfinished onboarding."""

import datetime
import itertools

from django.conf import settings
from django.db.models import Case, CharField, Count, Exists, Max, OuterRef, Q, Value, When
from django.urls import reverse

from accounts.models import User
from coordinations.models import Mandate, OnboardingStep
from messaging.models import OutgoingMessage
from messaging.sweeps import QUERY_CHUNK, Due, absolute, address_in, catch_up_days, sweep

ONBOARDING_REMINDER_AFTER_DAYS = 30
# A secretariat contact's daily digest lists this many mandates, then says how many more (the
# admin lists them all): an e-mail stays readable, and the sweep's memory does not grow with
# the number of mandates.
DIGEST_ROWS = 50


def _my_space_url(user) -> str:
    return address_in(user.preferred_language, "accounts:me")


def milestone_ranges(today: datetime.date) -> list[tuple[int, datetime.date, datetime.date]]:
    """For each milestone (days before the end, MANDATE_MILESTONE_DAYS): the end dates of the
    mandates for which it is the latest milestone reached, reached at most
    REMINDER_CATCH_UP_DAYS ago. A mandate is only ever reminded of its latest milestone: one
    whose 90-day message was missed and that now reaches its 30 days gets the 30-day one."""
    window = catch_up_days()
    milestones = sorted(set(settings.MANDATE_MILESTONE_DAYS), reverse=True)
    ranges = []
    for position, days in enumerate(milestones):
        # Days left before the end: at most ``days`` (reached), at least ``days - window``
        # (recent enough), and more than the next milestone (not yet superseded by it).
        fewest = days - window
        if position + 1 < len(milestones):
            fewest = max(fewest, milestones[position + 1] + 1)
        if fewest <= days:
            ranges.append(
                (
                    days,
                    today + datetime.timedelta(days=fewest),
                    today + datetime.timedelta(days=days),
                )
            )
    return ranges


def _mandates_at_a_milestone(today: datetime.date):
    """Active lead mandates whose latest milestone was reached on or before ``today`` (within
    the catch-up window), annotated with that milestone."""
    ranges = milestone_ranges(today)
    if not ranges:
        return Mandate.objects.none()
    within = Q()
    for _days, first, last in ranges:
        within |= Q(end_date__range=(first, last))
    return (
        Mandate.objects.active()
        .leads()
        .filter(within)
        .annotate(
            milestone=Case(
                *(
                    When(end_date__range=(first, last), then=Value(str(days)))
                    for days, first, last in ranges
                ),
                output_field=CharField(),
            )
        )
    )


def _reached_on(mandate) -> datetime.date:
    return mandate.end_date - datetime.timedelta(days=int(mandate.milestone))


@sweep("mandate_milestones")
def mandate_milestones(today: datetime.date):
    """Coordinators whose commitment reached a milestone (180, 90, 30 or 0 days before its end,
    configurable) on or before today and were not told yet, and a digest of them for each
    secretariat contact. The message counts the days left from ``today``: a reminder caught up
    late says "ends in 85 days", not 90."""
    due = _mandates_at_a_milestone(today)
    # Only the coordinators not told yet are read (one index lookup each): a catch-up window of
    # two weeks does not make every morning read two weeks of mandates in Python.
    told = OutgoingMessage.objects.filter(
        kind="mandate_milestone",
        concerns_type=Mandate._meta.label_lower,
        concerns_id=OuterRef("pk"),
        milestone=OuterRef("milestone"),
        to_email=OuterRef("volunteer__email"),
    )
    mandates = (
        due.exclude(Exists(told))
        .select_related("volunteer", "coordination")
        .order_by("end_date", "coordination__name")
    )
    for mandate in mandates.iterator(chunk_size=QUERY_CHUNK):
        yield Due(
            kind="mandate_milestone",
            obj=mandate,
            milestone=mandate.milestone,
            recipient=mandate.volunteer,
            template="coordinations/email/milestone",
            context={
                "mandate": mandate,
                "days": (mandate.end_date - today).days,
                "days_ago": (today - mandate.end_date).days,
                "my_space_url": _my_space_url(mandate.volunteer),
            },
        )
    # A second pass, by contact, so that only one contact's digest is in memory at a time (its
    # first DIGEST_ROWS mandates); its rows load only what the digest shows. A digest lists the
    # milestones reached since that contact's previous digest (whose milestone is its date).
    previous = dict(
        OutgoingMessage.objects.filter(
            kind="mandate_milestone_digest", concerns_type=User._meta.label_lower
        )
        .values("concerns_id")
        .annotate(last=Max("milestone"))
        .values_list("concerns_id", "last")
    )
    rows = (
        due.filter(coordination__secretariat_contact__isnull=False)
        .select_related("volunteer", "coordination__secretariat_contact")
        .only(
            "end_date",
            "volunteer__first_name",
            "volunteer__last_name",
            "coordination__name",
            "coordination__secretariat_contact",
        )
        .order_by("coordination__secretariat_contact_id", "end_date", "coordination__name", "pk")
    )
    for contact, mandates in itertools.groupby(
        rows.iterator(chunk_size=QUERY_CHUNK), key=lambda m: m.coordination.secretariat_contact
    ):
        since = previous.get(contact.pk, "")
        news = (m for m in mandates if _reached_on(m).isoformat() > since)
        shown = [
            (mandate, (mandate.end_date - today).days)
            for mandate in itertools.islice(news, DIGEST_ROWS)
        ]
        if not shown:
            continue
        more = sum(1 for _mandate in news)
        yield Due(
            kind="mandate_milestone_digest",
            obj=contact,
            milestone=today.isoformat(),
            recipient=contact,
            essential=False,
            template="coordinations/email/milestone_digest",
            context={
                "rows": shown,
                "more": more,
                "admin_url": absolute(reverse("admin:coordinations_mandate_changelist")),
            },
        )


@sweep("onboarding")
def unfinished_onboarding(today: datetime.date):
    """New coordinators whose checklist is not complete 30 days after they started (or up to
    REMINDER_CATCH_UP_DAYS later, when a run was missed), and the support team."""
    steps = OnboardingStep.objects.count()
    started = today - datetime.timedelta(days=ONBOARDING_REMINDER_AFTER_DAYS)
    mandates = (
        Mandate.objects.active()
        .leads()
        .filter(start_date__range=(started - datetime.timedelta(days=catch_up_days()), started))
        .annotate(done=Count("onboarding"))
        .filter(done__lt=steps)
        .select_related("volunteer", "coordination")
    )
    for mandate in mandates.iterator(chunk_size=QUERY_CHUNK):
        context = {
            "mandate": mandate,
            "done": mandate.done,
            "steps": steps,
            "my_space_url": _my_space_url(mandate.volunteer),
        }
        yield Due(
            kind="onboarding_incomplete",
            obj=mandate,
            milestone=str(ONBOARDING_REMINDER_AFTER_DAYS),
            recipient=mandate.volunteer,
            template="coordinations/email/onboarding",
            context=context,
        )
        yield Due(
            kind="onboarding_incomplete_support",
            obj=mandate,
            milestone=str(ONBOARDING_REMINDER_AFTER_DAYS),
            email=settings.SUPPORT_TEAM_EMAIL,
            template="coordinations/email/onboarding_support",
            context={
                **context,
                "admin_url": absolute(
                    reverse("admin:coordinations_mandate_change", args=[mandate.pk])
                ),
            },
        )
