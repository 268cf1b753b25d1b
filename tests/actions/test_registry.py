"""The secretariat's registry of circulars: list, filters, registration, assignment, closing."""

import datetime

import pytest
from django.urls import reverse

from actions.models import Circular, CircularAssignment
from coordinations.models import Mandate
from tests.actions.factories import (
    AssignmentFactory,
    CircularFactory,
    ThemeFactory,
    pdf_upload,
    today,
)
from tests.coordinations.factories import CoordinationFactory, ThemeCoordinationFactory

# Dates relative to today, on the fixed clock of tests/clock.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

LIST = reverse("actions:circular_list")
CREATE = reverse("actions:circular_create")


def registration(**overrides):
    data = {
        "reference": "UA 140/26",
        "index_number": "AMR 41/2031/2026",
        "title": "Une journaliste menacée de mort",
        "kind": "urgent_action",
        "priority": "urgent",
        "countries": ["MX"],
        "issued_on": (today() - datetime.timedelta(days=2)).isoformat(),
        "received_on": today().isoformat(),
        "action_deadline": (today() + datetime.timedelta(days=40)).isoformat(),
        "language": "en",
        "summary": "Elle a reçu des menaces après un article sur la corruption locale.",
        "link": "",
        "targets-TOTAL_FORMS": "2",
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "20",
        "targets-0-authority": "Gouverneur de l’État de Veracruz",
        "targets-0-salutation": "Monsieur le Gouverneur,",
        "targets-0-address": "Palacio de Gobierno\nXalapa, Veracruz\nMexique",
        "targets-0-email": "",
        "targets-1-authority": "",
        "targets-1-salutation": "",
        "targets-1-address": "",
        "targets-1-email": "",
    }
    data.update(overrides)
    return data


# --- the list ---------------------------------------------------------------------------------


def test_registry_lists_circulars_with_their_status(staff_client, assigned_circular):
    CircularFactory(reference="UA 200/26", title="Défenseuse de l’environnement arrêtée")
    page = staff_client.get(LIST).content.decode()
    assert "UA 123/26" in page and "UA 200/26" in page
    assert "Assignée" in page and "Reçue" in page
    assert "Mexique" in page


def test_registry_needs_a_login(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["volunteer", "coordinator"])
def test_registry_is_hidden_from_everyone_but_staff(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(LIST).status_code == 404


def test_registry_refuses_post(staff_client):
    assert staff_client.post(LIST).status_code == 405


def test_registry_filters(staff_client, coordination):
    ua = CircularFactory(reference="UA 1/26", countries=["MX"])
    campaign = CircularFactory(reference="CAMP 2/26", kind="campaign", countries=["RW"])
    late = CircularFactory(
        reference="UA 3/26",
        countries=["MX"],
        received_on=today() - datetime.timedelta(days=20),
        issued_on=today() - datetime.timedelta(days=21),
    )
    AssignmentFactory(circular=late, coordination=coordination)

    def references(**params):
        response = staff_client.get(LIST, params)
        return {c.reference for c in response.context["circulars"]}

    assert references(kind="campaign") == {campaign.reference}
    assert references(country="MX") == {ua.reference, late.reference}
    assert references(status="received") == {ua.reference, campaign.reference}
    assert references(status="assigned") == {late.reference}
    assert references(overdue="on") == {late.reference}
    assert references(q="camp") == {campaign.reference}


def test_registry_ignores_a_bad_filter_value(staff_client, circular):
    response = staff_client.get(LIST, {"status": "lost", "kind": "nonsense"})
    assert response.status_code == 200


def test_registry_flags_a_circular_whose_coordination_is_vacant(staff_client, coordination):
    CoordinationFactory(name="Rwanda", slug="rwanda", countries=["RW"])  # nobody holds it
    CircularFactory(reference="UA 9/26", countries=["RW"])
    page = staff_client.get(LIST).content.decode()
    assert "Coordination vacante" in page


def test_registry_paginates(staff_client):
    CircularFactory.create_batch(30)
    response = staff_client.get(LIST, {"page": 2})
    assert len(response.context["circulars"]) == 5


@pytest.mark.parametrize("rows", [10, 200])
def test_registry_query_count_does_not_grow(
    staff_client, staff, coordination, other_coordination, django_assert_num_queries, rows
):
    theme = ThemeFactory(code="death-penalty-test", name="Peine de mort")
    for index in range(rows):
        circular = CircularFactory(themes=[theme], countries=["MX", "RW"])
        AssignmentFactory(circular=circular, coordination=coordination)
        if index % 3 == 0:
            CircularFactory(parent=circular)
    # A first visit: session, user, their second factor, count, the page's keys, its
    # circulars, themes, assignments, coordinations
    with django_assert_num_queries(9):
        assert staff_client.get(LIST, {"country": "MX"}).status_code == 200
    # Then the list is kept (tests/actions/test_registry_cache.py): the session alone.
    with django_assert_num_queries(3):
        assert staff_client.get(LIST, {"country": "MX"}).status_code == 200


# --- registration -----------------------------------------------------------------------------


def test_staff_registers_a_circular_with_a_pdf_and_a_target(staff_client, staff, settings):
    data = registration()
    data["attachment"] = pdf_upload()
    data["attachment_title"] = "Action urgente (anglais)"
    response = staff_client.post(CREATE, data)
    circular = Circular.objects.get(reference="UA 140/26")
    assert response.status_code == 302
    assert response.url == circular.get_absolute_url()
    assert circular.registered_by == staff
    assert circular.priority == "urgent"
    assert [c.code for c in circular.countries] == ["MX"]
    target = circular.targets.get()
    assert target.authority == "Gouverneur de l’État de Veracruz"
    attachment = circular.attachments.get()
    assert attachment.original_name == "UA-123-26.pdf"
    assert attachment.title == "Action urgente (anglais)"
    # A generated name, under the private root, never the uploaded name.
    assert "UA-123-26" not in attachment.file.name
    assert attachment.file.name.startswith("circulars/")
    assert attachment.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))


