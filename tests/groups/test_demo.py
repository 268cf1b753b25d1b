"""The groups' demo data: fifty groups of Brussels and Wallonia, Namur led by leader@example.org,
the same data after a second run."""

import io

import pytest

from accounts import demo as accounts_demo
from groups import demo
from groups.models import LocalGroup, Membership, Province

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(
        Membership.objects.values_list("group__slug", "volunteer__email", "role", "since")
    )


def test_fifty_groups_twice_the_same():
    demo.load(io.StringIO())
    first = snapshot()
    groups = list(LocalGroup.objects.values_list("slug", "province", "latitude"))
    demo.load(io.StringIO())
    assert snapshot() == first
    assert list(LocalGroup.objects.values_list("slug", "province", "latitude")) == groups
    assert len(groups) == 50
    french_speaking = {
        Province.BRUSSELS,
        Province.BRABANT_WALLON,
        Province.HAINAUT,
        Province.LIEGE,
        Province.LUXEMBOURG,
        Province.NAMUR,
    }
    assert {province for _slug, province, _lat in groups} == french_speaking
    namur = LocalGroup.objects.get(slug="namur")
    assert namur.memberships.get(role="leader").volunteer.email == "leader@example.org"
    for group in LocalGroup.objects.all():
        roles = sorted(group.memberships.values_list("role", flat=True))
        assert roles.count("leader") == 1 and roles.count("treasurer") == 1
        assert len(roles) >= 5


def test_demo_people_can_log_in():
    from django.contrib.auth import authenticate

    demo.load(io.StringIO())
    for email in (
        "leader@example.org",
        "responsable.liege@example.org",
        "membre1.mons@example.org",
    ):
        assert authenticate(email=email, password=accounts_demo.DEMO_PASSWORD) is not None
