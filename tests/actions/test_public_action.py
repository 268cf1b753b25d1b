"""Public action pages: a published proposal made public gets a page without log-in, in French
and in English, where visitors say they have acted; the count shows at once, in the page, the
proposal's results and the dashboard."""

import logging
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from actions.models import ActionProposal, PublicParticipation
from actions.public import proposal_set_public
from tests.actions.factories import (
    CircularFactory,
    ProposalFactory,
    PublishedProposalFactory,
    TargetFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("places")]

VALID = {"first_name": "Amina", "postal_code": "5000"}


@pytest.fixture
def action(coordination, coordinator):
    circular = CircularFactory(
        title="Un syndicaliste détenu au secret",
        summary="Détenu depuis trois semaines sans accès à un avocat.",
    )
    TargetFactory(
        circular=circular,
        authority="Procureur général de la République",
        address="Avenida de la Reforma 211\nCiudad de México",
        email="fiscalia@example.org",
    )
    proposal = PublishedProposalFactory(
        coordination=coordination,
        circular=circular,
        proposed_by=coordinator,
        title="Écrire au procureur général",
    )
    return proposal_set_public(proposal=proposal, public=True)


def page_url(action, language="en"):
    with translation.override(language):
        return reverse("actions:public_action", kwargs={"slug": action.public_slug})


def post_url(action, language="en"):
    with translation.override(language):
        return reverse("actions:public_action_participate", kwargs={"slug": action.public_slug})


def acted(client, action, **data):
    return client.post(post_url(action), {**VALID, **data})


def count_shown(response) -> int:
    match = re.search(r"(\d+) (?:person has|people have) acted", response.content.decode())
    assert match, "no count on the page"
    return int(match.group(1))


# --- the page ------------------------------------------------------------------------------


def test_a_visitor_sees_the_page_in_french_and_english_without_logging_in(client, action):
    for language in ("fr", "en"):
        response = client.get(page_url(action, language))
        assert response.status_code == 200
        page = response.content.decode()
        assert "Écrire au procureur général" in page
        assert "Détenu depuis trois semaines" in page  # the case
        assert action.request in page  # the action
        assert "Procureur général de la République" in page  # the target, with its address
        assert "Avenida de la Reforma 211" in page
        assert 'name="first_name"' in page and 'name="postal_code"' in page
    assert page_url(action, "fr").startswith("/fr/actions/act/")
    assert page_url(action, "en").startswith("/en/actions/act/")
    assert "0 people have acted" in client.get(page_url(action)).content.decode()


def test_open_graph_and_twitter_card_with_absolute_addresses(client, action, settings):
    settings.SITE_URL = "https://portail.example.org"
    page = client.get(page_url(action)).content.decode()
    meta = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', page))
    assert meta["og:title"] == "Écrire au procureur général"
    assert meta["og:type"] == "website"
    assert meta["og:url"] == "https://portail.example.org" + page_url(action, "en")
    assert meta["og:locale"] == "en_GB"
    assert meta["og:description"].startswith("Détenu depuis trois semaines")
    assert meta["twitter:card"] == "summary"
    french = client.get(page_url(action, "fr")).content.decode()
    assert 'property="og:locale" content="fr_BE"' in french
    assert f'content="https://portail.example.org{page_url(action, "fr")}"' in french
    # No inline script (the Content-Security-Policy refuses them).
    assert "<script>" not in page and "onclick" not in page


def test_pages_that_are_not_public_answer_404(client, action, coordination):
    draft = ProposalFactory(coordination=coordination)
    private = PublishedProposalFactory(coordination=coordination)
    assert client.get(page_url(action)).status_code == 200
    action.is_public = False
    action.save()
    # The address stays, the page is gone (for visitors and for the form).
    assert client.get(page_url(action)).status_code == 404
    assert acted(client, action).status_code == 404
    assert not PublicParticipation.objects.exists()
    assert client.get("/en/actions/act/not-an-action/").status_code == 404
    for proposal in (draft, private):
        assert proposal.public_slug is None
    # A draft cannot be made public, whatever the way.
    with pytest.raises(Exception):  # noqa: B017 (ValidationError from the service)
        proposal_set_public(proposal=draft, public=True)


