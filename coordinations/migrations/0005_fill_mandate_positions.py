"""Give the existing mandates the position of their volunteer's postal code (one UPDATE)."""

from django.conf import settings
from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill_positions(apps, schema_editor):
    Mandate = apps.get_model("coordinations", "Mandate")
    Place = apps.get_model("local_groups", "Place")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    postal_code = Subquery(
        User.objects.filter(pk=OuterRef(OuterRef("volunteer_id"))).values("postal_code")[:1]
    )
    # The first place of the code by pk, as groups.selectors.place_for_postal_code chooses.
    places = Place.objects.filter(postal_code=postal_code).order_by("pk")
    Mandate.objects.update(
        latitude=Subquery(places.values("latitude")[:1]),
        longitude=Subquery(places.values("longitude")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("coordinations", "0004_mandate_position"),
        ("local_groups", "0002_load_places"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(fill_positions, migrations.RunPython.noop)]
