"""A person's page: one timeline, newest first, with an entry of each kind of record about
them, each linking to its object, and nothing about anybody else; notes and tags; a budget of
queries that does not grow with their history."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import gdpr
from accounts.models import Consent
from coordinations.models import MandateRequest
from liaison import services as liaison_services
from messaging.models import OutgoingMessage
from messaging.services import message_queue
from people.models import Note, Tag
from people.selectors import person_timeline
from recruitment.models import ApplicationEvent
from tests.actions.factories import PublishedProposalFactory, RecipientFactory, ReportFactory
from tests.coordinations.factories import CoordinationFactory, MandateFactory
from tests.factories import UserFactory
from tests.groups.factories import JoinRequestFactory, MembershipFactory, VisitRequestFactory
from tests.people.factories import NoteFactory, TagFactory
from tests.recruitment.factories import ApplicationFactory, InterestRegistrationFactory

pytestmark = pytest.mark.django_db

KINDS = {
    "application",
    "mandate",
    "group",
    "visit",
    "signalement",
    "report",
    "message",
    "reminder",
    "consent",
    "note",
}


def life(person, group, other_group, staff, *, marker: str):
    """One of each record about ``person``; every title carries ``marker`` where it can."""
    coordination = CoordinationFactory(name=f"Coordination {marker}", slug=f"coord-{marker}")
    mandate = MandateFactory(coordination=coordination, volunteer=person)
    MandateRequest.objects.create(mandate=mandate, kind="renew", message=f"Renouveler {marker}")
    application = ApplicationFactory(applicant=person, vacancy__title=f"Poste {marker}")
    ApplicationEvent.objects.create(
        application=application, from_status="submitted", to_status="in_review", actor=staff
    )
    MembershipFactory(group=group, volunteer=person, role="leader")
    JoinRequestFactory(volunteer=person, group=other_group)
    VisitRequestFactory(mandate=mandate, group=other_group, topic=f"Visite {marker}")
    liaison_services.signalement_submit(
        author=person,
        coordination=coordination,
        kind="public_action",
        title=f"Signalement {marker}",
        body="Une visite d'État s'annonce.",
    )
    proposal = PublishedProposalFactory(coordination=coordination, title=f"Action {marker}")
    RecipientFactory(proposal=proposal, group=group)
    ReportFactory(proposal=proposal, group=group, reported_by=person)
    message_queue(
        to=person.email, subject=f"Message {marker}", text="Bonjour", kind="test", recipient=person
    )
    message_queue(
        to=person.email,
        subject=f"Rappel {marker}",
        text="Bonjour",
        kind="mandate_milestone",
        recipient=person,
        dedup_key=f"reminder:mandate_milestone:coordinations.mandate:{mandate.pk}:90:{person.email}",
    )
    gdpr.news_set(user=person, on=True)
    gdpr.news_set(user=person, on=False)
    InterestRegistrationFactory(person=person)
    NoteFactory(person=person, author=staff, body=f"Note {marker}")


@pytest.fixture
def lives(staff, group, other_group, volunteer, other_volunteer, catalogues):
    life(volunteer, group, other_group, staff, marker="Lucas")
    life(other_volunteer, other_group, group, staff, marker="Emma")
    return volunteer


def test_the_timeline_has_each_kind_of_entry_and_nothing_of_another_person(
    staff_client, lives, volunteer
):
    response = staff_client.get(reverse("people:person", args=[volunteer.pk]))
    assert response.status_code == 200
    entries = response.context["entries"]
    assert {entry.kind for entry in entries} == KINDS
    titles = " ".join(entry.title + entry.detail for entry in entries)
    assert "Emma" not in titles
    for expected in (
        "Poste Lucas",  # the application and its move
        "Coordination Lucas",  # the mandate and the renewal request
        "Groupe de Namur",  # the membership
        "Groupe de Liège",  # the request to join
        "Signalement Lucas",
        "Action Lucas",  # the report
        "Message Lucas",
        "Rappel Lucas",
        "Note Lucas",
    ):
        assert expected in titles, expected
    # Consents given and withdrawn: both dated entries.
    consents = [e.title for e in entries if e.kind == "consent"]
    assert any("withdrawn" in t or "retiré" in t for t in consents)
    assert len(consents) >= 3  # the news given, the news withdrawn, the vacancy alerts
    # Newest first, each entry linking to its object.
    assert [e.key for e in entries] == sorted((e.key for e in entries), reverse=True)
    assert all(entry.url for entry in entries)
    page = response.content.decode()
    assert reverse("liaison:staff_detail", args=[lives.signalements.get().pk]) in page
    # The messages say how their delivery went.
    assert {e.state for e in entries if e.kind in ("message", "reminder")} <= {
        "Envoyé",
        "Sent",
        "En attente",
        "Queued",
        "Échoué",
        "Failed",
    }


def test_older_entries_are_read_by_key(staff_client, lives, volunteer):
    everything, _older = person_timeline(volunteer, limit=200)
    first, cursor = person_timeline(volunteer, limit=5)
    assert cursor and [e.key for e in first] == [e.key for e in everything[:5]]
    from people.selectors import parse_cursor

    second, _ = person_timeline(volunteer, before=parse_cursor(cursor), limit=5)
    assert [e.key for e in second] == [e.key for e in everything[5:10]]
    response = staff_client.get(
        reverse("people:person", args=[volunteer.pk]), {"before": "not a cursor"}
    )
    assert response.status_code == 200 and len(response.context["entries"]) == len(everything)


def test_the_page_costs_the_same_whatever_the_history(
    staff_client, lives, volunteer, group, other_group, staff
):
    url = reverse("people:person", args=[volunteer.pk])
    with CaptureQueriesContext(connection) as small:
        assert staff_client.get(url).status_code == 200
    for number in range(30):
        message_queue(
            to=volunteer.email, subject=f"Encore {number}", text="…", kind="t", recipient=volunteer
        )
        NoteFactory(person=volunteer, author=staff)
        ApplicationFactory(applicant=volunteer)
    with CaptureQueriesContext(connection) as large:
        response = staff_client.get(url)
    assert len(response.context["entries"]) == 50  # a page; the rest behind "older"
    assert response.context["older"]
    assert len(large) == len(small)
    # session, user, second factor, the person; one query per kind of record (15); where they
    # live, their mandates, their groups, the tags. Kept, the page costs the first four
    # (tests/people/test_people_speed.py).
    assert len(large) <= 23


def test_staff_add_a_note_and_set_tags(staff_client, staff, volunteer):
    url = reverse("people:note_add", args=[volunteer.pk])
    assert staff_client.post(url, {"body": "  Disponible les week-ends.  "}).status_code == 302
    note = Note.objects.get()
    assert (note.person, note.author, note.body) == (volunteer, staff, "Disponible les week-ends.")
    # Empty: the page again, with the error, nothing saved.
    response = staff_client.post(url, {"body": ""})
    assert response.status_code == 200 and response.context["note_form"].errors
    assert Note.objects.count() == 1

    presse, trainer = TagFactory(name="Presse"), TagFactory(name="Formation")
    old = TagFactory(name="Ancienne")
    old.people.add(volunteer)
    tags_url = reverse("people:tags", args=[volunteer.pk])
    assert staff_client.post(tags_url, {"tags": [presse.pk, trainer.pk]}).status_code == 302
    assert set(Tag.objects.filter(people=volunteer)) == {presse, trainer}
    assert staff_client.post(tags_url, {"tags": ["123456789"]}).status_code == 302
    assert set(Tag.objects.filter(people=volunteer)) == {presse, trainer}  # unchanged
    assert staff_client.post(tags_url, {}).status_code == 302
    assert not Tag.objects.filter(people=volunteer).exists()


def test_notes_are_in_the_persons_own_export(client, volunteer, staff):
    """GDPR art. 15: staff's notes about a person are personal data about them (README)."""
    import io
    import json
    import zipfile

    NoteFactory(person=volunteer, author=staff, body="Très à l'aise pour parler en public.")
    client.force_login(volunteer)
    response = client.post(reverse("accounts:my_data"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("data.json"))
    [note] = data["records"]["people.Note"]
    assert note["body"] == "Très à l'aise pour parler en public."
    assert note["your_part"] == "person"
    # Staff's own export says they wrote a note, not what (it is about someone else).
    client.force_login(staff)
    response = client.post(reverse("accounts:my_data"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    [written] = json.loads(archive.read("data.json"))["records"]["people.Note"]
    assert written["your_part"] == "author" and "body" not in written


def test_erasing_a_person_deletes_the_notes_about_them(volunteer, staff):
    NoteFactory(person=volunteer, author=staff)
    written = NoteFactory(person=staff, author=volunteer)
    TagFactory(name="Presse").people.add(volunteer)
    gdpr.user_erase(user=volunteer)
    assert list(Note.objects.all()) == [written]
    written.refresh_from_db()
    assert written.author is None
    assert not Tag.people.through.objects.exists()
    assert not Consent.objects.filter(user_id=volunteer.pk).exists()


def test_the_timeline_of_a_person_with_nothing(staff_client):
    quiet = UserFactory(email="quiet@example.org")
    response = staff_client.get(reverse("people:person", args=[quiet.pk]))
    assert response.status_code == 200 and response.context["entries"] == []


def test_dates_without_a_time_sort_at_the_start_of_their_day(volunteer, group):
    MembershipFactory(group=group, volunteer=volunteer, since=datetime.date(2025, 3, 10))
    message_queue(to=volunteer.email, subject="Plus tard", text="…", kind="t", recipient=volunteer)
    OutgoingMessage.objects.update(
        created_at=timezone.make_aware(datetime.datetime(2025, 3, 10, 9, 0))
    )
    entries, _ = person_timeline(volunteer)
    assert [e.kind for e in entries] == ["message", "group"]
    assert entries[1].dated_only
