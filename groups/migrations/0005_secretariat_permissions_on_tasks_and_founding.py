from django.db import migrations

from accounts.roles import SECRETARIAT_GROUP, grant_secretariat_permissions

NEW_MODELS = ("grouptask", "groupfoundingrequest")


def grant(apps, schema_editor):
    # Staff keep groups' tasks and decide the requests to found a group in the admin.
    grant_secretariat_permissions(apps, "local_groups")


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=SECRETARIAT_GROUP).first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="local_groups", content_type__model__in=NEW_MODELS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("local_groups", "0004_group_tasks_founding_requests_secretariat_contact"),
        ("accounts", "0002_secretariat_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
