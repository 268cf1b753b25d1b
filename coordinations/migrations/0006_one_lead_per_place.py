"""One coordinator at a time, by the database.

- ``Coordination.max_leads`` (1 by default): co-coordinators are a decision on the coordination.
- ``Mandate.lead_seat``: which of those places an active lead mandate holds.
- The existing active lead mandates get places so that no two of one coordination hold the same
  place on overlapping dates (the accidental doubles of two accepted vacancies get places 2, 3...;
  max_leads is left at 1, so that the portal refuses any new overlap until staff sort them out).
- On PostgreSQL, an exclusion constraint over (coordination, place, [start, end)) for active lead
  mandates, with the btree_gist extension (a trusted extension: the database's owner may create
  it). SQLite has no such constraint: there, coordinations.services locks and checks.
"""

import django.core.validators
from django.db import migrations, models

CONSTRAINT = "one_active_lead_per_place_at_a_time"


def allot_places(apps, schema_editor):
    Mandate = apps.get_model("coordinations", "Mandate")
    leads = (
        Mandate.objects.filter(role="lead", status="active")
        .order_by("coordination_id", "start_date", "pk")
        .values_list("pk", "coordination_id", "start_date", "end_date")
    )
    held: dict[int, list[tuple]] = {}  # coordination -> [(place, start, end)]
    doubles = set()
    for pk, coordination_id, start, end in leads.iterator():
        taken = {
            place
            for place, other_start, other_end in held.get(coordination_id, [])
            if other_start < end and start < other_end
        }
        place = next(n for n in range(1, len(taken) + 2) if n not in taken)
        held.setdefault(coordination_id, []).append((place, start, end))
        if place != 1:
            Mandate.objects.filter(pk=pk).update(lead_seat=place)
            doubles.add(coordination_id)
    if doubles:
        print(
            f"\n  {len(doubles)} coordination(s) had overlapping active lead mandates; they now "
            "hold places 2 and more. Coordinations with max_leads = 1 among them: "
            "end or hand over the extra mandates."
        )


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("coordinations", "Mandate")._meta.db_table)
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE {table} ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist ("
        "coordination_id WITH =, lead_seat WITH =, "
        "daterange(start_date, end_date, '[)') WITH &&"
        ") WHERE (role = 'lead' AND status = 'active')"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("coordinations", "Mandate")._meta.db_table)
    schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [
        ("coordinations", "0005_fill_mandate_positions"),
    ]

    operations = [
        migrations.AddField(
            model_name="coordination",
            name="max_leads",
            field=models.PositiveSmallIntegerField(
                default=1,
                help_text="1 unless the coordination is held by co-coordinators.",
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(5),
                ],
                verbose_name="coordinators at the same time",
            ),
        ),
        migrations.AddField(
            model_name="mandate",
            name="lead_seat",
            field=models.PositiveSmallIntegerField(
                default=1,
                editable=False,
                help_text="1 unless the coordination has co-coordinators.",
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(5),
                ],
                verbose_name="coordinator place",
            ),
        ),
        migrations.AddConstraint(
            model_name="coordination",
            constraint=models.CheckConstraint(
                condition=models.Q(("max_leads__gte", 1), ("max_leads__lte", 5)),
                name="coordination_max_leads_in_range",
            ),
        ),
        migrations.RunPython(allot_places, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(add_constraint, drop_constraint, elidable=False),
    ]