def test_registration_needs_a_document_or_a_link(staff_client):
    response = staff_client.post(CREATE, registration())
    assert response.status_code == 200
    assert "Joignez la circulaire en PDF" in response.content.decode()
    assert not Circular.objects.exists()


def test_registration_refuses_a_file_that_is_not_a_pdf(staff_client):
    data = registration()
    data["attachment"] = pdf_upload("fake.pdf", b"MZ\x90\x00 not a pdf at all")
    response = staff_client.post(CREATE, data)
    assert response.status_code == 200
    assert response.context["form"].errors["attachment"]
    assert not Circular.objects.exists()


def test_registration_refuses_a_pdf_over_10_mb(staff_client):
    data = registration()
    data["attachment"] = pdf_upload("big.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024))
    response = staff_client.post(CREATE, data)
    assert response.status_code == 200
    assert "10" in str(response.context["form"].errors["attachment"])
    assert not Circular.objects.exists()


def test_registration_checks_the_dates_and_the_reference(staff_client, circular):
    data = registration(
        reference="UA 123/26",
        link="https://example.org/ua",
        received_on=(today() - datetime.timedelta(days=10)).isoformat(),
    )
    response = staff_client.post(CREATE, data)
    errors = response.context["form"].errors
    assert response.status_code == 200
    assert "reference" in errors and "received_on" in errors
    assert Circular.objects.count() == 1


def test_registration_is_for_staff_only(client, coordinator, volunteer):
    assert client.get(CREATE).status_code == 302
    client.force_login(coordinator)
    assert client.post(CREATE, registration(link="https://example.org")).status_code == 404
    assert not Circular.objects.exists()


def test_registration_refuses_other_methods(staff_client):
    assert staff_client.put(CREATE).status_code == 405


def test_register_an_update_prefilled_from_its_original(
    staff_client, assigned_circular, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    page = staff_client.get(CREATE, {"parent": assigned_circular.pk})
    assert page.context["form"].initial["kind"] == "urgent_action"
    data = registration(
        reference="UA 123/26-1",
        link="https://example.org/fi",
        parent=str(assigned_circular.pk),
        countries=["MX"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(CREATE + f"?parent={assigned_circular.pk}", data)
    assert response.status_code == 302
    update = Circular.objects.get(reference="UA 123/26-1")
    assert update.parent == assigned_circular
    # The coordinator who received the original is told (assignment and update e-mails).
    subjects = [m.subject for m in mailoutbox if coordinator.email in m.to]
    assert any("Complément d’information" in s for s in subjects), subjects


def test_register_an_update_of_a_missing_circular_is_404(staff_client):
    assert staff_client.get(CREATE, {"parent": 999}).status_code == 404
    assert staff_client.get(CREATE, {"parent": "x"}).status_code == 404


def test_staff_edits_a_circular_and_its_targets(staff_client, circular):
    url = reverse("actions:circular_edit", args=[circular.pk])
    data = registration(reference=circular.reference, title="Titre corrigé")
    data.pop("link")
    data["link"] = circular.link
    response = staff_client.post(url, data)
    assert response.status_code == 302
    circular.refresh_from_db()
    assert circular.title == "Titre corrigé"
    assert circular.targets.count() == 1


def test_edit_is_for_staff_only(coordinator_client, assigned_circular):
    url = reverse("actions:circular_edit", args=[assigned_circular.pk])
    assert coordinator_client.get(url).status_code == 404


# --- assignment -------------------------------------------------------------------------------


def test_assignment_form_proposes_the_matching_coordinations(staff_client, coordination):
    theme = ThemeFactory(code="dp", name="Peine de mort", name_en="Death penalty")
    thematic = ThemeCoordinationFactory(name="Peine de mort", slug="peine-de-mort")
    CoordinationFactory(name="Rwanda", slug="rwanda", countries=["RW"])
    circular = CircularFactory(countries=["MX"], themes=[theme])
    response = staff_client.get(reverse("actions:circular_assign", args=[circular.pk]))
    form = response.context["form"]
    assert set(form.initial["coordinations"]) == {coordination.pk, thematic.pk}


def test_assignment_form_warns_when_the_coordination_is_vacant(staff_client):
    vacant = CoordinationFactory(name="Rwanda", slug="rwanda", countries=["RW"])
    circular = CircularFactory(countries=["RW"])
    response = staff_client.get(reverse("actions:circular_assign", args=[circular.pk]))
    assert response.context["vacant_coordinations"] == [vacant]
    assert "vacante" in response.content.decode()


def test_staff_assigns_and_the_coordinator_is_told(
    staff_client,
    staff,
    circular,
    coordination,
    coordinator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    due = today() + datetime.timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("actions:circular_assign", args=[circular.pk]),
            {"coordinations": [coordination.pk], "relay_due_on": due.isoformat(), "note": "Merci"},
        )
    assert response.status_code == 302
    assignment = CircularAssignment.objects.get()
    assert (assignment.coordination, assignment.relay_due_on, assignment.note) == (
        coordination,
        due,
        "Merci",
    )
    assert assignment.assigned_by == staff
    assert [m.to for m in mailoutbox] == [[coordinator.email]]
    assert "UA 123/26" in mailoutbox[0].subject
    assert "/fr/actions/inbox/" in mailoutbox[0].body


def test_the_coordinator_is_written_to_in_their_language(
    staff_client,
    circular,
    coordination,
    coordinator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    coordinator.preferred_language = "en"
    coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("actions:circular_assign", args=[circular.pk]),
            {"coordinations": [coordination.pk], "relay_due_on": today().isoformat()},
        )
    assert mailoutbox[0].subject.startswith("New circular for Mexique")
    assert "/en/actions/inbox/" in mailoutbox[0].body


def test_assignment_refuses_a_due_date_before_receipt(staff_client, circular, coordination):
    response = staff_client.post(
        reverse("actions:circular_assign", args=[circular.pk]),
        {
            "coordinations": [coordination.pk],
            "relay_due_on": (circular.received_on - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "relay_due_on" in response.context["form"].errors
    assert not CircularAssignment.objects.exists()


def test_assignment_needs_a_coordination(staff_client, circular):
    response = staff_client.post(
        reverse("actions:circular_assign", args=[circular.pk]),
        {"relay_due_on": today().isoformat()},
    )
    assert "coordinations" in response.context["form"].errors


def test_assignment_is_for_staff_only(coordinator_client, circular, coordination):
    response = coordinator_client.post(
        reverse("actions:circular_assign", args=[circular.pk]),
        {"coordinations": [coordination.pk], "relay_due_on": today().isoformat()},
    )
    assert response.status_code == 404
    assert not CircularAssignment.objects.exists()


def test_assignment_of_a_missing_circular_is_404(staff_client):
    assert staff_client.get(reverse("actions:circular_assign", args=[999])).status_code == 404


# --- closing ----------------------------------------------------------------------------------


def test_staff_records_the_outcome(staff_client, circular):
    url = reverse("actions:circular_close", args=[circular.pk])
    response = staff_client.post(
        url, {"outcome": "released", "note": "Libéré sans charges", "closed_on": today()}
    )
    assert response.status_code == 302
    circular.refresh_from_db()
    assert (circular.outcome, circular.outcome_note) == ("released", "Libéré sans charges")


def test_close_refuses_get_and_bad_input(staff_client, circular):
    url = reverse("actions:circular_close", args=[circular.pk])
    # By GET (a reload, a language switch): the circular's page, where the form is.
    assert staff_client.get(url).url == reverse("actions:circular_detail", args=[circular.pk])
    response = staff_client.post(url, {"outcome": "maybe", "closed_on": "2999-01-01"})
    assert response.status_code == 400
    assert set(response.context["close_form"].errors) == {"outcome", "closed_on"}
    circular.refresh_from_db()
    assert circular.closed_on is None


def test_close_is_for_staff_only(coordinator_client, assigned_circular):
    url = reverse("actions:circular_close", args=[assigned_circular.pk])
    assert coordinator_client.post(url, {"outcome": "released"}).status_code == 404


def test_staff_can_reach_every_page_of_a_circular(staff_client, assigned_circular):
    for name in ("circular_detail", "circular_edit", "circular_assign"):
        url = reverse(f"actions:{name}", args=[assigned_circular.pk])
        assert staff_client.get(url).status_code == 200, name


def test_a_mandate_that_ended_no_longer_sees_the_circular(client, coordinator, assigned_circular):
    Mandate.objects.filter(volunteer=coordinator).update(status="ended", ended_on=today())
    client.force_login(coordinator)
    url = reverse("actions:circular_detail", args=[assigned_circular.pk])
    assert client.get(url).status_code == 404


def test_registry_pages_seek_from_the_last_row_shown(staff_client, django_assert_num_queries):
    """Next and Previous carry the key of the row they continue from: every page is read along
    the index, the same cost at page 2 as at page 2,000, and a row added meanwhile never makes
    one repeat or disappear."""
    import datetime
    import re

    day = datetime.date(2026, 1, 1)
    made = [
        CircularFactory(
            reference=f"UA {n}/26",
            issued_on=day,
            received_on=day + datetime.timedelta(days=n // 3),
        )
        for n in range(60)
    ]  # three per day: ties on the date are ordered by key
    newest_first = sorted(made, key=lambda c: (c.received_on, c.pk), reverse=True)

    def shown(response):
        return [c.pk for c in response.context["circulars"]]

    def link(response, label):
        found = re.search(rf'href="\?([^"]+)">{label}<', response.content.decode())
        return found.group(1).replace("&amp;", "&")

    first = staff_client.get(LIST)
    assert shown(first) == [c.pk for c in newest_first[:25]]
    assert "Page 1 sur 3" in first.content.decode()
    CircularFactory(
        reference="UA 999/26", issued_on=day, received_on=day + datetime.timedelta(days=100)
    )
    second = staff_client.get(f"{LIST}?{link(first, 'Suivante')}")
    assert "after=" in link(first, "Suivante") and "page=2" in link(first, "Suivante")
    assert shown(second) == [c.pk for c in newest_first[25:50]]  # no row repeated
    third = staff_client.get(f"{LIST}?{link(second, 'Suivante')}")
    assert shown(third) == [c.pk for c in newest_first[50:]]
    back = staff_client.get(f"{LIST}?{link(third, 'Précédente')}")
    assert shown(back) == shown(second)
    # A damaged key gives the first page, not an error.
    assert staff_client.get(LIST, {"after": "yesterday_x"}).status_code == 200
