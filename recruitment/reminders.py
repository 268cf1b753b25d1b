"""The recruitment's morning run: vacancies past their deadline are closed, and whoever follows
each one is told how many applications wait for review."""

import datetime

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation

from config.pagecache import public_pages_changed
from messaging.sweeps import QUERY_CHUNK, Due, absolute, catch_up_days, daily_job, sweep
from recruitment.models import Application, Vacancy

AWAITING_REVIEW = [Application.Status.SUBMITTED, Application.Status.IN_REVIEW]


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@daily_job("close_vacancies")
def close_vacancies_past_deadline(today: datetime.date) -> int:
    """Close the published vacancies whose deadline passed before today began (Brussels)."""
    closed = Vacancy.objects.filter(
        status=Vacancy.Status.PUBLISHED, deadline__lt=_start_of(today)
    ).update(status=Vacancy.Status.CLOSED, updated_at=timezone.now())
    if closed:
        public_pages_changed()  # an update sends no signal: the board's cached pages go stale
    return closed


@sweep("vacancy_deadlines")
def vacancy_deadlines(today: datetime.date):
    """For each vacancy whose deadline was yesterday (or up to REMINDER_CATCH_UP_DAYS before,
    when a run was missed): how many applications await review."""
    vacancies = (
        Vacancy.objects.filter(
            status=Vacancy.Status.CLOSED,
            deadline__gte=_start_of(today - datetime.timedelta(days=1 + catch_up_days())),
            deadline__lt=_start_of(today),
        )
        .select_related("contact_person", "coordination__secretariat_contact")
        .annotate(
            awaiting=Count("applications", filter=Q(applications__status__in=AWAITING_REVIEW)),
            received=Count("applications"),
        )
    )
    for vacancy in vacancies.iterator(chunk_size=QUERY_CHUNK):
        person = vacancy.contact_person or (
            vacancy.coordination.secretariat_contact if vacancy.coordination else None
        )
        language = person.preferred_language if person else settings.LANGUAGE_CODE
        with translation.override(language):
            pipeline_url = absolute(
                reverse("recruitment:pipeline_vacancy", kwargs={"slug": vacancy.slug})
            )
        yield Due(
            kind="vacancy_closed",
            obj=vacancy,
            milestone="deadline",
            recipient=person,
            email="" if person else settings.SECRETARIAT_EMAIL,
            template="recruitment/email/vacancy_closed",
            context={"vacancy": vacancy, "pipeline_url": pipeline_url},
        )
