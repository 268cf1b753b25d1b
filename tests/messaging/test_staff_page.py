"""The secretariat sees failed and stuck messages with their reason, in the portal and in the
admin, and sends one or many again; nobody else sees the outbox."""

import datetime
import io
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import demo
from accounts.models import User
from messaging.models import OutgoingMessage

pytestmark = pytest.mark.django_db
OUTBOX = reverse("messaging:outbox")
RESEND = reverse("messaging:resend")


def message(status: str, n: int = 0, **fields) -> OutgoingMessage:
    return OutgoingMessage.objects.create(
        kind="recruitment.application_received",
        to_email=f"person{n}@example.org",
        subject=f"Votre candidature {n}",
        text="Bonjour",
        status=status,
        **fields,
    )


@pytest.fixture
def demo_staff_client(client):
    """The demo's member of staff (the Secretariat group, not a superuser), as load_demo makes
    them, logged in."""
    demo.load(io.StringIO())
    person = User.objects.get(email="staff@example.org")
    assert person.is_staff and not person.is_superuser
    assert person.groups.filter(name="Secretariat").exists()
    client.force_login(person)
    return client


@pytest.fixture
def outbox(clock):
    now = clock.now
    return {
        "failed": message(
            "failed", 1, attempts=3, last_error="SMTPRecipientsRefused: 550 No such user"
        ),
        "stuck": message(
            "sending",
            2,
            attempts=1,
            claimed_at=now - datetime.timedelta(hours=2),
            lease_until=now - datetime.timedelta(hours=1),
        ),
        "retrying": message(
            "pending",
            3,
            attempts=2,
            next_attempt_at=now + datetime.timedelta(minutes=20),
            last_error="SMTPConnectError: 421 Try later",
        ),
        "sent": message("sent", 4, attempts=1, sent_at=now),
        "in_flight": message(
            "sending", 5, attempts=1, lease_until=now + datetime.timedelta(minutes=5)
        ),
    }


def listed(response) -> set[int]:
    return {m.pk for m in response.context["page_obj"].object_list}


def test_visitors_log_in_and_volunteers_do_not_find_the_page(client, volunteer, coordinator):
    response = client.get(OUTBOX)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    for person in (volunteer, coordinator):
        client.force_login(person)
        assert client.get(OUTBOX).status_code == 404
        assert client.post(RESEND, {"message": ["1"], "confirm": "yes"}).status_code == 404


def test_the_demo_staff_member_sees_failed_and_stuck_messages_with_their_reason(
    demo_staff_client, outbox
):
    response = demo_staff_client.get(OUTBOX)
    assert response.status_code == 200
    assert listed(response) == {outbox["failed"].pk, outbox["stuck"].pk}
    page = response.content.decode()
    assert "550 No such user" in page
    assert "person1@example.org" in page and "person4@example.org" not in page
    retrying = demo_staff_client.get(OUTBOX, {"show": "retrying"})
    assert listed(retrying) == {outbox["retrying"].pk}
    assert "421 Try later" in retrying.content.decode()
    assert len(listed(demo_staff_client.get(OUTBOX, {"show": "all"}))) == 5
    assert listed(demo_staff_client.get(OUTBOX, {"show": "nonsense"})) == listed(response)


def test_the_dashboard_figure_counts_them_and_links_to_the_page(demo_staff_client, outbox):
    response = demo_staff_client.get(reverse("dashboard:index"))
    figure = next(
        figure
        for section in response.context["sections"]
        for figure in section["figures"]
        if figure.key == "messages_failed"
    )
    assert (figure.value, figure.url) == (2, OUTBOX)
    assert figure.needs_attention
    assert demo_staff_client.get(figure.url).status_code == 200


def test_resending_asks_for_confirmation_then_sends_once(
    demo_staff_client, outbox, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    chosen = [outbox["failed"].pk, outbox["stuck"].pk, outbox["sent"].pk, outbox["in_flight"].pk]
    confirm = demo_staff_client.post(RESEND, {"message": chosen})
    assert confirm.status_code == 200
    # Only what may be sent again is offered: never a message sent or being sent.
    assert {m.pk for m in confirm.context["outgoing"]} == {outbox["failed"].pk, outbox["stuck"].pk}
    assert (
        mailoutbox == [] and OutgoingMessage.objects.get(pk=outbox["failed"].pk).status == "failed"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = demo_staff_client.post(RESEND, {"message": chosen, "confirm": "yes"})
    assert response.status_code == 302 and response.url == OUTBOX
    statuses = dict(OutgoingMessage.objects.values_list("pk", "status"))
    assert statuses[outbox["failed"].pk] == statuses[outbox["stuck"].pk] == "sent"
    assert statuses[outbox["in_flight"].pk] == "sending"
    assert sorted(m.to[0] for m in mailoutbox) == ["person1@example.org", "person2@example.org"]
    assert '"event": "messages.resend"' in caplog.text
    # Sent again: the page has nothing left to show.
    assert listed(demo_staff_client.get(OUTBOX)) == set()


def test_resending_is_a_post_and_ignores_what_is_not_an_id(demo_staff_client, outbox):
    assert demo_staff_client.get(RESEND).url == OUTBOX  # by GET: the page with the form
    response = demo_staff_client.post(RESEND, {"message": ["x", "", "-1", str(uuid.uuid4())]})
    assert response.status_code == 200
    assert list(response.context["outgoing"]) == []


def test_the_page_reads_a_fixed_number_of_queries(demo_staff_client, clock):
    def queries(count: int) -> int:
        OutgoingMessage.objects.all().delete()
        for n in range(count):
            message("failed", n, last_error="550")
        with CaptureQueriesContext(connection) as captured:
            assert demo_staff_client.get(OUTBOX).status_code == 200
        return len(captured)

    assert queries(2) == queries(40)


def test_the_demo_staff_member_works_in_the_admin_too(
    demo_staff_client, outbox, mailoutbox, django_capture_on_commit_callbacks
):
    changelist = reverse("admin:messaging_outgoingmessage_changelist")
    response = demo_staff_client.get(changelist, {"attention": "yes"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 2
    # Search by address, by the Message-ID a recipient quotes, or by the object's id.
    for query, count in (("person1@", 1), (str(outbox["sent"].uuid), 1), ("no-such-thing", 0)):
        found = demo_staff_client.get(changelist, {"q": query})
        assert (found.status_code, found.context["cl"].result_count) == (200, count), query
    assert (
        demo_staff_client.get(
            reverse("admin:messaging_outgoingmessage_change", args=[outbox["failed"].pk])
        ).status_code
        == 200
    )
    with django_capture_on_commit_callbacks(execute=True):
        demo_staff_client.post(
            changelist,
            {"action": "resend", "_selected_action": [outbox["failed"].pk, outbox["sent"].pk]},
        )
    assert [m.to for m in mailoutbox] == [["person1@example.org"]]
    assert OutgoingMessage.objects.get(pk=outbox["failed"].pk).status == "sent"
