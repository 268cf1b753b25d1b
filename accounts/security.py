"""The security log: one structured line per event (log-in, failure, denial, export...).

Lines carry who, what and from where, never a password or a file's content: the identifier
typed at a failed log-in is recorded as a short hash, so that repeated attempts on one address
can be seen without writing the address itself.
"""

import hashlib
import json
import logging

from allauth.account.signals import user_logged_in
from django.contrib.auth.signals import user_logged_out, user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("portal.security")


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


def fingerprint(value: str) -> str:
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:12]


def security_event(event: str, request=None, *, user=None, **fields) -> None:
    """Write one line of the security log."""
    user = user if user is not None else getattr(request, "user", None)
    record = {
        "event": event,
        "ip": client_ip(request),
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
