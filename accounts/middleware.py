"""Staff work behind a second factor: nothing opens for them until this session has passed one.

Staff (and superusers) see every CV and every export, through the staff pages, the admin and
the many pages whose permission rules let staff in (``is_staff_member``). Rather than list those
pages, the rule covers every page a staff member opens, except the few listed below.

allauth asks for a code at log-in only from people who already have an authenticator, and it
has no setting that makes one compulsory; so, for an authenticated staff member:

* no authenticator (TOTP or security key): they are sent to set up an authenticator app, and
  only allauth's own pages (set-up, re-entering the password, e-mail, log-out) stay open;
* an authenticator, but this session never passed it (a session opened before the second
  factor was set up, or one that did not go through allauth's log-in): they are sent to enter
  a code (allauth's "reauthenticate" page, which records an MFA step in the session) and come
  back to the page they asked for. Until then nothing else opens, not even allauth's pages that
  manage authenticators: a password-only session must not be able to remove the factor it has
  not passed. We do not sign such a session out: the code is the proof we need, and asking for
  it keeps the page the person was on.

A session passes when allauth's authentication records for this user (kept in the session by
``record_authentication``) include an "mfa" step: the code form at log-in, or the reauthenticate
form. The check costs one query per page for staff, and none for anybody else.

Setting up the authenticator app records no MFA step: right after it, the person is asked for
a code once, and the message tells them why.
"""

import datetime

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.db.models import Max
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from accounts.security import security_event

# Authenticators that are a second factor by themselves (recovery codes only stand in for one).
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)

# Pages open to any logged-in person, whatever the state of their second factor.
ALWAYS_OPEN = {"healthz", "set_language", "account_logout"}
# Where a staff member whose session has not passed their second factor proves it (the
# security-key page only exists if MFA_SUPPORTED_TYPES offers WebAuthn).
REAUTHENTICATION_PAGES = {"mfa_reauthenticate", "mfa_reauthenticate_webauthn"}
# A second factor this recent was set up in this session, most likely: the message says so.
JUST_ADDED = datetime.timedelta(minutes=10)


def needs_second_factor(user) -> bool:
    """Whether this person must pass a second factor: staff, and superusers even without the
    staff flag (the Secretariat's group permissions only act through the admin, for staff)."""
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser))


def session_passed_second_factor(request, user) -> bool:
    """Whether this session's log-in (or a later re-authentication) included a second factor."""
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


def second_factor_added_at(user):
    """When the person's newest second factor was set up; None when they have none."""
    return (
        Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS)
        .aggregate(newest=Max("created_at"))
        .get("newest")
    )


class StaffSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not needs_second_factor(user):
            return None
        url_name = request.resolver_match.url_name if request.resolver_match else None
        if url_name in ALWAYS_OPEN:
            return None
        added_at = second_factor_added_at(user)
        if added_at is None:
            # allauth's pages: the set-up itself, the password it asks again before it, the
            # e-mail address it wants verified first, the recovery codes it shows after.
            if view_func.__module__.startswith("allauth."):
                return None
            security_event("mfa.setup_required", request)
            messages.warning(
                request,
                _(
                    "Staff accounts are protected by a second factor: set up an authenticator "
                    "app to continue."
                ),
            )
            return self.redirect(request, reverse("mfa_activate_totp"))
        if session_passed_second_factor(request, user):
            return None
        if url_name in REAUTHENTICATION_PAGES:
            return None
        just_set_up = timezone.now() - added_at < JUST_ADDED
        security_event("mfa.session_not_verified", request, just_set_up=just_set_up)
        if just_set_up:
            # Right after the set-up, which records no MFA step: a code from the app proves it.
            messages.success(
                request,
                _("Your authenticator app is set up. Enter the code it shows now to continue."),
            )
        else:
            messages.warning(
                request,
                _(
                    "Your account is protected by a second factor that this session has not "
                    "passed yet. Enter a code from your authenticator app (or a recovery "
                    "code) to continue."
                ),
            )
        next_url = request.get_full_path() if request.method == "GET" else ""
        url = reverse("mfa_reauthenticate")
        if next_url:
            url = f"{url}?{urlencode({'next': next_url})}"
        return self.redirect(request, url)

    @staticmethod
    def redirect(request, url):
        # An htmx request would swap the set-up page into a fragment: make the browser go.
        if request.headers.get("HX-Request") == "true":
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)
