from django.db import migrations

from accounts.roles import SECRETARIAT_GROUP, grant_secretariat_permissions


def grant(apps, schema_editor):
    # Staff register circulars, assign them and follow the proposals in the admin.
    grant_secretariat_permissions(apps, "actions")


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=SECRETARIAT_GROUP).first()
    if group:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="actions"))


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0003_action_proposals_and_follow_up"),
        ("accounts", "0002_secretariat_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
