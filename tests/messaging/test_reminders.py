"""Reminders are recorded exactly once and delivered once, in the recipient's language; a day
without a run is caught up by the next one."""

import datetime
import re
import smtplib
import threading
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from coordinations.models import Mandate, OnboardingProgress, OnboardingStep
from messaging.models import OutgoingMessage
from messaging.services import messages_relay
from messaging.sweeps import reminders_run
from messaging.tasks import deliver_message
from tests.coordinations.factories import CoordinationFactory, MandateFactory
from tests.factories import StaffFactory, UserFactory

D = datetime.date
TODAY = D(2026, 11, 23)


def mandate_ending_in(days: int, **kwargs) -> Mandate:
    end = TODAY + datetime.timedelta(days=days)
    start = D(end.year - 2, end.month, end.day)
    return MandateFactory(start_date=start, **kwargs)


def run(today=TODAY, execute=True, capture=None):
    with capture(execute=execute):
        return reminders_run(today)


@pytest.mark.django_db
@pytest.mark.parametrize("days", [180, 90, 30, 0])
def test_each_milestone_fires_on_its_day_once(days, mailoutbox, django_capture_on_commit_callbacks):
    mandate = mandate_ending_in(days)
    run(TODAY - datetime.timedelta(days=1), capture=django_capture_on_commit_callbacks)
    assert mailoutbox == []
    for offset in (0, 1, 2):
        run(TODAY + datetime.timedelta(days=offset), capture=django_capture_on_commit_callbacks)
    assert [m.to for m in mailoutbox] == [[mandate.volunteer.email]]
    assert OutgoingMessage.objects.get().milestone == str(days)


