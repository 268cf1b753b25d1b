"""The events' demo: loaded twice, the same data; what each part of the issue asks is there."""

import pytest
from django.core.management import call_command

from events import selectors
from events.models import Event, Participation, TrainingCompletion

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def snapshot():
    return sorted(
        Participation.objects.values_list(
            "event__slug", "shift__role", "person__email", "status", "attended"
        ),
        key=str,
    )


def test_the_demo_events(capsys):
    call_command("load_demo")
    first = snapshot()
    call_command("load_demo")
    assert snapshot() == first
    assert "events:" in capsys.readouterr().out

    university = Event.objects.get(slug="universite-d-ete")
    assert university.participations.confirmed().count() == university.capacity
    assert university.participations.waiting().exists()
    assert TrainingCompletion.objects.filter(training__code="new-coordinators").exists()
    stands = Event.objects.filter(kind=Event.Kind.STAND, slug__startswith="stand-10-decembre")
    assert stands.count() == 3
    for stand in stands:
        days = selectors.shifts_by_day(selectors.shifts_of(stand))
        missing = [shift.missing for day in days for shift in day.shifts]
        assert any(missing) and not all(missing)  # partly filled
        assert stand.starts_at.month == 12 and stand.starts_at.day == 10
    assert selectors.hours_totals().minutes > 0
    assert Event.objects.past().filter(participations__attended=True).exists()
