import pytest
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


def test_load_demo_is_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("load_demo")
    assert not User.objects.exists()
