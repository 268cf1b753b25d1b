"""The periods of the filter and the milestone windows, computed for a fixed day."""

import datetime

import pytest

from dashboard.periods import Period, period_for
from dashboard.selectors import milestone_windows

D = datetime.date


@pytest.mark.parametrize(
    ("kind", "today", "start", "end"),
    [
        ("month", D(2026, 11, 23), D(2026, 11, 1), D(2026, 11, 30)),
        ("month", D(2028, 2, 10), D(2028, 2, 1), D(2028, 2, 29)),
        ("quarter", D(2026, 11, 23), D(2026, 10, 1), D(2026, 12, 31)),
        ("quarter", D(2026, 1, 1), D(2026, 1, 1), D(2026, 3, 31)),
        ("quarter", D(2026, 6, 30), D(2026, 4, 1), D(2026, 6, 30)),
        ("year", D(2026, 11, 23), D(2026, 1, 1), D(2026, 12, 31)),
        ("12m", D(2026, 11, 23), D(2025, 12, 1), D(2026, 11, 30)),
        ("12m", D(2026, 1, 31), D(2025, 2, 1), D(2026, 1, 31)),
        # Unknown, or custom without dates: the default.
        ("", D(2026, 11, 23), D(2025, 12, 1), D(2026, 11, 30)),
        ("custom", D(2026, 11, 23), D(2025, 12, 1), D(2026, 11, 30)),
    ],
)
def test_quick_periods(kind, today, start, end):
    period = period_for(kind, today)
    assert (period.start, period.end) == (start, end)


def test_custom_period():
    period = period_for("custom", D(2026, 11, 23), D(2024, 5, 15), D(2024, 7, 2))
    assert period == Period("custom", D(2024, 5, 15), D(2024, 7, 2))
    assert period.months() == [D(2024, 5, 1), D(2024, 6, 1), D(2024, 7, 1)]


def test_period_bounds_are_brussels_midnights_across_daylight_saving():
    period = Period("custom", D(2026, 3, 1), D(2026, 3, 31))
    assert period.starts_at.isoformat() == "2026-03-01T00:00:00+01:00"
    assert period.ends_before.isoformat() == "2026-04-01T00:00:00+02:00"
    assert str(period.starts_at.utcoffset()) == "1:00:00"


def test_twelve_months_have_twelve_months():
    assert len(period_for("12m", D(2026, 11, 23)).months()) == 12


def test_milestone_windows_do_not_overlap(settings):
    settings.MANDATE_MILESTONE_DAYS = [180, 90, 30, 0]
    today = D(2026, 1, 1)
    windows = milestone_windows(today)
    assert [(w.days, (w.first - today).days, (w.last - today).days) for w in windows] == [
        (0, 0, 29),
        (30, 30, 89),
        (90, 90, 179),
        (180, 180, 270),
    ]


def test_milestone_windows_with_far_apart_milestones(settings):
    settings.MANDATE_MILESTONE_DAYS = [365, 0]
    today = D(2026, 1, 1)
    assert [((w.first - today).days, (w.last - today).days) for w in milestone_windows(today)] == [
        (0, 90),
        (365, 455),
    ]


# The period form, through the page ------------------------------------------------------------


def test_a_start_after_the_end_is_said_on_the_page(staff_client):
    response = staff_client.get(
        "/en/dashboard/", {"period": "custom", "start": "2026-03-01", "end": "2026-02-01"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The end of the period cannot come before its start." in page
    assert "The period could not be read: correct the dates below." in page
    assert 'value="2026-03-01"' in page  # what was typed is kept to be corrected


def test_dates_without_a_quick_choice_are_checked_not_silently_dropped(staff_client):
    # A hand-typed or shared link: the dates are the custom period asked for...
    response = staff_client.get("/en/dashboard/", {"start": "2026-02-01", "end": "2026-02-28"})
    assert response.context["period"] == Period("custom", D(2026, 2, 1), D(2026, 2, 28))
    # ... and reversed ones say so instead of falling back to the last 12 months unannounced.
    response = staff_client.get("/en/dashboard/", {"start": "2026-03-01", "end": "2026-02-01"})
    assert "The end of the period cannot come before its start." in response.content.decode()
    assert response.context["period"].kind == "12m"
