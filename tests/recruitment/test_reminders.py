"""The morning run closes vacancies past their deadline and tells who follows them."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from messaging.sweeps import reminders_run
from recruitment.models import Vacancy
from tests.factories import StaffFactory
from tests.recruitment.factories import ApplicationFactory, VacancyFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)


def brussels(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_a_vacancy_past_its_deadline_is_closed_and_its_contact_told(
    django_capture_on_commit_callbacks, mailoutbox
):
    contact = StaffFactory(first_name="Sophie")
    vacancy = VacancyFactory(
        contact_person=contact, deadline=brussels(TODAY - datetime.timedelta(days=1), 23)
    )
    still_open = VacancyFactory(deadline=brussels(TODAY, 12))
    ApplicationFactory(vacancy=vacancy)
    ApplicationFactory(vacancy=vacancy, status="in_review")
    ApplicationFactory(vacancy=vacancy, status="withdrawn")
    with django_capture_on_commit_callbacks(execute=True):
        results = reminders_run(TODAY)
        reminders_run(TODAY)
    vacancy.refresh_from_db()
    still_open.refresh_from_db()
    assert (vacancy.status, still_open.status) == ("closed", "published")
    assert results["close_vacancies"] == 1
    assert [m.to for m in mailoutbox] == [[contact.email]]
    assert "2 candidatures à examiner" in mailoutbox[0].subject
    assert f"/fr/vacancies/pipeline/{vacancy.slug}/" in mailoutbox[0].body


def test_a_dry_run_closes_nothing(capsys):
    vacancy = VacancyFactory(deadline=brussels(TODAY - datetime.timedelta(days=1), 12))
    call_command("run_reminders", "--dry-run", "--date", TODAY.isoformat())
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED
