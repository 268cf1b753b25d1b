"""The reminders' log (accounts.Reminder) becomes rows of the outbox, keeping their
deduplication (the same key as the sweeps compute), their state and their dates; the Secretariat
group may read the outbox and send failed messages again.

Reminders that were pending stay pending and are handed to the worker by the relay; one that was
"sending" when the portal stopped is sent again, as any message left by a dead worker."""

import datetime
import uuid

from django.db import migrations

from accounts.roles import SECRETARIAT_GROUP, grant_secretariat_permissions

CHUNK = 1000
LEASE = datetime.timedelta(minutes=10)


def key(kind, object_type, object_id, milestone, email) -> str:
    # messaging.sweeps.reminder_key, as it is when this migration is written.
    return f"reminder:{kind}:{object_type}:{object_id}:{milestone}:{email}"


def copy_reminders(apps, schema_editor):
    Reminder = apps.get_model("accounts", "Reminder")
    OutgoingMessage = apps.get_model("messaging", "OutgoingMessage")
    rows = []
    for reminder in (
        Reminder.objects.select_related("recipient").order_by("pk").iterator(chunk_size=CHUNK)
    ):
        claimed = reminder.claimed_at
        rows.append(
            OutgoingMessage(
                kind=reminder.kind,
                concerns_type=reminder.object_type,
                concerns_id=reminder.object_id,
                milestone=reminder.milestone,
                dedup_key=key(
                    reminder.kind,
                    reminder.object_type,
                    reminder.object_id,
                    reminder.milestone,
                    reminder.recipient_email,
                ),
                recipient_id=reminder.recipient_id,
                to_email=reminder.recipient_email,
                language=reminder.recipient.preferred_language if reminder.recipient else "fr",
                subject=reminder.subject,
                text=reminder.body,
                html=reminder.html,
                essential=reminder.essential,
                status=reminder.status,
                attempts=reminder.attempts,
                next_attempt_at=reminder.created_at,
                lease_until=(claimed or reminder.created_at) + LEASE
                if reminder.status == "sending"
                else None,
                last_error=reminder.last_error,
                batch=reminder.batch,
                created_at=reminder.created_at,
                claimed_at=claimed,
                sent_at=reminder.sent_at,
            )
        )
        if len(rows) >= CHUNK:
            OutgoingMessage.objects.bulk_create(rows)
            rows = []
    OutgoingMessage.objects.bulk_create(rows)


def copy_back(apps, schema_editor):
    Reminder = apps.get_model("accounts", "Reminder")
    OutgoingMessage = apps.get_model("messaging", "OutgoingMessage")
    rows = []
    reminders = OutgoingMessage.objects.filter(dedup_key__startswith="reminder:").order_by("pk")
    for message in reminders.iterator(chunk_size=CHUNK):
        rows.append(
            Reminder(
                kind=message.kind,
                object_type=message.concerns_type,
                object_id=message.concerns_id or 0,
                milestone=message.milestone,
                recipient_id=message.recipient_id,
                recipient_email=message.to_email,
                essential=message.essential,
                subject=message.subject,
                body=message.text,
                html=message.html,
                status=message.status,
                attempts=min(message.attempts, 32767),
                last_error=message.last_error,
                batch=message.batch or uuid.uuid4(),
                claimed_at=message.claimed_at,
                sent_at=message.sent_at,
            )
        )
        if len(rows) >= CHUNK:
            Reminder.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    reminders.delete()  # back where they were, once


def grant(apps, schema_editor):
    # Staff read the outbox and send failed messages again; the portal alone writes it.
    grant_secretariat_permissions(apps, "messaging", actions=("view", "change"))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=SECRETARIAT_GROUP).first()
    if group:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="messaging"))


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0001_outbox"),
        ("accounts", "0004_consents"),
        ("accounts", "0002_secretariat_group"),
    ]

    operations = [
        migrations.RunPython(copy_reminders, copy_back),
        migrations.RunPython(grant, revoke),
    ]
