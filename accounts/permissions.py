"""Who may do what, asked in one place.

Views never test roles by hand: they call ``can(user, "app.verb", obj)`` or load the object
through ``get_for_user_or_404``. Each app declares its rules in its own ``permissions.py`` with
the ``@rule`` decorator; they are loaded when Django starts (``AccountsConfig.ready``).

Roles are derived, never stored: staff are Django staff users; a coordinator is a volunteer with
an active mandate; a group leader holds the leader membership of a group.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

Rule = Callable[[Any, Any], bool]
_rules: dict[str, Rule] = {}


def rule(action: str) -> Callable[[Rule], Rule]:
    """Register the function that answers "may this user do <action> to this object?"."""

    def register(func: Rule) -> Rule:
        if action in _rules:
            raise ValueError(f"The permission rule {action!r} is declared twice.")
        _rules[action] = func
        return func

    return register


def is_staff_member(user) -> bool:
    """A member of the secretariat: an active Django staff user."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def can(user, action: str, obj: Any = None) -> bool:
    """True when ``user`` may do ``action`` (to ``obj``); unknown actions are refused."""
    if not (user.is_authenticated and user.is_active):
        return False
    try:
        check = _rules[action]
    except KeyError:
        raise LookupError(f"No permission rule is declared for {action!r}.") from None
    return bool(check(user, obj))


def get_for_user_or_404(user, action: str, queryset, **lookup):
    """Load one object for this user, or answer 404 so that its existence does not leak."""
    try:
        obj = queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None
    if not can(user, action, obj):
        security_event_denied(user, action, obj)
        raise Http404
    return obj


def security_event_denied(user, action: str, obj=None, request=None) -> None:
    from accounts.security import security_event

    target = f"{obj._meta.label_lower}#{obj.pk}" if obj is not None else ""
    security_event("denied", request, user=user, action=action, object=target)


def staff_required(view):
    """Staff only: visitors are sent to log in, everybody else gets a 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff_member(request.user):
            security_event_denied(request.user, "staff", request=request)
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@rule("dashboard.view")
def _view_dashboard(user, obj) -> bool:
    return is_staff_member(user)
