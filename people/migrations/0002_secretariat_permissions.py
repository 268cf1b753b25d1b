from django.db import migrations

from accounts.roles import SECRETARIAT_GROUP, grant_secretariat_permissions


def grant(apps, schema_editor):
    # Staff edit tags and correct notes and segments in the admin; they read the messages to
    # several people there too (written and sent from the staff pages).
    grant_secretariat_permissions(apps, "people")
    grant_secretariat_permissions(apps, "messaging", actions=("view",))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=SECRETARIAT_GROUP).first()
    if group:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="people"))


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_people_tags_notes_segments"),
        ("messaging", "0003_messages_to_several_people"),
        ("accounts", "0002_secretariat_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
