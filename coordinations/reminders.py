"""The coordinations' daily sweeps: commitment milestones and unfinished onboarding."""

import datetime
import itertools

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils import translation

from accounts.reminders import QUERY_CHUNK, Due, absolute, sweep
from coordinations.models import Mandate, OnboardingStep

ONBOARDING_REMINDER_AFTER_DAYS = 30
# A secretariat contact's daily digest lists this many mandates, then says how many more (the
# admin lists them all): an e-mail stays readable, and the sweep's memory does not grow with
# the number of mandates.
DIGEST_ROWS = 50


def _my_space_url(user) -> str:
    with translation.override(user.preferred_language):
        return absolute(reverse("accounts:me"))


@sweep("mandate_milestones")
def mandate_milestones(today: datetime.date):
    """Coordinators whose commitment ends in 180, 90, 30 or 0 days (configurable), and a digest
    of them for each secretariat contact."""
    offsets = {
        today + datetime.timedelta(days=days): days for days in settings.MANDATE_MILESTONE_DAYS
    }
    due = Mandate.objects.active().leads().filter(end_date__in=list(offsets))
    mandates = due.select_related("volunteer", "coordination").order_by(
        "end_date", "coordination__name"
    )
    for mandate in mandates.iterator(chunk_size=QUERY_CHUNK):
        days = offsets[mandate.end_date]
        yield Due(
            kind="mandate_milestone",
            obj=mandate,
            milestone=str(days),
            recipient=mandate.volunteer,
            template="coordinations/email/milestone",
            context={
                "mandate": mandate,
                "days": days,
                "my_space_url": _my_space_url(mandate.volunteer),
            },
        )
    # A second pass, by contact, so that only one contact's digest is in memory at a time (its
    # first DIGEST_ROWS mandates); its rows load only what the digest shows.
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
        shown = [
            (mandate, offsets[mandate.end_date])
            for mandate in itertools.islice(mandates, DIGEST_ROWS)
        ]
        more = sum(1 for _mandate in mandates)
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
    """New coordinators whose checklist is not complete 30 days after they started, and the
    support team."""
    steps = OnboardingStep.objects.count()
    started = today - datetime.timedelta(days=ONBOARDING_REMINDER_AFTER_DAYS)
    mandates = (
        Mandate.objects.active()
        .leads()
        .filter(start_date=started)
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
