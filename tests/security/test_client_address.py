"""The client's address, once: behind our reverse proxies every limit, the log-in lockout and the
security log count the client, never the proxy and never what the client writes in
X-Forwarded-For; the lockout and the e-mailed links do not depend on the Host header."""

import json
import logging
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import User
from config import client as client_module
from config.client import client_address
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"  # the reverse proxy: REMOTE_ADDR of every request behind it
SITE_URL = "https://portail.example.org"
OTHER_HOST = "127.0.0.1:9999"
MESSAGE = {
    "name": "Claire",
    "email": "claire@example.org",
    "message": "Bonjour, je voudrais rejoindre votre groupe.",
    "website": "",
}
WRONG = "pas-le-bon-mot-de-passe"


@pytest.fixture
def proxies(settings):
    """Set how many proxies of our own stand in front of the portal."""

    def trust(count: int):
        settings.TRUSTED_PROXY_COUNT = count
        settings.ALLAUTH_TRUSTED_PROXY_COUNT = count

    return trust


@pytest.fixture
def other_host(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1", "localhost"]
    settings.SITE_URL = SITE_URL
    return OTHER_HOST


def address(remote="192.0.2.10", forwarded=None) -> str:
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **meta))


def security_events(caplog, event):
    return [
        json.loads(record.getMessage())
        for record in caplog.records
        if record.name == "portal.security" and json.loads(record.getMessage())["event"] == event
    ]


def log_in(client, email, password, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


# The helper ------------------------------------------------------------------------------------


def test_without_trusted_proxies_the_header_is_ignored(proxies):
    proxies(0)
    assert address() == "192.0.2.10"
    assert address(forwarded="1.2.3.4") == "192.0.2.10"
    assert address(forwarded="6.6.6.6, 1.2.3.4") == "192.0.2.10"


def test_one_trusted_proxy_gives_the_last_entry(proxies):
    proxies(1)
    assert address(PROXY, "1.2.3.4") == "1.2.3.4"
    # Entries further left were written by the client: a spoofed one changes nothing.
    assert address(PROXY, "6.6.6.6, 1.2.3.4") == "1.2.3.4"
    assert address(PROXY, "6.6.6.6,7.7.7.7 ,  1.2.3.4") == "1.2.3.4"


def test_two_trusted_proxies_skip_the_inner_one(proxies):
    proxies(2)
    assert address(PROXY, "6.6.6.6, 1.2.3.4, 10.0.0.2") == "1.2.3.4"
    # Fewer entries than proxies: the header is not what our proxies write.
    assert address(PROXY, "1.2.3.4") == PROXY


def test_a_missing_header_keeps_the_connecting_address(proxies):
    proxies(1)
    assert address(PROXY) == PROXY
    assert address(PROXY, "") == PROXY
    assert address(PROXY, " , ") == PROXY


@pytest.mark.parametrize(
    "forwarded", ["not-an-address", "1.2.3.4.5", "1.2.3.4:8080", "6.6.6.6, junk", "<script>"]
)
def test_junk_keeps_the_connecting_address(proxies, forwarded):
    proxies(1)
    # Never the spoofed 6.6.6.6 left of the junk: only the trusted entry is read.
    assert address(PROXY, forwarded) == PROXY


def test_ipv6_addresses_are_normalised(proxies):
    proxies(1)
    assert address(PROXY, "6.6.6.6, 2001:DB8:0:0::0001") == "2001:db8::1"
    # Read again (from the memory of addresses already read), the same.
    assert address(PROXY, "2001:DB8:0:0::0001") == "2001:db8::1"
    assert address(PROXY, " ::ffff:192.0.2.128 ") == "::ffff:c000:280"


def test_a_long_entry_is_no_address_and_is_not_remembered(proxies):
    proxies(1)
    remembered = client_module._parsed_ip.cache_info().currsize
    for n in range(20):
        assert address(PROXY, f"{n}" + "1" * 10_000) == PROXY
    assert client_module._parsed_ip.cache_info().currsize <= remembered + 1  # PROXY itself


# The portal's limits ---------------------------------------------------------------------------


@pytest.fixture
def contact_limit(settings, group, leader):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "contact": (2, 3600)}
    return reverse("groups:contact", args=[group.slug])


def test_two_clients_behind_the_proxy_are_counted_apart(
    client, proxies, contact_limit, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    proxies(1)
    first = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    second = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.2"}
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            assert client.post(contact_limit, MESSAGE, **first).status_code == 302
        with caplog.at_level(logging.INFO, logger="portal.security"):
            assert client.post(contact_limit, MESSAGE, **first).status_code == 429
        # The first client used up their allowance, not everyone's.
        assert client.post(contact_limit, MESSAGE, **second).status_code == 302
    assert len(mailoutbox) == 3
    [event] = security_events(caplog, "rate_limited")
    assert event["ip"] == "198.51.100.1"


def test_a_client_rotating_a_spoofed_entry_is_counted_once(
    client, proxies, contact_limit, mailoutbox, django_capture_on_commit_callbacks
):
    proxies(1)
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(
                contact_limit,
                MESSAGE,
                REMOTE_ADDR=PROXY,
                HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, 198.51.100.1",
            ).status_code
            for n in range(3)
        ]
    assert statuses == [302, 302, 429]
    assert len(mailoutbox) == 2


