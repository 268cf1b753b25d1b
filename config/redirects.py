"""Where to send a person after a form: back to the page it came from, when that is ours."""

from django.utils.http import url_has_allowed_host_and_scheme


def posted_next(request, default: str) -> str:
    """The ``next`` field of the POST when it is a path on this site, else ``default``.

    Only a path is accepted ("/fr/me/"): a bare word would be taken by ``redirect()`` for the
    name of a view, and another host would make the portal an open redirect."""
    target = request.POST.get("next", "")
    if (
        target.startswith("/")
        and not target.startswith("//")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return default
