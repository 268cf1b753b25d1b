"""Celery beat keeps the dashboard's figures counted, so that staff never wait for them."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone, translation

from dashboard.figures import cached_dashboard_context
from dashboard.forms import PeriodForm


@shared_task(ignore_result=True)
def refresh_dashboard() -> None:
    """Count the figures of the default period (the map's markers with them) in every language
    of the portal."""
    today, now = timezone.localdate(), timezone.now()
    period = PeriodForm(None).chosen_period(today)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            cached_dashboard_context(today=today, now=now, period=period, refresh=True)
