"""A visitor who signs up from a vacancy is brought back to its application form."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_signing_up_brings_the_visitor_back_to_the_form(
    client, vacancy, mailoutbox, django_capture_on_commit_callbacks
):
    apply = reverse("recruitment:vacancy_apply", args=[vacancy.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{reverse('account_signup')}?next={apply}",
            {
                "first_name": "Nour",
                "last_name": "Haddad",
                "email": "nour@example.org",
                "password1": "une-phrase-de-passe-solide",
                "password2": "une-phrase-de-passe-solide",
                "next": apply,
            },
        )
    assert response.status_code == 302
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body)
    assert link, mailoutbox[-1].body
    path = link.group(0).split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path)
    assert response.status_code == 302
    assert response.url == apply
    assert client.get(apply).status_code == 200
