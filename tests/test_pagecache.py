"""Public pages come from the cache for anonymous visitors, and never show stale data."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from actions.models import PublicParticipation
from actions.public import proposal_set_public
from config.pagecache import public_pages_changed
from tests.actions.factories import PublishedProposalFactory
from tests.coordinations.factories import CoordinationFactory, MandateFactory
from tests.recruitment.factories import VacancyFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_the_second_visit_of_a_public_page_costs_no_query(client, django_assert_num_queries):
    CoordinationFactory(name="Mexique")
    first = client.get("/fr/coordinations/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/fr/coordinations/")
    assert second["X-Page-Cache"] == "hit"
    assert "Mexique" in second.content.decode()
    # Another language, another query string: pages of their own.
    assert client.get("/en/coordinations/")["X-Page-Cache"] == "miss"
    assert client.get("/fr/coordinations/?kind=country")["X-Page-Cache"] == "miss"


def test_a_change_shows_at_once(client):
    coordination = CoordinationFactory(name="Mexique")
    vacancy = VacancyFactory(title="Tenir un stand à Namur")
    assert "Mexique" in client.get("/fr/coordinations/").content.decode()
    assert "Tenir un stand à Namur" in client.get("/fr/vacancies/").content.decode()

    coordination.name = "Mexique et Amérique centrale"
    coordination.save()
    vacancy.delete()
    page = client.get("/fr/coordinations/")
    assert "Mexique et Amérique centrale" in page.content.decode()
    assert "Tenir un stand à Namur" not in client.get("/fr/vacancies/").content.decode()

    # A coordinator taking the coordination (a new mandate) changes its public page too.
    detail = reverse("coordinations:detail", args=[coordination.slug])
    before = client.get(detail).content.decode()
    MandateFactory(coordination=coordination, volunteer__first_name="Ysaline")
    after = client.get(detail).content.decode()
    assert "Ysaline" not in before and "Ysaline" in after


def test_writes_without_signals_declare_the_change(client):
    coordination = CoordinationFactory(name="Mexique")
    client.get("/fr/coordinations/")
    type(coordination).objects.filter(pk=coordination.pk).update(name="Guatemala")
    assert "Mexique" in client.get("/fr/coordinations/").content.decode()  # the cached copy
    public_pages_changed()
    assert "Guatemala" in client.get("/fr/coordinations/").content.decode()


def test_logged_in_people_and_flash_messages_always_get_a_fresh_page(client, volunteer):
    client.get("/fr/")
    client.force_login(volunteer)
    page = client.get("/fr/")
    assert not page.has_header("X-Page-Cache")
    assert reverse("accounts:me") in page.content.decode()
    visitor = Client()
    visitor.cookies["messages"] = "anything"
    assert not visitor.get("/fr/").has_header("X-Page-Cache")


def test_a_page_without_a_form_carries_no_token_and_sets_no_cookie_and_links_its_language():
    visitor = Client(enforce_csrf_checks=True)
    visitor.get("/fr/coordinations/?kind=country")
    page = visitor.get("/fr/coordinations/?kind=country")
    assert page["X-Page-Cache"] == "hit"
    assert "csrfmiddlewaretoken" not in page.content.decode()
    assert settings.CSRF_COOKIE_NAME not in page.cookies
    # The language switcher is a link to the same page, its query kept, in the other language.
    assert 'href="/en/coordinations/?kind=country" hreflang="en"' in page.content.decode()
    english = visitor.get("/en/coordinations/?kind=country")
    assert english.status_code == 200 and 'lang="en"' in english.content.decode()


def test_each_visitor_gets_a_token_of_their_own_for_a_cached_form_that_works(places, coordinator):
    proposal = proposal_set_public(
        proposal=PublishedProposalFactory(proposed_by=coordinator), public=True
    )
    address = reverse("actions:public_action", kwargs={"slug": proposal.public_slug})
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    mine = TOKEN.search(first.get(address).content.decode()).group(1)
    page = second.get(address)
    assert page["X-Page-Cache"] == "hit"
    theirs = TOKEN.search(page.content.decode()).group(1)
    assert theirs != mine
    answer = second.post(
        reverse("actions:public_action_participate", kwargs={"slug": proposal.public_slug}),
        {"csrfmiddlewaretoken": theirs, "first_name": "Amina", "postal_code": "5000"},
    )
    assert answer.status_code == 302  # thanked, not refused (403)
    assert PublicParticipation.objects.filter(proposal=proposal).count() == 1


def test_the_cache_can_be_turned_off(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client.get("/fr/")
    assert not client.get("/fr/").has_header("X-Page-Cache")
