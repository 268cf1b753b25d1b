"""The applications' tally (recruitment/tally.py): the database keeps it right through every
kind of write, counts each application on its day in Brussels, and the dashboard's figures read
from it are those of the applications themselves."""

import datetime

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse

from dashboard.periods import period_for
from dashboard.selectors import application_counts, applications_per_month
from recruitment import tally
from recruitment.models import Application, ApplicationTally, DeclineReason
from tests.clock import BRUSSELS, UTC
from tests.factories import UserFactory
from tests.recruitment.factories import ApplicationFactory, VacancyFactory

pytestmark = pytest.mark.django_db


def kept() -> dict[tuple, int]:
    return {(row.day, row.status): row.count for row in ApplicationTally.objects.exclude(count=0)}


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def test_the_tally_follows_every_kind_of_write():
    vacancy = VacancyFactory()
    day = datetime.date(2026, 5, 12)
    first = ApplicationFactory(vacancy=vacancy, submitted_at=at(2026, 5, 12, 9))
    assert kept() == {(day, "submitted"): 1}

    first.status = Application.Status.IN_REVIEW
    first.save()
    assert kept() == {(day, "in_review"): 1}
    first.save()  # a save that changes neither the status nor the date counts nothing
    assert kept() == {(day, "in_review"): 1}

    others = Application.objects.bulk_create(
        ApplicationFactory.build(
            vacancy=vacancy, applicant=UserFactory(), submitted_at=at(2026, 5, 13, 9)
        )
        for _ in range(3)
    )
    assert kept()[(datetime.date(2026, 5, 13), "submitted")] == 3

    # A bulk update (the pipeline's moves, the retention's clean-up) and raw SQL.
    Application.objects.filter(pk__in=[o.pk for o in others[:2]]).update(
        status=Application.Status.DECLINED, decline_reason=DeclineReason.objects.first()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE recruitment_application SET submitted_at = %s WHERE id = %s",
            [at(2026, 6, 1, 8), others[2].pk],
        )
    assert kept() == {
        (day, "in_review"): 1,
        (datetime.date(2026, 5, 13), "declined"): 2,
        (datetime.date(2026, 6, 1), "submitted"): 1,
    }

    Application.objects.filter(status=Application.Status.DECLINED).delete()
    first.delete()
    assert kept() == {(datetime.date(2026, 6, 1), "submitted"): 1}
    assert tally.differences() == {}


