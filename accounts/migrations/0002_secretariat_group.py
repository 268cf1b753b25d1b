from django.db import migrations

from accounts.roles import SECRETARIAT_GROUP, grant_secretariat_permissions


def create_secretariat(apps, schema_editor):
    # Staff read and correct accounts; deleting a person goes through personal-data erasure.
    grant_secretariat_permissions(apps, "accounts", actions=("view", "change"))


def remove_secretariat(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=SECRETARIAT_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_secretariat, remove_secretariat)]
