"""The outbox: a message is a row written with the event that causes it, claimed under a lease,
retried with back-off for hours, failed for good on a permanent refusal, and handed over again
by the relay when its publish was lost."""

import datetime
import re
import smtplib
from pathlib import Path
from unittest import mock

import pytest
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse
from kombu.exceptions import OperationalError

from config.celery import app
from messaging import services
from messaging.models import OutgoingMessage
from messaging.services import (
    message_deliver,
    message_queue,
    messages_relay,
    retry_delay,
)
from messaging.tasks import deliver_message
from tests.recruitment.test_apply import answers, apply_url

pytestmark = pytest.mark.django_db
SEND = "django.core.mail.EmailMultiAlternatives.send"


def queue(**fields) -> OutgoingMessage:
    return message_queue(
        **{"to": "a@example.org", "subject": "Bonjour", "text": "Texte", "kind": "test", **fields}
    )


@pytest.fixture
def broker():
    """Celery as with a real broker (not eager), with its publish replaced: ``broker.publish``
    is the mock of the deliver task's apply_async (what leaves the machine)."""
    task = app.tasks[deliver_message.name]
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with mock.patch.object(task, "apply_async") as publish:
            yield mock.Mock(publish=publish)
    finally:
        app.conf.task_always_eager = eager


@pytest.fixture
def broker_down(broker):
    """An unreachable broker: every publish fails as kombu reports it."""
    broker.publish.side_effect = OperationalError("Error 111 connecting to 127.0.0.1:6379.")
    return broker


def broker_back(broker) -> None:
    """The broker answers again (eager: the worker is this process)."""
    broker.publish.side_effect = lambda *args, **kwargs: deliver_message.apply(*args, **kwargs)
    app.conf.task_always_eager = True


# Recording -----------------------------------------------------------------------------------


def test_a_message_is_recorded_with_its_event_and_sent_after_the_commit(
    mailoutbox, django_capture_on_commit_callbacks, volunteer
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message = queue(recipient=volunteer, concerns=volunteer, language="en")
        assert mailoutbox == []  # nothing leaves before the commit
    message.refresh_from_db()
    assert (message.status, message.attempts, message.language) == ("sent", 1, "en")
    assert (message.concerns_type, message.concerns_id) == ("accounts.user", volunteer.pk)
    assert [m.to for m in mailoutbox] == [["a@example.org"]]
    assert mailoutbox[0].extra_headers["Message-ID"] == message.message_id


def test_an_event_rolled_back_records_and_sends_nothing(
    mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue()
        raise RuntimeError("the event failed")
    assert not OutgoingMessage.objects.exists()
    assert mailoutbox == []


def test_a_deduplication_key_records_a_message_once_even_inside_a_transaction(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(), transaction.atomic():
        assert queue(dedup_key="once") is not None
        assert queue(dedup_key="once") is None
        queue(subject="Another")  # the transaction goes on after the duplicate
    assert OutgoingMessage.objects.count() == 2


def test_attachments_text_and_binary_arrive_as_they_were(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue(
            attachments=[
                services.attachment("invitation.ics", "BEGIN:VCALENDAR", "text/calendar"),
                services.attachment("logo.png", b"\x89PNG\x00\xff", "image/png"),
            ]
        )
    [(name, text, _mime), (image, data, mime)] = mailoutbox[0].attachments
    assert (name, text) == ("invitation.ics", "BEGIN:VCALENDAR")
    assert (image, data, mime) == ("logo.png", b"\x89PNG\x00\xff", "image/png")


def test_no_app_sends_mail_but_through_the_outbox():
    # Every message is a row first: nothing outside messaging/ builds or sends an e-mail itself
    # (allauth's adapter overrides send_mail to hand allauth's messages to the outbox).
    root = Path(__file__).resolve().parents[2]
    mail = re.compile(
        r"^\s*(from django\.core\.mail\b|import django\.core\.mail\b)"
        r"|(?<!def )\b(send_mail|send_mass_mail|mail_admins|mail_managers)\(",
        re.MULTILINE,
    )
    folders = [
        folder
        for folder in root.iterdir()
        if (folder / "__init__.py").exists() and folder.name not in {"tests", "messaging"}
    ]
    assert {"accounts", "config", "recruitment"} <= {folder.name for folder in folders}
    offenders = [
        str(path.relative_to(root))
        for folder in folders
        for path in folder.glob("**/*.py")
        if mail.search(path.read_text())
    ]
    assert offenders == []
    assert mail.search("from django.core.mail import EmailMessage")
    assert mail.search("    send_mail(subject, body)") and not mail.search("def send_mail(self):")


# Delivery ------------------------------------------------------------------------------------


def test_a_message_in_flight_is_not_claimed_twice(
    mailoutbox, django_capture_on_commit_callbacks, clock
):
    with django_capture_on_commit_callbacks():
        message = queue()
    OutgoingMessage.objects.update(
        status="sending", attempts=1, lease_until=clock.now + datetime.timedelta(minutes=5)
    )
    assert message_deliver(message_id=message.pk) == "not due"
    assert messages_relay() == 0
    assert mailoutbox == []


def test_a_sent_message_is_never_sent_again(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
    assert message_deliver(message_id=message.pk) == "not due"
    assert messages_relay() == 0
    assert len(mailoutbox) == 1


def test_the_back_off_doubles_up_to_its_ceiling(settings):
    settings.MESSAGE_RETRY_FIRST_SECONDS = 60
    settings.MESSAGE_RETRY_MAX_SECONDS = 3600
    assert [retry_delay(n).total_seconds() for n in range(1, 9)] == [
        60,
        120,
        240,
        480,
        960,
        1920,
        3600,
        3600,
    ]


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPConnectError(421, b"Service not available, try later"),
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
        smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"Mailbox busy")}),
        smtplib.SMTPDataError(451, b"Local error in processing"),
        smtplib.SMTPAuthenticationError(535, b"Authentication failed"),
        ConnectionRefusedError(111, "Connection refused"),
        TimeoutError("timed out"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_a_passing_failure_is_retried_later(
    error, clock, django_capture_on_commit_callbacks, settings
):
    settings.MESSAGE_RETRY_FIRST_SECONDS = 60
    settings.MESSAGE_RETRY_HOURS = 24
    with mock.patch(SEND, side_effect=error), django_capture_on_commit_callbacks(execute=True):
        message = queue()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("pending", 1)
    assert message.next_attempt_at > clock.now + datetime.timedelta(seconds=55)
    assert message.retry_until > clock.now + datetime.timedelta(hours=23)
    assert message.queued_at is None  # the relay hands it over when it is due
    assert message.last_error.startswith(type(error).__name__) or "Recipient refused" in (
        message.last_error
    )


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (
            smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"No such user")}),
            "a@example.org: 550 No such user",
        ),
        (smtplib.SMTPDataError(554, b"Message rejected as spam"), "554 Message rejected as spam"),
        (smtplib.SMTPSenderRefused(553, b"Sender refused", "noreply@example.org"), "553"),
        (ValueError("Invalid address"), "ValueError: Invalid address"),
    ],
    ids=["550", "554", "553", "invalid-address"],
)
def test_a_permanent_refusal_fails_at_once_with_its_reason(
    error, reason, django_capture_on_commit_callbacks
):
    with mock.patch(SEND, side_effect=error), django_capture_on_commit_callbacks(execute=True):
        message = queue()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 1)
    assert reason in message.last_error