# --- taking part -----------------------------------------------------------------------------


def test_a_participation_counts_once_per_email_whatever_its_case(client, action):
    response = acted(client, action, email="amina@example.org", consent="on")
    assert response.status_code == 302
    assert response["Location"].endswith("#count")
    other = Client()
    acted(other, action, email="AMINA@Example.org", consent="on", first_name="Amina D.")
    assert PublicParticipation.objects.filter(proposal=action).count() == 1
    saved = PublicParticipation.objects.get()
    assert saved.consent and saved.consent_version == settings.PRIVACY_VERSION
    assert saved.consented_at is not None
    # The second one is thanked the same way: the page never tells who already acted.
    page = other.get(page_url(action)).content.decode()
    assert "Thank you for acting" in page
    assert count_shown(other.get(page_url(action))) == 1
    acted(Client(), action, email="karim@example.org", consent="on", first_name="Karim")
    assert PublicParticipation.objects.filter(proposal=action).count() == 2


def test_without_email_a_browser_counts_once(client, action):
    acted(client, action)
    acted(client, action)
    assert PublicParticipation.objects.count() == 1
    acted(Client(), action, first_name="Karim")
    assert PublicParticipation.objects.count() == 2
    assert not PublicParticipation.objects.exclude(email="").exists()


def test_the_count_shows_at_once_with_the_page_cache_on(client, action, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    visitor = Client()
    first = visitor.get(page_url(action))
    assert first["X-Page-Cache"] == "miss" and count_shown(first) == 0
    assert visitor.get(page_url(action))["X-Page-Cache"] == "hit"
    acted(client, action)
    again = visitor.get(page_url(action))
    assert count_shown(again) == 1
    # The one who acted comes back with the thanks and the new count.
    back = client.get(page_url(action))
    assert count_shown(back) == 1 and "Thank you for acting" in back.content.decode()


def test_an_email_without_consent_is_refused(client, action):
    response = acted(client, action, email="amina@example.org")
    assert response.status_code == 200
    assert "consent_required" in [
        e.code for e in response.context["form"].errors.as_data()["consent"]
    ]
    assert "Tick this box to let us keep your e-mail address" in response.content.decode()
    assert not PublicParticipation.objects.exists()


@pytest.mark.parametrize("code", ["9999", "123", "abcd", ""])
def test_a_postal_code_that_is_not_belgian_is_refused(client, action, code):
    response = acted(client, action, postal_code=code)
    assert response.status_code == 200
    assert "postal_code" in response.context["form"].errors
    assert not PublicParticipation.objects.exists()


def logged(caplog, event: str) -> bool:
    return any(f'"event": "{event}"' in record.getMessage() for record in caplog.records)


def test_rate_limited_after_n_participations_from_one_address(action, settings, caplog):
    caplog.set_level(logging.INFO)
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "public_action": (3, 3600)}
    for number in range(3):
        assert acted(Client(), action, first_name=f"P{number}").status_code == 302
    refused = acted(Client(), action, first_name="Fourth")
    assert refused.status_code == 429
    assert PublicParticipation.objects.count() == 3
    assert logged(caplog, "rate_limited")


def test_the_honeypot_counts_nobody(client, action, caplog):
    caplog.set_level(logging.INFO)
    response = acted(client, action, website="http://spam.example")
    assert response.status_code == 302
    assert not PublicParticipation.objects.exists()
    assert logged(caplog, "honeypot")


def test_a_closed_action_takes_no_more_participations(client, action):
    ActionProposal.objects.filter(pk=action.pk).update(status=ActionProposal.Status.CLOSED)
    page = client.get(page_url(action))
    assert page.status_code == 200 and "This action is over" in page.content.decode()
    acted(client, action)
    assert not PublicParticipation.objects.exists()


