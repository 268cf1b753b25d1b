from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from accounts.models import User

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(User.objects.values_list("email", "first_name", "is_staff"))


def test_load_demo_twice_gives_the_same_data(capsys):
    call_command("load_demo")
    first = snapshot()
    call_command("load_demo")
    assert snapshot() == first
    output = capsys.readouterr().out
    assert "staff@example.org" in output and "demo-portal-2026" in output


def test_demo_logins_work():
    call_command("load_demo")
    for email in (
        "staff@example.org",
        "coordinator@example.org",
        "leader@example.org",
        "volunteer@example.org",
    ):
        assert authenticate(email=email, password="demo-portal-2026") is not None
    assert User.objects.get(email="staff@example.org").groups.filter(name="Secretariat").exists()


def test_the_demo_staff_have_one_authenticator_app_with_the_documented_secret(capsys):
    from allauth.mfa.models import Authenticator

    from accounts.demo import DEMO_TOTP_SECRET

    call_command("load_demo")
    call_command("load_demo")
    [authenticator] = Authenticator.objects.all()
    assert authenticator.user.email == "staff@example.org"
    assert authenticator.data["secret"] == DEMO_TOTP_SECRET
    # load_demo prints it and how to get a code; the README gives the same secret.
    output = capsys.readouterr().out
    assert DEMO_TOTP_SECRET in output and "hotp_value" in output
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    assert DEMO_TOTP_SECRET in readme


def test_load_demo_is_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("load_demo")
    assert not User.objects.exists()
