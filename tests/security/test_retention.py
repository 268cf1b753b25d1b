"""Declined and withdrawn applications are purged, CV included, after the retention period."""

import datetime
import os

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from messaging.sweeps import registered_daily_jobs
from messaging.tasks import run_daily_sweeps
from recruitment.models import Application, ApplicationEvent
from recruitment.retention import applications_purge
from tests.recruitment.factories import ApplicationFactory
from tests.recruitment.files import pdf_bytes

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


def last_changed(application, *, months_ago: int, days: int = 0):
    when = datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC) - datetime.timedelta(
        days=30.5 * months_ago + days
    )
    Application.objects.filter(pk=application.pk).update(updated_at=when)
    return application


def with_cv(application):
    application.cv.save("cv.pdf", ContentFile(pdf_bytes()), save=False)
    application.save()
    return application


@pytest.fixture
def applications(decline_reason, catalogues):
    """One application of each kind, all with a CV, last changed 13 months ago unless said."""
    made = {
        "declined": with_cv(ApplicationFactory(status="declined", decline_reason=decline_reason)),
        "withdrawn": with_cv(ApplicationFactory(status="withdrawn")),
        "declined_recently": with_cv(
            ApplicationFactory(status="declined", decline_reason=decline_reason)
        ),
        "accepted": with_cv(ApplicationFactory(status="accepted", start_date=TODAY)),
        "in_review": with_cv(ApplicationFactory(status="in_review")),
    }
    ApplicationEvent.objects.create(
        application=made["declined"], to_status="declined", message="Merci pour votre intérêt."
    )
    for name, application in made.items():
        last_changed(application, months_ago=11 if name == "declined_recently" else 13)
    return made


def test_the_purge_is_a_daily_job_with_a_twelve_month_default(settings):
    assert "application_retention" in registered_daily_jobs()
    from config import settings as project_settings

    assert project_settings.APPLICATION_RETENTION_MONTHS == 12


def test_only_old_declined_and_withdrawn_applications_are_purged_with_their_cv(
    applications, django_capture_on_commit_callbacks
):
    paths = {name: a.cv.path for name, a in applications.items()}
    assert all(os.path.exists(path) for path in paths.values())

    with django_capture_on_commit_callbacks(execute=True):
        assert applications_purge(TODAY) == 2

    left = set(Application.objects.values_list("pk", flat=True))
    assert left == {applications[n].pk for n in ("declined_recently", "accepted", "in_review")}
    assert not ApplicationEvent.objects.filter(application_id=applications["declined"].pk).exists()
    for name, path in paths.items():
        assert os.path.exists(path) == (name not in {"declined", "withdrawn"}), name
    # Idempotent: the next morning finds nothing left to do, and nothing breaks.
    with django_capture_on_commit_callbacks(execute=True):
        assert applications_purge(TODAY) == 0
    assert Application.objects.count() == 3


def test_the_period_follows_the_setting(applications, settings, django_capture_on_commit_callbacks):
    settings.APPLICATION_RETENTION_MONTHS = 24
    with django_capture_on_commit_callbacks(execute=True):
        assert applications_purge(TODAY) == 0
    settings.APPLICATION_RETENTION_MONTHS = 6
    with django_capture_on_commit_callbacks(execute=True):
        assert applications_purge(TODAY) == 3  # the one declined 11 months ago too
    assert Application.objects.filter(status="declined").count() == 0


def test_the_morning_run_purges(applications, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        results = run_daily_sweeps.delay(TODAY.isoformat()).get()
    assert results["application_retention"] == 2
    assert not Application.objects.filter(pk=applications["withdrawn"].pk).exists()


def test_an_application_changed_recently_is_kept(decline_reason, catalogues):
    application = ApplicationFactory(status="declined", decline_reason=decline_reason)
    assert application.updated_at > timezone.now() - datetime.timedelta(minutes=1)
    assert applications_purge(timezone.localdate()) == 0
    assert Application.objects.filter(pk=application.pk).exists()
