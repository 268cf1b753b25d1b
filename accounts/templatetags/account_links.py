"""What an account link that no longer works stands for, for allauth's pages."""

from allauth.account import app_settings
from allauth.account.models import EmailAddress, EmailConfirmation
from django import template
from django.core import signing

register = template.Library()


@register.simple_tag
def confirmation_link_state(key: str) -> str:
    """Why the address-confirmation link ``key`` no longer confirms anything.

    allauth finds no confirmation behind a link once its address is confirmed, and says "expired
    or invalid": someone opening the link a second time (from the e-mail, or a mail scanner
    before them) would think that something failed. ``"confirmed"``: the address of the link is
    confirmed already; ``"expired"``: the link is too old and its address still unconfirmed;
    ``"invalid"``: the link leads to no address."""
    address = None
    if app_settings.EMAIL_CONFIRMATION_HMAC:
        try:
            # Without max_age: an expired signature still names its address.
            pk = signing.loads(key or "", salt=app_settings.SALT)
        except signing.BadSignature:
            return "invalid"
        address = EmailAddress.objects.filter(pk=pk).first()
    else:
        confirmation = (
            EmailConfirmation.objects.filter(key=(key or "").lower())
            .select_related("email_address")
            .first()
        )
        address = confirmation.email_address if confirmation else None
    if address is None:
        return "invalid"
    return "confirmed" if address.verified else "expired"
