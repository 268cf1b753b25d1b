from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accounts.permissions import is_staff_member

# (URL name, label, who sees it). An entry whose app is not installed yet is left out.
NAVIGATION = [
    ("coordinations:list", _("Coordinations"), "everyone"),
    ("recruitment:vacancy_list", _("Vacancies"), "everyone"),
    ("groups:search", _("Find a group"), "everyone"),
    ("accounts:me", _("My space"), "authenticated"),
    ("dashboard:index", _("Dashboard"), "staff"),
    ("actions:circular_list", _("Circulars"), "staff"),
]


def portal(request):
    """The main navigation, with the current section marked."""
    user = getattr(request, "user", None)
    items = []
    for name, label, audience in NAVIGATION:
        if audience == "authenticated" and not (user and user.is_authenticated):
            continue
        if audience == "staff" and not (user and is_staff_member(user)):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": request.path.startswith(url)})
    return {"nav_items": items}
