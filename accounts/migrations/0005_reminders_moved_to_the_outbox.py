from django.db import migrations


class Migration(migrations.Migration):
    """The reminders' log now lives in the outbox (messaging.OutgoingMessage), which copied its
    rows first (messaging 0002)."""

    dependencies = [
        ("accounts", "0004_consents"),
        ("messaging", "0002_reminders_into_the_outbox"),
    ]

    operations = [migrations.DeleteModel(name="Reminder")]
