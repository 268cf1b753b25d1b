# The coordinations' names sort as people read them ("Égypte" before "Inde"): the collation
# portal_names, created by accounts 0008 (config/collation.py).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("coordinations", "0006_one_lead_per_place"),
        ("accounts", "0008_names_sorted_as_people_read_them"),
    ]

    operations = [
        migrations.AlterField(
            model_name="coordination",
            name="name",
            field=models.CharField(
                db_collation="portal_names", max_length=150, unique=True, verbose_name="name"
            ),
        ),
    ]
