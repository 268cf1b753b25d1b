"""Reminders are recorded exactly once and delivered once, in the recipient's language."""

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

from accounts.models import Reminder
from accounts.reminders import reminders_run
from accounts.tasks import deliver_reminder, release_stale_claims
from coordinations.models import Mandate, OnboardingProgress, OnboardingStep
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
def test_each_milestone_fires_on_its_day_only(days, mailoutbox, django_capture_on_commit_callbacks):
    mandate = mandate_ending_in(days)
    for offset in (-1, 1):
        run(TODAY + datetime.timedelta(days=offset), capture=django_capture_on_commit_callbacks)
    assert mailoutbox == []
    run(TODAY, capture=django_capture_on_commit_callbacks)
    assert [m.to for m in mailoutbox] == [[mandate.volunteer.email]]
    assert Reminder.objects.get().milestone == str(days)


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
    assert Reminder.objects.filter(status="sent").count() == 3


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
    mailoutbox, django_capture_on_commit_callbacks
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

    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", flaky),
        mock.patch("accounts.tasks._backoff", return_value=0),
    ):
        run(capture=django_capture_on_commit_callbacks)
    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.attempts) == ("sent", 3)
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_five_failures_mark_the_reminder_failed_and_staff_can_resend(
    admin_client, mailoutbox, django_capture_on_commit_callbacks
):
    mandate_ending_in(30)
    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("down")),
        mock.patch("accounts.tasks._backoff", return_value=0),
    ):
        run(capture=django_capture_on_commit_callbacks)
    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.attempts) == ("failed", 5)
    assert "OSError" in reminder.last_error
    assert mailoutbox == []
    changelist = reverse("admin:accounts_reminder_changelist")
    assert "failed" in admin_client.get(changelist + "?status__exact=failed").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(changelist, {"action": "resend", "_selected_action": [reminder.pk]})
    reminder.refresh_from_db()
    assert reminder.status == "sent"
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_task_delivered_twice_sends_once(mailoutbox, django_capture_on_commit_callbacks):
    mandate_ending_in(30)
    run(capture=django_capture_on_commit_callbacks, execute=False)
    reminder = Reminder.objects.get()
    assert deliver_reminder(reminder.pk) == "sent"
    assert deliver_reminder(reminder.pk) == "not pending"
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_claim_left_by_a_dead_worker_becomes_failed_not_resent(
    django_capture_on_commit_callbacks,
):
    mandate_ending_in(30)
    run(capture=django_capture_on_commit_callbacks, execute=False)
    Reminder.objects.update(
        status="sending", claimed_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    assert release_stale_claims() == 1
    assert Reminder.objects.get().status == "failed"


@pytest.mark.django_db
def test_sweep_queries_do_not_grow_with_the_number_of_mandates(django_capture_on_commit_callbacks):
    staff = StaffFactory()
    volunteer = UserFactory()

    def count_queries(mandates: int) -> int:
        Reminder.objects.all().delete()
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
    assert not Reminder.objects.exists()
    with pytest.raises(CommandError):
        call_command("run_reminders", "--date", "23/11/2026")


def test_the_beat_runs_the_sweeps_every_morning(settings):
    from config.celery import app

    entry = app.conf.beat_schedule["daily-reminder-sweeps"]
    assert entry["task"] == "accounts.tasks.run_daily_sweeps"
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_sweeps_send_each_message_once(mailoutbox):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (the second CI round runs this test)")
    for days in (180, 90, 30):
        mandate_ending_in(days)
    barrier = threading.Barrier(2, timeout=30)
    real_bulk_create = Reminder.objects.bulk_create

    def bulk_create_together(*args, **kwargs):
        barrier.wait()  # both sweeps have read the same "nothing recorded yet"
        return real_bulk_create(*args, **kwargs)

    errors = []

    def sweep():
        try:
            reminders_run(TODAY, only="mandate_milestones")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    with mock.patch.object(Reminder.objects, "bulk_create", bulk_create_together):
        threads = [threading.Thread(target=sweep) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert Reminder.objects.count() == 3
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
    assert "Et 3 autres mandats : l’administration les liste tous." in digest.body
    html = digest.alternatives[0][0]
    assert "Et 3 autres mandats" in html and "Rwanda" not in html
    # Every coordinator still has their own message.
    assert sum(1 for m in mailoutbox if m.to != [contact.email]) == 5