def test_retries_go_on_for_the_configured_hours_then_fail(
    clock, django_capture_on_commit_callbacks, settings
):
    settings.MESSAGE_RETRY_HOURS = 3
    with mock.patch(SEND, side_effect=smtplib.SMTPConnectError(421, b"Try later")):
        with django_capture_on_commit_callbacks(execute=True):
            message = queue()
        for _ in range(5):
            clock.shift(datetime.timedelta(minutes=30))
            messages_relay()
        message.refresh_from_db()
        assert message.status == "pending"  # 2 h 30 of failures: still retried
        for _ in range(2):
            clock.shift(datetime.timedelta(minutes=30))
            messages_relay()
    message.refresh_from_db()
    assert message.status == "failed"
    assert "421 Try later" in message.last_error


# The relay -----------------------------------------------------------------------------------


def test_a_message_whose_publish_failed_is_sent_by_the_relay(
    broker_down, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()  # the commit's publish fails: logged, not raised
    message.refresh_from_db()
    assert (message.status, message.queued_at) == ("pending", None)
    assert "broker is unreachable" in caplog.text
    assert messages_relay() == 0  # still down: the relay fails quietly too
    broker_back(broker_down)
    assert messages_relay() == 1
    assert messages_relay() == 0
    message.refresh_from_db()
    assert message.status == "sent"
    assert len(mailoutbox) == 1


def test_a_message_handed_over_and_lost_with_the_broker_is_handed_over_again(
    clock, broker, mailoutbox, django_capture_on_commit_callbacks
):
    # Published (the broker took it) but the task never ran: Redis restarted without its data.
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
    message.refresh_from_db()
    assert message.queued_at is not None
    assert messages_relay() == 0  # not yet: it may be waiting behind other tasks
    broker_back(broker)
    clock.shift(services.REQUEUE_AFTER + datetime.timedelta(seconds=1))
    assert messages_relay() == 1
    assert len(mailoutbox) == 1


def test_the_relay_hands_over_a_bounded_batch(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks():  # never published
        for n in range(5):
            queue(to=f"p{n}@example.org")
    assert messages_relay(limit=2) == 2
    assert messages_relay(limit=10) == 3
    assert len(mailoutbox) == 5


def test_the_broker_down_does_not_fail_an_application(
    broker_down, volunteer_client, vacancy, django_capture_on_commit_callbacks, mailoutbox
):
    # The applicant's confirmation and the staff's notice wait in the outbox; the relay sends
    # them when the broker is back.
    from recruitment.models import Application

    with django_capture_on_commit_callbacks(execute=True):
        response = volunteer_client.post(apply_url(vacancy), answers(vacancy))
    assert response.status_code == 302
    application = Application.objects.get()
    assert response.url == application.get_absolute_url()
    waiting = OutgoingMessage.objects.filter(concerns_id=application.pk)
    assert sorted(waiting.values_list("kind", flat=True)) == [
        "recruitment.application_for_staff",
        "recruitment.application_received",
    ]
    assert set(waiting.values_list("status", flat=True)) == {"pending"}
    assert mailoutbox == []


# allauth -------------------------------------------------------------------------------------


def test_allauths_messages_go_through_the_outbox(
    client, volunteer, mailoutbox, django_capture_on_commit_callbacks
):
    # A password reset, as allauth sends it from its view: a row, delivered once committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": volunteer.email})
    assert response.status_code == 302
    message = OutgoingMessage.objects.get()
    assert message.kind == "account.password_reset_key"
    assert (message.to_email, message.recipient) == (volunteer.email, volunteer)
    assert [m.to for m in mailoutbox] == [[volunteer.email]]
    assert isinstance(mailoutbox[0], EmailMultiAlternatives)