@pytest.mark.django_db
@pytest.mark.parametrize("late", [1, 5, 14])
def test_a_milestone_missed_is_sent_by_the_next_run_with_the_days_really_left(
    late, mailoutbox, django_capture_on_commit_callbacks
):
    # The 90-day milestone fell on a day without a run (beat stopped, Redis down at 7:00...).
    mandate = mandate_ending_in(90, volunteer=UserFactory(preferred_language="en"))
    results = run(TODAY + datetime.timedelta(days=late), capture=django_capture_on_commit_callbacks)
    assert results["mandate_milestones"] == 1
    assert [m.to for m in mailoutbox] == [[mandate.volunteer.email]]
    assert f"ends in {90 - late} days" in mailoutbox[0].subject
    assert OutgoingMessage.objects.get().milestone == "90"
    # The run of the next day, and a run of the missed day itself, send nothing more.
    run(TODAY + datetime.timedelta(days=late + 1), capture=django_capture_on_commit_callbacks)
    run(TODAY, capture=django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1


def reverse_in(language: str, name: str) -> str:
    with translation.override(language):
        return reverse(name)


@pytest.mark.django_db
def test_one_run_writes_each_person_in_their_language_with_links_to_their_language(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    # The run remembers the addresses and days it wrote: two French speakers and two English
    # speakers in one run each get their own language, link included, whatever the order.
    people = ["fr", "en", "en", "fr"]
    mandates = [
        mandate_ending_in(90, volunteer=UserFactory(preferred_language=language))
        for language in people
    ]
    run(capture=django_capture_on_commit_callbacks)
    by_address = {message.to[0]: message for message in mailoutbox}
    assert len(by_address) == 4
    for mandate, language in zip(mandates, people, strict=True):
        message = by_address[mandate.volunteer.email]
        my_space = settings.SITE_URL + reverse_in(language, "accounts:me")
        assert my_space in message.body
        assert f'href="{my_space}"' in message.alternatives[0][0]
        other = "en" if language == "fr" else "fr"
        assert f"{settings.SITE_URL}/{other}/" not in message.body
        end = mandate.end_date
        if language == "fr":
            assert "dans 90 jours" in message.subject
            assert end.strftime("%d/%m/%Y") in message.body
        else:
            assert "ends in 90 days" in message.subject


@pytest.mark.django_db
def test_a_milestone_missed_for_longer_than_the_catch_up_window_is_not_sent(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.REMINDER_CATCH_UP_DAYS = 14
    mandate_ending_in(90)
    run(TODAY + datetime.timedelta(days=15), capture=django_capture_on_commit_callbacks)
    assert mailoutbox == []


@pytest.mark.django_db
def test_only_the_latest_milestone_is_sent_when_two_were_missed(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.MANDATE_MILESTONE_DAYS = [7, 0]
    mandate = mandate_ending_in(0, volunteer=UserFactory(preferred_language="en"))
    run(TODAY, capture=django_capture_on_commit_callbacks)
    run(TODAY + datetime.timedelta(days=3), capture=django_capture_on_commit_callbacks)
    assert [m.to for m in mailoutbox] == [[mandate.volunteer.email]]
    assert mailoutbox[0].subject.endswith("your commitment ends today")
    assert list(OutgoingMessage.objects.values_list("milestone", flat=True)) == ["0"]


@pytest.mark.django_db
def test_an_end_date_missed_says_the_commitment_ended(
    mailoutbox, django_capture_on_commit_callbacks
):
    mandate_ending_in(0, volunteer=UserFactory(preferred_language="en"))
    run(TODAY + datetime.timedelta(days=3), capture=django_capture_on_commit_callbacks)
    assert mailoutbox[0].subject.endswith("your commitment ended 3 days ago")
    assert "reached its end on" in mailoutbox[0].body


@pytest.mark.django_db
def test_the_digest_of_a_missed_day_is_caught_up_with_the_next_days_milestones(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    coordination = CoordinationFactory(secretariat_contact=staff)
    missed = mandate_ending_in(30, coordination=coordination)
    run(capture=django_capture_on_commit_callbacks)  # a digest with the first mandate
    tomorrow = TODAY + datetime.timedelta(days=1)
    mandate_ending_in(31, coordination=CoordinationFactory(secretariat_contact=staff))
    mandate_ending_in(32, coordination=CoordinationFactory(secretariat_contact=staff))
    # No run on the next day; the day after, one digest lists both mandates reached since.
    run(tomorrow + datetime.timedelta(days=1), capture=django_capture_on_commit_callbacks)
    digests = [m for m in mailoutbox if m.to == [staff.email]]
    assert len(digests) == 2
    assert missed.coordination.name in digests[0].body
    assert missed.coordination.name not in digests[1].body
    assert "2 mandats atteignent une échéance" in digests[1].subject


@pytest.mark.django_db
def test_a_sweep_run_twice_sends_each_message_once(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    coordination = CoordinationFactory(secretariat_contact=staff)
    mandate_ending_in(90, coordination=coordination)
    mandate_ending_in(30)
    first = run(capture=django_capture_on_commit_callbacks)
    second = run(capture=django_capture_on_commit_callbacks)
    assert first["mandate_milestones"] == 3  # two coordinators and one digest
    assert second["mandate_milestones"] == 0
    assert len(mailoutbox) == 3
    assert OutgoingMessage.objects.filter(status="sent").count() == 3


@pytest.mark.django_db
def test_coordinator_message_is_in_their_language_with_working_links(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    english = UserFactory(preferred_language="en", first_name="Ann")
    french = UserFactory(preferred_language="fr", first_name="Anne")
    mandate_ending_in(30, volunteer=english)
    mandate_ending_in(30, volunteer=french)
    run(capture=django_capture_on_commit_callbacks)
    by_person = {m.to[0]: m for m in mailoutbox}
    assert "ends in 30 days" in by_person[english.email].subject
    assert "se termine dans 30 jours" in by_person[french.email].subject
    assert "Hello Ann" in by_person[english.email].body
    link = re.search(r"http://127\.0\.0\.1:8000(/\S+)", by_person[english.email].body).group(1)
    assert link == "/en/me/"
    client.force_login(english)
    assert client.get(link).status_code == 200
    html = by_person[french.email].alternatives[0]
    assert html[1] == "text/html" and 'href="http://127.0.0.1:8000/fr/me/"' in html[0]


@pytest.mark.django_db
def test_digest_is_not_essential_and_can_be_stopped(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    contact = StaffFactory(first_name="Sophie")
    mandate_ending_in(90, coordination=CoordinationFactory(secretariat_contact=contact))
    run(capture=django_capture_on_commit_callbacks)
    digest = next(m for m in mailoutbox if m.to == [contact.email])
    link = re.search(r"http://127\.0\.0\.1:8000(/fr/me/unsubscribe/\S+/)", digest.body).group(1)
    assert client.get(link).status_code == 200
    contact.refresh_from_db()
    assert contact.receives_digests  # a GET changes nothing
    assert client.post(link).status_code == 200
    contact.refresh_from_db()
    assert not contact.receives_digests
    assert client.get("/fr/me/unsubscribe/forged-token/").status_code == 404
    # The next milestone brings the coordinator's message but no digest.
    mailoutbox.clear()
    mandate_ending_in(180, coordination=CoordinationFactory(secretariat_contact=contact))
    run(capture=django_capture_on_commit_callbacks)
    assert [m.to for m in mailoutbox] != [] and all(m.to != [contact.email] for m in mailoutbox)


@pytest.mark.django_db
def test_a_mail_server_failing_twice_then_succeeding_delivers_once(
    clock, mailoutbox, django_capture_on_commit_callbacks
):
    mandate_ending_in(30)
    real_send = __import__(
        "django.core.mail", fromlist=["EmailMultiAlternatives"]
    ).EmailMultiAlternatives.send
    calls = {"n": 0}

    def flaky(message, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] <= 2:
            raise smtplib.SMTPServerDisconnected("try later")
        return real_send(message, *args, **kwargs)

    with mock.patch("django.core.mail.EmailMultiAlternatives.send", flaky):
        run(capture=django_capture_on_commit_callbacks)
        assert OutgoingMessage.objects.get().status == "pending"
        # The relay finds nothing before the back-off has passed, then hands it over.
        assert messages_relay() == 0
        for _ in range(2):
            clock.shift(datetime.timedelta(hours=1))
            assert messages_relay() == 1
    reminder = OutgoingMessage.objects.get()
    assert (reminder.status, reminder.attempts) == ("sent", 3)
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_mail_server_down_for_a_day_fails_the_reminder_and_staff_can_resend(
    clock, secretariat_client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.MESSAGE_RETRY_HOURS = 24
    mandate_ending_in(30)
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("down")):
        run(capture=django_capture_on_commit_callbacks)
        # The relay tries again with back-off: still pending after 23 hours of failures.
        for _ in range(23):
            clock.shift(datetime.timedelta(hours=1))
            messages_relay()
        assert OutgoingMessage.objects.get().status == "pending"
        for _ in range(2):
            clock.shift(datetime.timedelta(hours=1))
            messages_relay()
    reminder = OutgoingMessage.objects.get()
    assert reminder.status == "failed"
    assert reminder.attempts > 5  # more than the five attempts of three minutes of old
    assert "OSError" in reminder.last_error
    assert mailoutbox == []
    changelist = reverse("admin:messaging_outgoingmessage_changelist")
    assert "failed" in secretariat_client.get(changelist + "?status__exact=failed").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        secretariat_client.post(changelist, {"action": "resend", "_selected_action": [reminder.pk]})
    reminder.refresh_from_db()
    assert reminder.status == "sent"
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_task_delivered_twice_sends_once(mailoutbox, django_capture_on_commit_callbacks):
    mandate_ending_in(30)
    run(capture=django_capture_on_commit_callbacks, execute=False)
    reminder = OutgoingMessage.objects.get()
    assert deliver_message(reminder.pk) == "sent"
    assert deliver_message(reminder.pk) == "not due"
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_claim_left_by_a_dead_worker_is_sent_again_once_its_lease_has_run_out(
    clock, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.MESSAGE_LEASE_SECONDS = 600
    mandate_ending_in(30)
    run(capture=django_capture_on_commit_callbacks, execute=False)
    # A worker claimed it and died before the mail server answered.
    reminder = OutgoingMessage.objects.get()
    OutgoingMessage.objects.update(
        status="sending",
        attempts=1,
        claimed_at=clock.now,
        lease_until=clock.now + datetime.timedelta(seconds=600),
    )
    assert deliver_message(reminder.pk) == "not due"  # the broker's redelivery, too early
    assert messages_relay() == 0
    clock.shift(datetime.timedelta(seconds=601))
    assert messages_relay() == 1
    assert messages_relay() == 0
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == ("sent", 2)
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_sweep_queries_do_not_grow_with_the_number_of_mandates(django_capture_on_commit_callbacks):
    staff = StaffFactory()
    volunteer = UserFactory()

    def count_queries(mandates: int) -> int:
        OutgoingMessage.objects.all().delete()
        Mandate.objects.all().delete()
        # Ten mandates reach a milestone today; the others are anywhere else in their period.
        due = [
            mandate_ending_in(90, coordination=CoordinationFactory(secretariat_contact=staff))
            for _ in range(10)
        ]
        coordination = CoordinationFactory()
        Mandate.objects.bulk_create(
            Mandate(
                coordination=coordination,
                volunteer=volunteer,
                role="member",
                commitment_months=6,
                start_date=TODAY - datetime.timedelta(days=n % 170),
                end_date=TODAY + datetime.timedelta(days=1 + n % 20),
            )
            for n in range(mandates - len(due))
        )
        with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks():
            results = reminders_run(TODAY, only="mandate_milestones")
        assert results["mandate_milestones"] == 11  # ten coordinators and one digest
        return len(queries)

    assert count_queries(20) == count_queries(2000)


@pytest.mark.django_db
def test_onboarding_reminder_after_30_days_when_incomplete(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    started = TODAY - datetime.timedelta(days=30)
    incomplete = MandateFactory(start_date=started)
    complete = MandateFactory(start_date=started)
    for step in OnboardingStep.objects.all():
        OnboardingProgress.objects.create(mandate=complete, step=step, done_on=started)
    run(TODAY - datetime.timedelta(days=1), capture=django_capture_on_commit_callbacks)
    assert mailoutbox == []
    run(capture=django_capture_on_commit_callbacks)
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == sorted([incomplete.volunteer.email, settings.SUPPORT_TEAM_EMAIL])
    assert "0 des 5" in next(m.body for m in mailoutbox if m.to == [incomplete.volunteer.email])


@pytest.mark.django_db
def test_run_reminders_command(capsys):
    mandate_ending_in(30)
    call_command("run_reminders", "--dry-run", "--date", TODAY.isoformat())
    assert "mandate_milestones: 1 due" in capsys.readouterr().out
    assert not OutgoingMessage.objects.exists()
    with pytest.raises(CommandError):
        call_command("run_reminders", "--date", "23/11/2026")


@pytest.mark.django_db
def test_run_reminders_for_a_future_date_is_a_dry_run_unless_forced(clock, capsys, mailoutbox):
    # Recording a day ahead would send its reminders now, and nothing would send them on the day.
    mandate_ending_in(31)
    tomorrow = (clock.today + datetime.timedelta(days=1)).isoformat()
    call_command("run_reminders", "--date", tomorrow)
    out = capsys.readouterr().out
    assert "is in the future: dry run" in out and "mandate_milestones: 1 due" in out
    assert not OutgoingMessage.objects.exists()
    call_command("run_reminders", "--date", tomorrow, "--force")
    assert "mandate_milestones: 1 recorded" in capsys.readouterr().out
    assert OutgoingMessage.objects.count() == 1
    assert len(mailoutbox) == 1


def test_the_beat_runs_the_sweeps_every_morning_and_the_relay_every_minute(settings):
    from config.celery import app

    entry = app.conf.beat_schedule["daily-reminder-sweeps"]
    assert entry["task"] == "messaging.tasks.run_daily_sweeps"
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}
    relay = app.conf.beat_schedule["outbox-relay"]
    assert relay["task"] == "messaging.tasks.relay_messages"
    assert relay["schedule"] == 60.0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_sweeps_send_each_message_once(mailoutbox):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (the second CI round runs this test)")
    for days in (180, 90, 30):
        mandate_ending_in(days)
    barrier = threading.Barrier(2, timeout=30)
    real_bulk_create = OutgoingMessage.objects.bulk_create

    def bulk_create_together(*args, **kwargs):
        barrier.wait()  # both sweeps have read the same "nothing recorded yet"
        return real_bulk_create(*args, **kwargs)

    errors = []
    counts = []

    def sweep():
        try:
            counts.append(reminders_run(TODAY, only="mandate_milestones")["mandate_milestones"])
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    with mock.patch.object(OutgoingMessage.objects, "bulk_create", bulk_create_together):
        threads = [threading.Thread(target=sweep) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert OutgoingMessage.objects.count() == 3
    # Each run reports what it recorded itself: together, each reminder once.
    assert sum(counts) == 3
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        Mandate.objects.values_list("volunteer__email", flat=True)
    )


@pytest.mark.django_db
def test_a_long_digest_lists_its_first_mandates_then_says_how_many_more(
    mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    from coordinations import reminders as coordination_reminders

    monkeypatch.setattr(coordination_reminders, "DIGEST_ROWS", 2)
    contact = StaffFactory(first_name="Sophie")
    for name in ("Birmanie", "Chili", "Congo", "Mexique", "Rwanda"):
        mandate_ending_in(
            30, coordination=CoordinationFactory(name=name, secretariat_contact=contact)
        )
    run(capture=django_capture_on_commit_callbacks)
    digest = next(m for m in mailoutbox if m.to == [contact.email])
    assert "Birmanie" in digest.body and "Chili" in digest.body
    assert "Mexique" not in digest.body and "Rwanda" not in digest.body
    assert "Et 3 autres mandats\u00a0: l’administration les liste tous." in digest.body
    html = digest.alternatives[0][0]
    assert "Et 3 autres mandats" in html and "Rwanda" not in html
    # Every coordinator still has their own message.
    assert sum(1 for m in mailoutbox if m.to != [contact.email]) == 5
