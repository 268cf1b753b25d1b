# ruff: noqa: F811  (the coordinators fixture, imported from the module that defines it)
"""The list of the nearest coordinators is kept per group and choice (groups/views.py), and
shows any change at once, to the right group, in the right language."""

import pytest
from django.template.loader import get_template
from django.utils import timezone, translation

from coordinations.models import Mandate
from groups import selectors
from groups.forms import CoordinatorFilterForm
from groups.views import NEAREST_AREAS
from tests.fragments import assert_areas_named
from tests.groups.test_coordinators import coordinators, url  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def test_the_list_names_every_area_it_reads(group, coordination, coordinators):
    def render_from_scratch():
        for choice in (None, coordination):
            form = CoordinatorFilterForm({"coordination": choice.slug} if choice else None)
            form.is_valid()
            get_template("groups/includes/nearest_results.html").render(
                {
                    "group": group,
                    "form": form,
                    "rows": selectors.nearest_coordinators(group, choice),
                    "coordination": choice,
                }
            )

    assert_areas_named(render_from_scratch, NEAREST_AREAS)


def test_an_ended_mandate_leaves_the_list_at_once(leader_client, group, coordinators):
    assert "Karim" in leader_client.get(url(group)).content.decode()
    assert "Karim" in leader_client.get(url(group)).content.decode()  # kept
    # Ended by an update, which sends no signal.
    Mandate.objects.filter(volunteer__first_name="Karim").update(
        status=Mandate.Status.ENDED, ended_on=timezone.localdate()
    )
    assert "Karim" not in leader_client.get(url(group)).content.decode()


def test_each_group_and_choice_has_its_own_list(
    client,
    group,
    other_group,
    leader,
    other_leader,
    coordination,
    coordinators,
):
    pages = {}
    for person, its_group in ((leader, group), (other_leader, other_group)) * 2:
        client.force_login(person)
        page = client.get(url(its_group)).content.decode()
        pages.setdefault(its_group.slug, []).append(page)
    # Karim lives in Liège: 0 km from the Liège group, about 50 km from Namur.
    assert all("Inviter Karim" in page for pages_ in pages.values() for page in pages_)
    namur, liege = pages["namur"][-1], pages["liege"][-1]
    assert namur != liege
    assert "/fr/groups/namur/coordinators/" in namur and "/groups/liege/" not in namur
    assert "/fr/groups/liege/coordinators/" in liege and "/groups/namur/" not in liege

    client.force_login(leader)
    chosen = client.get(url(group, coordination=coordination.slug)).content.decode()
    assert "Nadia" not in chosen and "Nadia" in pages["namur"][-1]
    assert f'value="{coordination.slug}" selected' in chosen


def test_each_language_has_its_own(leader_client, group, coordinators):
    french = leader_client.get(url(group)).content.decode()
    with translation.override("en"):
        english = leader_client.get(url(group).replace("/fr/", "/en/")).content.decode()
    assert "Inviter Karim" in french and "Invite Karim" in english
    assert "Inviter" not in english


def test_a_staff_member_and_the_leader_see_the_same_list(
    client, leader, staff, group, coordinators
):
    client.force_login(leader)
    for_leader = client.get(url(group)).content.decode()
    client.force_login(staff)
    for_staff = client.get(url(group)).content.decode()
    assert for_leader.count("/visit/") == for_staff.count("/visit/") > 0