def test_a_rolled_back_change_leaves_the_tally_as_it_was():
    application = ApplicationFactory(submitted_at=at(2026, 5, 12, 9))
    with pytest.raises(RuntimeError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(status="withdrawn")
        ApplicationFactory(submitted_at=at(2026, 5, 12, 10))
        raise RuntimeError("the person's request failed")
    assert kept() == {(datetime.date(2026, 5, 12), "submitted"): 1}


@pytest.mark.parametrize(
    "submitted, day",
    [
        # Late on 31 December in UTC is already New Year's Day in Brussels.
        (at(2026, 12, 31, 23, 30), datetime.date(2027, 1, 1)),
        # The nights the clocks change: winter time (UTC+1) then summer time (UTC+2).
        (at(2026, 3, 28, 23, 30), datetime.date(2026, 3, 29)),
        (at(2026, 3, 29, 22, 30), datetime.date(2026, 3, 30)),
        (at(2026, 10, 24, 21, 59), datetime.date(2026, 10, 24)),
        (at(2026, 10, 24, 22, 30), datetime.date(2026, 10, 25)),
        # 29 February of a leap year.
        (at(2028, 2, 28, 23, 30), datetime.date(2028, 2, 29)),
        (at(2028, 2, 29, 22, 59), datetime.date(2028, 2, 29)),
    ],
)
def test_an_application_counts_on_its_day_in_brussels(submitted, day):
    ApplicationFactory(submitted_at=submitted)
    assert submitted.astimezone(BRUSSELS).date() == day
    assert kept() == {(day, "submitted"): 1}


def test_the_dashboard_counts_from_the_tally_what_the_applications_say():
    """Applications on each side of a period's edges and of a month's: the figures read from
    the tally are those counted from the applications, and both stay so after changes."""
    vacancy = VacancyFactory()
    moments = [
        at(2025, 12, 31, 22, 59),  # 31 December in Brussels: before the period
        at(2025, 12, 31, 23, 0),  # 1 January, 00:00 in Brussels: the first of the period
        at(2026, 2, 28, 22, 59),
        at(2026, 2, 28, 23, 0),  # 1 March in Brussels
        at(2026, 10, 24, 22, 30),  # 25 October, the night of the change to winter time
        at(2026, 12, 31, 22, 59),  # 31 December, 23:59 in Brussels: the last of the period
        at(2026, 12, 31, 23, 0),  # after the period
    ]
    applications = [ApplicationFactory(vacancy=vacancy, submitted_at=m) for m in moments]
    Application.objects.filter(pk=applications[3].pk).update(status="interview")
    period = period_for(
        "custom", datetime.date(2026, 12, 6), datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    )

    def counted_directly():
        inside = Application.objects.filter(
            submitted_at__gte=period.starts_at, submitted_at__lt=period.ends_before
        )
        return {
            "waiting": Application.objects.filter(status__in=Application.OPEN_STATUSES).count(),
            "received": inside.count(),
            **{
                f"status_{status}": inside.filter(status=status).count()
                for status in Application.Status.values
            },
        }

    assert application_counts(period) == counted_directly()
    assert application_counts(period)["received"] == 5
    months = {row["month"]: row["total"] for row in applications_per_month(period)}
    assert len(months) == 12
    assert months[datetime.date(2026, 1, 1)] == 1
    assert months[datetime.date(2026, 2, 1)] == 1
    assert months[datetime.date(2026, 3, 1)] == 1
    assert months[datetime.date(2026, 10, 1)] == 1
    assert months[datetime.date(2026, 12, 1)] == 1

    applications[1].delete()
    Application.objects.filter(pk=applications[5].pk).update(status="withdrawn")
    assert application_counts(period) == counted_directly()
    assert applications_per_month(period)[0]["total"] == 0


def test_the_dashboard_page_shows_the_tallys_figures(staff_client):
    ApplicationFactory(submitted_at=at(2026, 11, 20, 10))
    ApplicationFactory(submitted_at=at(2026, 11, 21, 10), status="withdrawn")
    response = staff_client.get(
        reverse("dashboard:index") + "?period=custom&start=2026-11-01&end=2026-11-30"
    )
    figures = {f.key: f for s in response.context["sections"] for f in s["figures"]}
    assert figures["applications_received"].value == 2
    assert figures["applications_waiting"].value == 1


def test_a_recount_repairs_a_wrong_tally_and_says_what_was_wrong():
    ApplicationFactory(submitted_at=at(2026, 5, 12, 9))
    ApplicationTally.objects.update(count=7)
    assert tally.differences() == {(datetime.date(2026, 5, 12), "submitted"): (7, 1)}
    tally.rebuild()
    assert tally.differences() == {}


def test_the_tally_days_are_those_of_the_portals_time_zone():
    assert settings.TIME_ZONE == ApplicationTally.ZONE


def test_the_recount_command_reports_then_fixes(capsys):
    from django.core.management import call_command

    ApplicationFactory(submitted_at=at(2026, 5, 12, 9))
    call_command("recount_applications")
    assert "The application counts are right." in capsys.readouterr().out
    ApplicationTally.objects.update(count=3)
    with pytest.raises(SystemExit):
        call_command("recount_applications")
    assert "2026-05-12 submitted: kept 3, counted 1" in capsys.readouterr().out
    call_command("recount_applications", "--fix")
    assert tally.differences() == {}
