# Working time may be "as available" rather than a figure (the call for coordinators gives none).

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("coordinations", "0006_one_lead_per_place"),
        ("recruitment", "0004_interview_sequence_and_cancellation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="vacancy",
            name="workload_unit",
            field=models.CharField(
                blank=True,
                choices=[
                    ("percent", "Percentage of full time"),
                    ("hours_week", "Hours a week"),
                    ("as_available", "As available"),
                ],
                max_length=16,
                verbose_name="workload expressed as",
            ),
        ),
        migrations.AddConstraint(
            model_name="vacancy",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("workload_unit", "as_available"), _negated=True),
                    ("workload_value__isnull", True),
                    _connector="OR",
                ),
                name="vacancy_workload_as_available_has_no_figure",
                violation_error_message="Working time “as available” takes no figure.",
            ),
        ),
    ]
