from types import SimpleNamespace
from urllib.parse import quote, urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from config.client import client_address


def on_site(url: str) -> str:
    """``url`` (a path or a whole address) on ``SITE_URL``: the portal's public address.

    allauth builds the links it e-mails from the request's Host header, which the sender of
    the request chooses: a password-reset link could point to any host the portal answers to.
    """
    parts = urlsplit(url)
    return settings.SITE_URL + urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))


def portal_site() -> SimpleNamespace:
    """What allauth's e-mail templates call ``current_site``: the name of ``SITE_NAME``, the
    domain and the address of ``SITE_URL`` (the portal's own templates in templates/account/email/
    sign with the name and the address)."""
    return SimpleNamespace(
        domain=urlsplit(settings.SITE_URL).netloc,
        name=str(settings.SITE_NAME),
        url=on_site(reverse("home")),
    )


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
        # The greeting names the account the message is about (a confirmation, a reset), never
        # whoever happens to be logged in: "user" would be theirs otherwise.
        from accounts.models import User

        user = context.get("user")
        context = {
            "request": self.request,
            "email": email,
            **context,
            **links,
            "current_site": portal_site(),
            "recipient_name": user.first_name if isinstance(user, User) else "",
        }
        message = self.render_mail(template_prefix, email, context)
        # Through the outbox, like every message of the portal (messaging.services).
        from messaging.services import message_queue_email

        message_queue_email(
            message,
            kind="account." + template_prefix.rpartition("/")[2],
            recipient=user if isinstance(user, User) and user.pk else None,
        )

    def get_login_redirect_url(self, request):
        """Where a person lands after logging in without a ``next`` (which wins): the secretariat
        on its dashboard, everybody else in My space."""
        from accounts.permissions import is_staff_member

        if is_staff_member(request.user):
            return reverse("dashboard:index")
        return super().get_login_redirect_url(request)

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
