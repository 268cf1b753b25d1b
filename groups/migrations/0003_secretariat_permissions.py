from django.db import migrations

from accounts.roles import SECRETARIAT_GROUP, grant_secretariat_permissions


def grant(apps, schema_editor):
    # Staff run the groups in the admin; places come from the data file and are only read.
    grant_secretariat_permissions(apps, "local_groups")


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=SECRETARIAT_GROUP).first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="local_groups")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("local_groups", "0002_load_places"),
        ("accounts", "0002_secretariat_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
