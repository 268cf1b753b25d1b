"""After a form, a person goes back to the page they came from, when that page is ours."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from config.redirects import posted_next


@pytest.mark.parametrize(
    "posted, expected",
    [
        ("/fr/me/#mandate", "/fr/me/#mandate"),
        ("587", "/fallback/"),  # a bare word would be taken for the name of a view
        ("actions:inbox", "/fallback/"),
        ("//evil.example/", "/fallback/"),
        ("https://evil.example/fr/me/", "/fallback/"),
        ("/\\evil.example", "/fallback/"),
        ("", "/fallback/"),
    ],
)
def test_only_a_path_of_ours_is_followed(posted, expected):
    request = RequestFactory().post("/", {"next": posted})
    assert posted_next(request, "/fallback/") == expected


def test_a_coordinator_logging_an_activity_with_a_strange_next_lands_in_my_space(
    clock, coordinator_client, mandate
):
    response = coordinator_client.post(
        reverse("coordinations:activity_create", args=[mandate.pk]),
        {
            "date": timezone.localdate().isoformat(),
            "kind": "group_visit",
            "note": "Visite à Namur",
            "next": "587",
        },
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:me"))
