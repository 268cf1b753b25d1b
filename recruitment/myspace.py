from accounts.myspace import section
from recruitment.selectors import applications_of, interests_of


@section(order=40, template="recruitment/includes/me_applications.html")
def applications(request):
    """My applications (status, history, withdraw) and the vacancies I asked to hear about."""
    if not request.user.is_authenticated:
        return None
    return {
        "applications": list(applications_of(request.user)),
        "interests": list(interests_of(request.user)),
    }
