"""A GET on an address that only takes a form lands on the page with the form (config/form_pages.py),
and switching the language on a page that came back with a form's errors keeps the page."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from config import form_pages
from tests.security import test_permission_matrix as matrix
from tests.security.test_permission_matrix import (
    REDIRECT,
    REFUSALS,
    ROLES,
    TABLE,
    client_for,
    url_names,
)

pytestmark = pytest.mark.django_db

# The permission matrix's people and objects (a fixture), whose addresses its table builds.
cast = matrix.cast


def test_every_entry_is_a_post_only_address_of_the_portal():
    names = url_names()
    assert set(form_pages.FORM_PAGES) <= names
    for name in form_pages.FORM_PAGES:
        # Whoever used to get a bare 405 on a GET is now sent on (or refused as before).
        assert "405" not in TABLE[name].get.values(), name
        assert REDIRECT in TABLE[name].get.values(), name


# Forms their page shows only in some states, which the matrix's cast is not in: the button to
# acknowledge an assignment already acknowledged, to resend with no failed message, to publish
# a published vacancy, to invite to an interview or accept an application just submitted, to
# record the attendance at an event nobody has a place at yet. Their page must still open.
SHOWN_IN_SOME_STATES = {
    "actions:assignment_acknowledge",
    "events:attendance",
    "messaging:resend",
    "recruitment:pipeline_accept",
    "recruitment:pipeline_interview",
    "recruitment:pipeline_publish",
}


def test_a_get_on_a_form_address_lands_on_its_form(cast):
    """For each address, somebody who may send its form (the matrix's table) lands, by GET, on
    a page that shows it: a form (or a button) aimed at that very address."""
    wrong = []
    for name in sorted(form_pages.FORM_PAGES):
        entry = TABLE[name]
        with translation.override("fr"):
            url = reverse(name, kwargs=entry.kwargs(cast))
        senders = [
            role
            for role in ROLES
            if entry.get[role] == REDIRECT and entry.post[role] not in REFUSALS
        ]
        landed = []
        for role in senders:
            client = client_for(cast.users[role])
            response = client.get(url)
            target = response["Location"]
            page = client.get(target)
            landed.append(f"{role}: {target} {page.status_code}")
            shown = name in SHOWN_IN_SOME_STATES or f'="{url}"' in page.content.decode()
            if page.status_code == 200 and shown:
                break
        else:
            wrong.append(f"{name} {url}: no page with its form ({'; '.join(landed)})")
    assert not wrong, "\n".join(wrong)


def test_a_visitor_opening_a_leader_s_form_address_is_asked_to_log_in_first(client, cast):
    url = reverse("groups:task_assign", args=[cast.task.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={url}"


def test_an_outsider_learns_nothing_of_somebody_else_s_object(cast):
    # Liège's leader opening Namur's task address: 404, as for the form itself.
    client = client_for(cast.users["other_leader"])
    response = client.get(reverse("groups:task_assign", args=[cast.task.pk]))
    assert response.status_code == 404
    assert '<main id="main"' in response.content.decode()  # the portal's 404 page


def test_the_contact_form_s_address_opened_by_get_shows_the_group(client, group):
    contact = reverse("groups:contact", args=[group.slug])
    response = client.get(contact, follow=True)
    assert response.redirect_chain == [(f"/fr/groups/{group.slug}/", 302)]
    assert f'action="{contact}"' in response.content.decode()


def test_an_address_whose_form_page_is_unknown_gets_the_405_page_with_a_way_back(
    client, group, monkeypatch
):
    monkeypatch.delitem(form_pages.FORM_PAGES, "groups:contact")
    came_from = f"http://testserver/fr/groups/{group.slug}/"
    response = client.get(reverse("groups:contact", args=[group.slug]), HTTP_REFERER=came_from)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    page = response.content.decode()
    assert '<html lang="fr">' in page and 'href="#main"' in page
    assert f'href="{came_from}"' in page


def language_next(page: str) -> str:
    """Where the language switcher leads, in French terms (the link is to the English page)."""
    english = re.search(r'<a href="([^"]*)" hreflang="en"', page).group(1)
    return html.unescape(english).replace("/en/", "/fr/", 1)


def test_switching_language_after_a_form_s_errors_keeps_the_page(client, group):
    contact = reverse("groups:contact", args=[group.slug])
    shown = client.post(contact, {"name": "", "email": "", "message": ""})
    assert shown.status_code == 200  # the group's page, with the form's errors, at its action
    assert language_next(shown.content.decode()) == f"/fr/groups/{group.slug}/"
    assert client.get(f"/en/groups/{group.slug}/").status_code == 200


def test_switching_language_on_an_ordinary_page_keeps_its_query(client):
    page = client.get("/fr/groups/?q=Namur").content.decode()
    assert language_next(page) == "/fr/groups/?q=Namur"
