"""The client's address, derived once for the whole portal.

Behind a reverse proxy, ``REMOTE_ADDR`` is the proxy: every visitor would share one address,
and one person could use up a limit for everyone (the log-in lockout, the contact form). Each
proxy appends the address it received the request from to ``X-Forwarded-For``, so with
``TRUSTED_PROXY_COUNT`` proxies of our own in front of the portal, the client is the
``TRUSTED_PROXY_COUNT``-th entry from the right. Entries further left were written by the client
(or by proxies we do not run) and can say anything: they are never read.

The portal's limits, allauth's limits (through the account adapter) and the security log all
ask this one function.
"""

import functools
import ipaddress

from django.conf import settings

# Longer than any address a proxy writes (an IPv6 address with an IPv4 tail is 45 characters):
# a longer entry of a header is taken for no address, and never kept in the memory below.
MAX_ADDRESS_LENGTH = 64


def _ip(value: str) -> str | None:
    """``value`` as a normalised IP address, or None if it is not one."""
    value = value.strip()
    return _parsed_ip(value) if len(value) <= MAX_ADDRESS_LENGTH else None


@functools.lru_cache(maxsize=4096)
def _parsed_ip(value: str) -> str | None:
    """Remembered for the last few thousand addresses: every request asks for its own, often
    more than once."""
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_address(request) -> str:
    """The address of whoever sent ``request``, as far as our own proxies vouch for it.

    With no trusted proxy (the default), ``X-Forwarded-For`` is ignored: anyone can send it.
    When the header is missing, holds fewer entries than there are trusted proxies, or the
    entry we would read is not an IP address, the connecting address is kept: a proxy that
    does not add the header is a misconfiguration, and counting its clients together errs on
    the side of the limits.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    remote = _ip(remote) or remote.strip()
    trusted = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if trusted <= 0:
        return remote
    entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [entry for entry in entries if entry]
    if len(entries) < trusted:
        return remote
    return _ip(entries[-trusted]) or remote
