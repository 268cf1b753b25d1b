# Names sort as people read them ("Émilie" with the E's): the collation portal_names, made on
# PostgreSQL from ICU's root collation; on SQLite, config.collation registers a collation of
# the same name on every connection. People's names are the first columns to use it.

from django.db import migrations, models

CREATE = "CREATE COLLATION IF NOT EXISTS portal_names (provider = icu, locale = 'und')"
DROP = "DROP COLLATION IF EXISTS portal_names"


def create_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_digests_off_for_those_who_never_chose"),
    ]

    operations = [
        migrations.RunPython(create_collation, drop_collation),
        migrations.AlterField(
            model_name="user",
            name="first_name",
            field=models.CharField(
                blank=True, db_collation="portal_names", max_length=150, verbose_name="first name"
            ),
        ),
        migrations.AlterField(
            model_name="user",
            name="last_name",
            field=models.CharField(
                blank=True, db_collation="portal_names", max_length=150, verbose_name="last name"
            ),
        ),
    ]
