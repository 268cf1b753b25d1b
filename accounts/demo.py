"""Demo people: one of each role, all with the same documented password."""

from functools import cache

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from accounts import gdpr
from accounts.models import User
from accounts.roles import SECRETARIAT_GROUP

DEMO_PASSWORD = "demo-portal-2026"
# The demo staff account's authenticator app secret (base32). Staff cannot work without a second
# factor; this one is public, like the password, and exists only where load_demo ran.
DEMO_TOTP_SECRET = "DEMOSTAFFONLYNEVERINPRODUCTION23"
# How to get the code of the moment without an authenticator app.
DEMO_TOTP_COMMAND = (
    '.venv/bin/python manage.py shell -v0 -c "import time; '
    "from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value; "
    f"print(format_hotp_value(hotp_value('{DEMO_TOTP_SECRET}', int(time.time()) // 30)))\""
)

DEMO_USERS = [
    # e-mail, first name, last name, postal code, staff
    ("staff@example.org", "Sophie", "Lambert", "1000", True),
    ("coordinator@example.org", "Karim", "Benali", "4000", False),
    ("leader@example.org", "Claire", "Dumont", "5000", False),
    ("volunteer@example.org", "Lucas", "Peeters", "1300", False),
]


@cache
def demo_password_hash() -> str:
    return make_password(DEMO_PASSWORD)


def demo_user(email, first_name, last_name, postal_code="", is_staff=False) -> User:
    """Create or update one demo person, with a verified e-mail address and the demo password."""
    user, created = User.objects.update_or_create(
        email=email,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "postal_code": postal_code,
            "is_staff": is_staff,
            "is_active": True,
        },
    )
    if created or not user.has_usable_password():
        # One hash for every demo person: hashing is deliberately slow, the demo need not be.
        user.password = demo_password_hash()
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def demo_second_factor(user: User) -> Authenticator:
    """Give ``user`` an authenticator app with the demo secret (once: it is updated, not added)."""
    authenticator, _ = Authenticator.objects.update_or_create(
        user=user,
        type=Authenticator.Type.TOTP,
        defaults={"data": {"secret": encrypt(DEMO_TOTP_SECRET)}},
    )
    return authenticator


# Who asked for the summaries by e-mail (the others did not: they are opt-in); staff receive
# them as part of the job, without a consent.
DEMO_DIGESTS_OPTED_IN = {"coordinator@example.org"}


def demo_digests(user: User) -> None:
    """Make the demo person's choice about the summaries explicit: staff on (the job), an
    opt-in recorded as a consent with its date and version, everybody else off."""
    if user.email in DEMO_DIGESTS_OPTED_IN:
        gdpr.digests_set(user=user, on=True)  # once: a consent already given is kept
    elif user.receives_digests != user.is_staff:
        User.objects.filter(pk=user.pk).update(receives_digests=user.is_staff)
        user.receives_digests = user.is_staff


def load(out) -> None:
    secretariat = Group.objects.get(name=SECRETARIAT_GROUP)
    for email, first_name, last_name, postal_code, is_staff in DEMO_USERS:
        user = demo_user(email, first_name, last_name, postal_code, is_staff)
        demo_digests(user)
        if is_staff:
            user.groups.add(secretariat)
            demo_second_factor(user)
    out.write(f"  accounts: {len(DEMO_USERS)} demo logins")
