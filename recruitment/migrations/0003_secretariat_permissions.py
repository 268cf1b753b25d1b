from django.db import migrations

from accounts.roles import grant_secretariat_permissions


def grant(apps, schema_editor):
    grant_secretariat_permissions(apps, "recruitment")


class Migration(migrations.Migration):
    dependencies = [
        ("recruitment", "0002_seed_competencies_and_decline_reasons"),
        ("accounts", "0002_secretariat_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