def test_without_trusted_proxies_the_header_changes_nothing(
    client, proxies, contact_limit, mailoutbox, django_capture_on_commit_callbacks
):
    proxies(0)
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(
                contact_limit,
                MESSAGE,
                REMOTE_ADDR="198.51.100.1",
                HTTP_X_FORWARDED_FOR=f"6.6.6.{n}",
            ).status_code
            for n in range(3)
        ]
        other = client.post(
            contact_limit, MESSAGE, REMOTE_ADDR="198.51.100.2", HTTP_X_FORWARDED_FOR="6.6.6.0"
        )
    assert statuses == [302, 302, 429]
    assert other.status_code == 302
    assert len(mailoutbox) == 3


def test_an_ipv6_client_cannot_rotate_through_its_network(
    client, proxies, contact_limit, mailoutbox, django_capture_on_commit_callbacks
):
    proxies(1)
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(
                contact_limit, MESSAGE, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"2001:db8::{n}"
            ).status_code
            for n in range(1, 4)
        ]
    assert statuses == [302, 302, 429]


# allauth: its address limits and the per-account lockout ----------------------------------------


def test_allauth_counts_failures_per_client_behind_the_proxy(client, proxies, settings):
    proxies(1)
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip"}
    UserFactory(email="lucas@example.org")
    for n in range(4):
        # Another account each time, and a new spoofed entry: still one client.
        forwarded = f"6.6.6.{n}, 198.51.100.66"
        response = log_in(
            client, f"p{n}@example.org", WRONG, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded
        )
        assert ("Trop de tentatives" in response.content.decode()) == (n == 3)
    # Someone else behind the same proxy logs in as usual.
    response = log_in(
        client,
        "lucas@example.org",
        PASSWORD,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get().pk)


def test_allauth_ignores_the_header_without_trusted_proxies(client, proxies, settings):
    proxies(0)
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    statuses = [
        log_in(
            client, f"p{n}@example.org", WRONG, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"6.6.6.{n}"
        ).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_the_lockout_survives_another_host_and_address(client, proxies, other_host):
    proxies(1)
    UserFactory(email="lucas@example.org")
    for n in range(5):
        response = log_in(
            client, "lucas@example.org", WRONG, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"6.6.6.{n}"
        )
        assert response.status_code == 200
    # The right password, with another Host (port) and from another client: still locked.
    response = log_in(
        client,
        "lucas@example.org",
        PASSWORD,
        HTTP_HOST=other_host,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    assert response.status_code == 200
    assert "Trop de tentatives" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Nor does the case of the address open a fresh counter.
    response = log_in(client, "Lucas@Example.org", PASSWORD, HTTP_HOST=other_host)
    assert "_auth_user_id" not in client.session


# E-mailed links --------------------------------------------------------------------------------


def links(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def assert_on_site(message):
    found = links(message)
    assert found, message.body
    assert all(link.startswith(SITE_URL + "/") for link in found), found
    assert "127.0.0.1" not in message.body and "9999" not in message.body
    # allauth's greeting and footer name the portal, not the Host.
    assert "portail.example.org" in message.body


def test_the_password_reset_link_is_on_site_url(
    client, other_host, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="lucas@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_reset_password"), {"email": "lucas@example.org"}, HTTP_HOST=other_host
        )
    assert response.status_code == 302
    [message] = mailoutbox
    assert_on_site(message)
    [link] = [found for found in links(message) if "/accounts/password/reset/key/" in found]
    # The link works on the portal.
    assert client.get(link.removeprefix(SITE_URL), follow=True).status_code == 200


def test_the_unknown_account_link_is_on_site_url(
    client, other_host, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_reset_password"), {"email": "nobody@example.org"}, HTTP_HOST=other_host
        )
    [message] = mailoutbox
    assert_on_site(message)
    assert any(reverse("account_signup") in link for link in links(message))
    # The address that was typed, as allauth's own send_mail gives it to the template.
    assert "nobody@example.org" in message.body


def test_the_confirmation_link_is_on_site_url(
    client, other_host, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "first_name": "Amina",
                "last_name": "Diallo",
                "email": "amina@example.org",
                "postal_code": "1060",
                "password1": "a-long-enough-passphrase",
                "password2": "a-long-enough-passphrase",
            },
            HTTP_HOST=other_host,
        )
    [message] = mailoutbox
    assert_on_site(message)
    [link] = [found for found in links(message) if "/accounts/confirm-email/" in found]


def test_the_account_already_exists_links_are_on_site_url(
    client, other_host, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="lucas@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "first_name": "Lucas",
                "last_name": "Martin",
                "email": "lucas@example.org",
                "postal_code": "5000",
                "password1": "a-long-enough-passphrase",
                "password2": "a-long-enough-passphrase",
            },
            HTTP_HOST=other_host,
        )
    [message] = mailoutbox
    assert_on_site(message)
    assert any("/accounts/password/reset/" in link for link in links(message))


# The security log ------------------------------------------------------------------------------


def test_the_security_log_records_the_client_not_the_proxy(client, proxies, caplog):
    proxies(1)
    UserFactory(email="lucas@example.org")
    with caplog.at_level(logging.INFO, logger="portal.security"):
        log_in(
            client,
            "lucas@example.org",
            WRONG,
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7",
        )
        log_in(
            client,
            "lucas@example.org",
            PASSWORD,
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="203.0.113.8",
        )
    [failure] = security_events(caplog, "login.failure")
    [success] = security_events(caplog, "login.success")
    assert failure["ip"] == "203.0.113.7"
    assert success["ip"] == "203.0.113.8"


def test_the_security_log_ignores_the_header_without_trusted_proxies(client, proxies, caplog):
    proxies(0)
    with caplog.at_level(logging.INFO, logger="portal.security"):
        log_in(
            client, "nobody@example.org", WRONG, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6"
        )
    [failure] = security_events(caplog, "login.failure")
    assert failure["ip"] == PROXY
