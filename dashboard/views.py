"""The secretariat's dashboard and its CSV exports (staff only: others get a 404).

Exports answer GET only: a HEAD request would be recorded in the security log as an export
that nobody received.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_safe

from accounts.permissions import get_for_user_or_404, staff_required
from actions.models import ActionProposal
from dashboard import exports
from dashboard.figures import cached_dashboard_context
from dashboard.forms import PeriodForm
from dashboard.periods import CUSTOM
from recruitment.models import Vacancy


@staff_required
@require_safe
def index(request):
    """What needs the secretariat today, the period's activity, charts, map and exports."""
    form = PeriodForm(request.GET or None)
    today = timezone.localdate()
    period = form.chosen_period(today)
    refresh = request.GET.get("refresh") == "1"
    context = cached_dashboard_context(
        today=today, now=timezone.now(), period=period, refresh=refresh
    )
    context.update(
        {
            "form": form,
            "period": period,
            "custom_period": CUSTOM,
            "period_is_default": not (form.is_bound and form.is_valid()),
            "refresh_query": _with_refresh(request),
        }
    )
    return render(request, "dashboard/index.html", context)


def _with_refresh(request) -> str:
    query = request.GET.copy()
    query["refresh"] = "1"
    return query.urlencode()


@staff_required
@require_safe
def map_data(request):
    """The markers of the dashboard's map (JSON, fetched by js/dashboard-map.js), from the
    figures of the default period (the markers do not depend on the period)."""
    today = timezone.localdate()
    context = cached_dashboard_context(
        today=today, now=timezone.now(), period=PeriodForm(None).chosen_period(today)
    )
    return HttpResponse(context["map_json"], content_type="application/json")


@staff_required
@require_GET
def export_coordinators(request):
    """Every mandate with its coordination and coordinator."""
    return exports.coordinators_export().response(request)


@staff_required
@require_GET
def export_groups(request):
    """Every group with its leader and treasurer."""
    return exports.groups_export().response(request)


@staff_required
@require_GET
def export_applications(request, slug):
    """The applications to one vacancy."""
    vacancy = get_for_user_or_404(request.user, "dashboard.view", Vacancy.objects.all(), slug=slug)
    return exports.applications_export(vacancy).response(request)


@staff_required
@require_GET
def export_follow_up(request, pk):
    """The follow-up of one action proposal: one row per group it went to."""
    proposal = get_for_user_or_404(
        request.user, "dashboard.view", ActionProposal.objects.all(), pk=pk
    )
    return exports.follow_up_export(proposal).response(request)
