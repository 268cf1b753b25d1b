"""The security log: one structured line per event (log-in, failure, denial, export...).

Lines carry who, what and from where, never a password or a file's content: the identifier
typed at a failed log-in is recorded as a short hash, so that repeated attempts on one address
can be seen without writing the address itself. "From where" is the client's address as
``config.client`` derives it behind our proxies, never the proxy's.
"""

import hashlib
import json
import logging

from allauth.account.signals import user_logged_in
from allauth.mfa import signals as mfa_signals
from django.contrib.auth.signals import user_logged_out, user_login_failed
from django.dispatch import receiver

from config.client import client_address

logger = logging.getLogger("portal.security")


def fingerprint(value: str) -> str:
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:12]


def security_event(event: str, request=None, *, user=None, **fields) -> None:
    """Write one line of the security log."""
    user = user if user is not None else getattr(request, "user", None)
    record = {
        "event": event,
        "ip": client_address(request) if request is not None else "",
        "user": user.pk if user is not None and user.is_authenticated else None,
        "path": request.path if request is not None else "",
        **fields,
    }
    logger.info(json.dumps(record, default=str, sort_keys=True))


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    security_event("login.success", request, user=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    identifier = (
        credentials.get("email") or credentials.get("username") or credentials.get("login") or ""
    )
    security_event("login.failure", request, login_hash=fingerprint(identifier))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    security_event("logout", request, user=user)


@receiver(mfa_signals.authentication_failed)
def _second_factor_failed(sender, request, user, reauthentication=False, **kwargs):
    security_event("mfa.failure", request, user=user, reauthentication=reauthentication)


@receiver(mfa_signals.authenticator_added)
def _second_factor_added(sender, request, user, authenticator, **kwargs):
    security_event("mfa.added", request, user=user, type=authenticator.type)


@receiver(mfa_signals.authenticator_removed)
def _second_factor_removed(sender, request, user, authenticator, **kwargs):
    security_event("mfa.removed", request, user=user, type=authenticator.type)
