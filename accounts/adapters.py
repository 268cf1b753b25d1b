from types import SimpleNamespace
from urllib.parse import quote, urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from config.client import client_address


def on_site(url: str) -> str:
    """``url`` (a path or a whole address) on ``SITE_URL``: the portal's public address.

    allauth builds the links it e-mails from the request's Host header, which the sender of
    the request chooses: a password-reset link could point to any host the portal answers to.
    """
    parts = urlsplit(url)
    return settings.SITE_URL + urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))


def portal_site() -> SimpleNamespace:
    """What allauth's e-mail templates call ``current_site``, from ``SITE_URL`` too."""
    return SimpleNamespace(domain=urlsplit(settings.SITE_URL).netloc, name=_("Coordination portal"))


class AccountAdapter(DefaultAccountAdapter):
    """allauth as the portal needs it: its messages go through the mail queue, their links and
    site name come from ``SITE_URL``, the client's address from ``config.client``."""

    def send_mail(self, template_prefix, email, context):
        # Links that allauth builds without an adapter hook (the sign-up and reset links of
        # "unknown account" and "account already exists") are put on SITE_URL here.
        links = {
            key: on_site(value)
            for key, value in context.items()
            if key.endswith("_url") and isinstance(value, str)
        }
        # What allauth's own send_mail adds (its templates say "an account with {{ email }}"),
        # with current_site from SITE_URL rather than from the Host.
        context = {
            "request": self.request,
            "email": email,
            **context,
            **links,
            "current_site": portal_site(),
        }
        message = self.render_mail(template_prefix, email, context)
        # Through the outbox, like every message of the portal (messaging.services).
        from accounts.models import User
        from messaging.services import message_queue_email

        user = context.get("user")
        message_queue_email(
            message,
            kind="account." + template_prefix.rpartition("/")[2],
            recipient=user if isinstance(user, User) and user.pk else None,
        )

    def get_email_confirmation_url(self, request, emailconfirmation):
        return on_site(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key):
        # As allauth builds it: one opaque key standing for "uidb36-key".
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return on_site(path.replace("UID-KEY", quote(key)))

    def get_client_ip(self, request):
        """allauth's limits and notifications count the same client as the portal's own."""
        address = client_address(request)
        if not address:
            raise PermissionDenied("Unable to determine the client's address.")
        return address

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth prefixes the login with the site's domain, which without django.contrib.sites
        # is the request's Host: another Host (or port) would start a fresh lockout counter.
        login = credentials.get("email") or credentials.get("username") or ""
        return f"login:{login.strip().lower()}"
