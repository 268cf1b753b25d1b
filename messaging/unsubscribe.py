"""One-click unsubscribe: the signed link of every message that is not essential, and the
``List-Unsubscribe`` headers of RFC 2369 and RFC 8058 that let the reader's mail program stop
them without opening the portal.

The token names the person and what they stop: the summaries (``digests``) or the section's
news (``news``). Links written before the purpose was part of it carry the person's id alone
and stop the summaries. The link opens a page with a button (a mail scanner that follows links
never unsubscribes anyone); the mail program's one-click POST records the withdrawal at once
(accounts.views.unsubscribe).
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

# The salt of the summaries' links since the start: the links already e-mailed stay valid.
UNSUBSCRIBE_SALT = "portal.unsubscribe"
UNSUBSCRIBE_MAX_AGE = 60 * 60 * 24 * 365
DIGESTS = "digests"
NEWS = "news"
PURPOSES = (DIGESTS, NEWS)


def unsubscribe_token(user, purpose: str = DIGESTS) -> str:
    if purpose not in PURPOSES:
        raise ValueError(f"Unknown unsubscribe purpose {purpose!r}.")
    payload = user.pk if purpose == DIGESTS else {"u": user.pk, "p": purpose}
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(the person's id, what they stop); raises ``signing.BadSignature`` for a forged or
    expired token, or one that says something else."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    if isinstance(data, int):
        return data, DIGESTS
    if isinstance(data, dict) and isinstance(data.get("u"), int) and data.get("p") in PURPOSES:
        return data["u"], data["p"]
    raise signing.BadSignature("Not an unsubscribe token.")


def unsubscribe_url(user, purpose: str = DIGESTS) -> str:
    """The absolute address of the person's link, in their language."""
    token = unsubscribe_token(user, purpose)
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        return settings.SITE_URL + reverse("accounts:unsubscribe", kwargs={"token": token})


def unsubscribe_headers(url: str) -> dict[str, str]:
    """The headers of RFC 8058: the mail program offers "unsubscribe" and POSTs to ``url``."""
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
