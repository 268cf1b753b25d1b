from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.myspace import Need, section
from recruitment.models import Interview
from recruitment.selectors import applications_of, interests_of


@section(
    order=40,
    template="recruitment/includes/me_applications.html",
    areas=("accounts", "coordinations", "recruitment"),
)
def applications(request):
    """My applications (status, history, withdraw) and the vacancies I asked to hear about; an
    interview to come is among what needs me now."""
    if not request.user.is_authenticated:
        return None
    now = timezone.now()
    mine = list(
        applications_of(request.user).prefetch_related(
            Prefetch(
                "interviews",
                queryset=Interview.objects.filter(cancelled_at__isnull=True, starts_at__gte=now),
                to_attr="interviews_to_come",
            )
        )
    )
    return {
        "applications": mine,
        "interests": list(interests_of(request.user)),
        "needs": [
            Need(
                text=_("Interview for “%(vacancy)s” on %(date)s")
                % {
                    "vacancy": application.vacancy.title,
                    "date": date_format(timezone.localtime(interview.starts_at), "DATETIME_FORMAT"),
                },
                url=reverse("recruitment:application_detail", args=[application.pk]),
                tag=_("Interview"),
                level="info",
                detail=interview.place,
                due=timezone.localdate(interview.starts_at),
            )
            for application in mine
            for interview in application.interviews_to_come
        ],
    }