def test_query_budget_of_the_public_page(client, action, django_assert_num_queries, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    for number in range(30):
        PublicParticipation.objects.create(
            proposal=action, first_name=f"P{number}", postal_code="5000"
        )
    TargetFactory.create_batch(5, circular=action.circular)
    # The proposal with its circular and its count, then its targets.
    with django_assert_num_queries(2):
        response = client.get(page_url(action))
    assert count_shown(response) == 30


def test_query_budget_of_a_participation(client, action, django_assert_max_num_queries):
    # The action, the postal code's place, the address already counted, the save (in its
    # savepoint), and the security log is not touched.
    with django_assert_max_num_queries(6):
        assert acted(client, action, email="amina@example.org", consent="on").status_code == 302


# --- the coordinator's switch, the results and the dashboard -----------------------------------


def test_the_coordinator_opens_and_closes_the_public_page(coordinator_client, coordination):
    proposal = PublishedProposalFactory(coordination=coordination)
    url = reverse("actions:proposal_public", args=[proposal.pk])
    confirm = coordinator_client.get(url)
    assert confirm.status_code == 200
    assert coordinator_client.post(url, {"public": "1"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.is_public and proposal.public_slug and proposal.public_since
    slug = proposal.public_slug
    assert Client().get(page_url(proposal)).status_code == 200
    coordinator_client.post(url, {"public": "0"})
    proposal.refresh_from_db()
    assert not proposal.is_public and proposal.public_since is None
    assert Client().get(f"/en/actions/act/{slug}/").status_code == 404
    # Opened again: the same address, so that the links already shared still work.
    coordinator_client.post(url, {"public": "1"})
    proposal.refresh_from_db()
    assert proposal.public_slug == slug


def test_a_draft_is_not_made_public(coordinator_client, coordination):
    draft = ProposalFactory(coordination=coordination)
    url = reverse("actions:proposal_public", args=[draft.pk])
    coordinator_client.post(url, {"public": "1"})
    draft.refresh_from_db()
    assert not draft.is_public and draft.public_slug is None


def test_another_coordinator_cannot_switch_it(client, action, other_coordinator):
    client.force_login(other_coordinator)
    url = reverse("actions:proposal_public", args=[action.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"public": "0"}).status_code == 404
    action.refresh_from_db()
    assert action.is_public


def test_the_results_show_the_count(coordinator_client, action):
    for number in range(3):
        PublicParticipation.objects.create(
            proposal=action, first_name=f"P{number}", postal_code="5000"
        )
    response = coordinator_client.get(
        "/en" + reverse("actions:proposal_results", args=[action.pk])[3:]
    )
    assert response.context["public_count"] == 3
    page = response.content.decode()
    assert "3 people have acted on the public page" in page
    assert action.get_public_url()[3:] in page


def test_the_dashboard_shows_the_participations_of_the_period(staff_client, action):
    for number in range(4):
        PublicParticipation.objects.create(
            proposal=action, first_name=f"P{number}", postal_code="5000"
        )
    response = staff_client.get(reverse("dashboard:index"), {"refresh": "1"})
    figures = {f.key: f for s in response.context["sections"] for f in s["figures"]}
    assert figures["public_participations"].value == 4
    # The other action figures are not multiplied by the participations' join.
    assert figures["proposals_published"].value == 1


def test_erasing_an_account_deletes_its_participations(action, volunteer):
    from accounts.gdpr import user_erase

    PublicParticipation.objects.create(
        proposal=action,
        first_name="Amina",
        postal_code="5000",
        email=volunteer.email.upper(),
        consent=True,
        consent_version=settings.PRIVACY_VERSION,
        consented_at=action.public_since,
    )
    PublicParticipation.objects.create(proposal=action, first_name="Karim", postal_code="1000")
    user_erase(user=volunteer)
    assert list(PublicParticipation.objects.values_list("first_name", flat=True)) == ["Karim"]


def test_the_demo_has_one_public_action_with_participants(capsys):
    from django.core.management import call_command

    call_command("load_demo")
    call_command("load_demo")
    public = ActionProposal.objects.filter(is_public=True)
    assert public.count() == 1
    action = public.get()
    assert action.public_participations.count() == 25
    assert Client().get(page_url(action)).status_code == 200
    assert "public action: " in capsys.readouterr().out
