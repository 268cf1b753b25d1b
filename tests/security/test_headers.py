"""The security headers every page carries, and which pages no browser or proxy may keep.

Already tested elsewhere, not repeated here: production's deployment check (tests/test_settings.py),
no-store on My space and not on the home page (tests/accounts/test_security_log.py), nosniff on
the CV and circular downloads (tests/recruitment/test_my_applications.py,
tests/actions/test_circular_page.py).
"""

import pytest
from django.urls import reverse

from tests.test_settings import run

PUBLIC_PAGES = [
    ("coordinations:list", None),
    ("coordinations:detail", lambda c: {"slug": c.slug}),
    ("recruitment:vacancy_list", None),
    ("groups:search", None),
    ("privacy", None),
]


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header, directive by directive."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.fixture
def pages(coordination):
    return {
        name: reverse(name, kwargs=kwargs(coordination) if kwargs else None)
        for name, kwargs in PUBLIC_PAGES
    }


def test_content_security_policy_allows_no_inline_script_or_style(client, volunteer, pages):
    client.force_login(volunteer)
    for url in [*pages.values(), reverse("accounts:me")]:
        directives = policy(client.get(url))
        for directive in ("default-src", "script-src", "style-src"):
            assert directives[directive] == ["'self'"], (url, directive, directives[directive])
        everything = " ".join(word for words in directives.values() for word in words)
        assert "'unsafe-inline'" not in everything
        assert "'unsafe-eval'" not in everything
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["object-src"] == ["'none'"]


def test_no_page_can_be_framed_sniffed_or_leak_its_address(client, staff, pages):
    client.force_login(staff)
    for url in [*pages.values(), reverse("dashboard:index")]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url


def test_pages_with_personal_data_are_never_stored(client, volunteer, application, staff):
    client.force_login(volunteer)
    for url in (
        reverse("recruitment:application_detail", args=[application.pk]),
        reverse("accounts:my_data"),
        reverse("actions:inbox"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url
    client.force_login(staff)
    for url in (
        reverse("dashboard:index"),
        reverse("recruitment:pipeline_application", args=[application.pk]),
        reverse("dashboard:export_coordinators"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_pages_opened_by_a_secret_link_are_never_stored(client, group, leader):
    """A signed link (follow-up report, unsubscribe) or a key allauth e-mails opens a page
    without logging in: no browser or proxy keeps it either, nor its refusal."""
    from actions.links import report_token
    from tests.actions.factories import PublishedProposalFactory, RecipientFactory

    recipient = RecipientFactory(proposal=PublishedProposalFactory(), group=group)
    token = report_token(proposal_id=recipient.proposal_id, group_id=group.pk, leader_id=leader.pk)
    opened = client.get(reverse("actions:report_by_link", args=[token]))
    assert opened.status_code == 200
    assert "no-store" in opened["Cache-Control"]
    for url in (
        reverse("actions:report_by_link", args=["forged"]),
        reverse("accounts:unsubscribe", args=["forged"]),
        reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "forged"}),
        reverse("account_confirm_email", args=["forged"]),
    ):
        response = client.get(url)
        assert "no-store" in response.get("Cache-Control", ""), (url, response.status_code)


def test_public_pages_may_be_kept(client, pages):
    for url in pages.values():
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" not in response.get("Cache-Control", ""), url
    # The places autocomplete is even meant to be cached, by anybody, for an hour.
    assert "public" in client.get("/api/places/?q=5000")["Cache-Control"]


def test_production_sends_hsts_for_a_year_with_subdomains():
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "r = Client().get('/fr/no-such-page/', secure=True, HTTP_HOST='portal.example.org')\n"
        "print(r.status_code, r.headers.get('Strict-Transport-Security'))\n"
        "r = Client().get('/fr/', HTTP_HOST='portal.example.org')\n"
        "print(r.status_code, r.headers.get('Location'))\n"
    )
    result = run(code, DATABASE_URL="sqlite://:memory:", REDIS_URL="")
    assert result.returncode == 0, result.stderr
    secure, plain = result.stdout.splitlines()
    assert secure == "404 max-age=31536000; includeSubDomains; preload"
    # Plain HTTP is sent to HTTPS before anything else (except the container's /healthz:
    # tests/test_health.py).
    assert plain == "301 https://portal.example.org/fr/"


def test_development_sends_no_hsts(client):
    # A developer's browser must not remember HSTS for 127.0.0.1 for a year.
    assert "Strict-Transport-Security" not in client.get("/healthz", secure=True)


@pytest.mark.django_db
def test_the_policy_built_once_is_the_librarys_and_follows_the_settings(
    staff_client, settings, pages
):
    """config.middleware.CSPMiddleware builds the ordinary policy once: every kind of answer
    (a page, a page from the cache, the API, a logged-in page, a missing page) carries exactly
    what django-csp builds, and a change of the settings shows at once."""
    from csp.utils import build_policy
    from django.test import Client

    client = Client()  # anonymous (staff_client is the logged-in one)
    answers = [
        client.get(pages["recruitment:vacancy_list"]),
        client.get(pages["recruitment:vacancy_list"]),  # from the cache
        client.get("/api/v1/vacancies/"),
        client.get("/fr/no-such-page/"),
        staff_client.get(reverse("dashboard:index")),
    ]
    assert answers[1]["X-Page-Cache"] == "hit"
    for answer in answers:
        assert answer["Content-Security-Policy"] == build_policy()
        assert "Content-Security-Policy-Report-Only" not in answer
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'", "data:"]}}
    assert client.get(reverse("privacy"))["Content-Security-Policy"] == "default-src 'self' data:"
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"img-src": ["'none'"]}}
    report_only = client.get(reverse("privacy"))["Content-Security-Policy-Report-Only"]
    assert report_only == build_policy(report_only=True)
    assert "img-src 'none'" in report_only
