"""The second factor in tests: codes computed from a secret, and sessions that passed it.

Staff cannot open a page until their session has passed a second factor
(``accounts.middleware``). Tests that only need a logged-in staff member use ``force_login``
on the ``client`` fixture of tests/conftest.py, which records the step that allauth's code form
records at log-in (``pass_second_factor``), for people who have an authenticator. This lives in
the tests only: nothing in the portal lets a session skip the code. Tests of the second factor
itself log in through the forms with ``totp_code``, or use ``force_login_without_second_factor``.
"""

import time

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client, RequestFactory

from accounts.middleware import SECOND_FACTORS
from tests.factories import TOTP_SECRET

TOTP_PERIOD = 30


def totp_code(secret: str, at: float | None = None) -> str:
    """The code an authenticator app shows for ``secret`` at ``at`` (default: now)."""
    moment = time.time() if at is None else at
    return format_hotp_value(hotp_value(secret, int(moment) // TOTP_PERIOD))


def give_second_factor(user, secret: str = TOTP_SECRET) -> Authenticator:
    """An authenticator app for ``user`` (the factories give staff one already)."""
    return Authenticator.objects.create(user=user, type="totp", data={"secret": secret})


def code_now(secret: str) -> str:
    """The code an authenticator app shows now, for the browser journeys, which run on the real
    clock: near the end of a period, wait for the next one so that the code is still valid when
    the form is sent."""
    if time.time() % TOTP_PERIOD > TOTP_PERIOD - 5:
        time.sleep(TOTP_PERIOD - time.time() % TOTP_PERIOD + 0.5)
    return totp_code(secret)


def current_code(user) -> str | None:
    """The code ``user``'s authenticator app shows now (see ``code_now``); None without one."""
    authenticator = Authenticator.objects.filter(user_id=user.pk, type="totp").first()
    if authenticator is None:
        return None
    return code_now(authenticator.data["secret"])


def pass_second_factor(client: Client, user) -> None:
    """Record in ``client``'s session that ``user`` passed their second factor, as allauth's
    code form does (the same function, the same record), without typing a code."""
    authenticator = Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).first()
    if authenticator is None:
        return
    session = client.session
    request = RequestFactory().get("/")
    request.session = session
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    session.save()


class SecondFactorClient(Client):
    """Django's test client whose ``force_login`` also passes the person's second factor."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        pass_second_factor(self, user)

    def force_login_without_second_factor(self, user, backend=None):
        """A session that did not pass the second factor (opened before it was set up)."""
        super().force_login(user, backend)
