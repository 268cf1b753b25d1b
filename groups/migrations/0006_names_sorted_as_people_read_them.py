# Group names and communes sort as people read them ("Écaussinnes" with the E's): the
# collation portal_names, created by accounts 0008 (config/collation.py).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("local_groups", "0005_secretariat_permissions_on_tasks_and_founding"),
        ("accounts", "0008_names_sorted_as_people_read_them"),
    ]

    operations = [
        migrations.AlterField(
            model_name="localgroup",
            name="name",
            field=models.CharField(
                db_collation="portal_names", max_length=150, unique=True, verbose_name="name"
            ),
        ),
        migrations.AlterField(
            model_name="place",
            name="municipality_fr",
            field=models.CharField(
                db_collation="portal_names", max_length=100, verbose_name="municipality (French)"
            ),
        ),
    ]
