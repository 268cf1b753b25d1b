# Language requirements in "one of" groups: "English, and French or Spanish".

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("recruitment", "0005_vacancy_working_time_as_available"),
    ]

    operations = [
        migrations.AddField(
            model_name="vacancylanguage",
            name="group",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Give the same number to required languages of which one is enough (e.g. 1 for French and 1 for Spanish: “French or Spanish”). Empty: needed on its own.",
                null=True,
                validators=[django.core.validators.MinValueValidator(1)],
                verbose_name="“one of” group",
            ),
        ),
        migrations.AddConstraint(
            model_name="vacancylanguage",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("group__isnull", True),
                    models.Q(("group__gte", 1), ("required", True)),
                    _connector="OR",
                ),
                name="vacancy_language_group_is_required",
                violation_error_message="Only a required language belongs to a “one of” group.",
            ),
        ),
    ]
