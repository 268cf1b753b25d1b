"""Load the Belgian postal codes from groups/data/places_be.csv (GeoNames and Statbel, CC BY 4.0).

The names for search are built as groups.geo.normalize builds them; the two must agree.
"""

import csv
import re
import unicodedata
from pathlib import Path

from django.db import migrations

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "places_be.csv"

PROVINCE_BY_FRENCH_NAME = {
    "": "brussels",
    "Brabant wallon": "brabant-wallon",
    "Hainaut": "hainaut",
    "Liège": "liege",
    "Luxembourg": "luxembourg",
    "Namur": "namur",
    "Anvers": "antwerp",
    "Brabant flamand": "flemish-brabant",
    "Flandre-Orientale": "east-flanders",
    "Flandre-Occidentale": "west-flanders",
    "Limbourg": "limburg",
}
REGION_BY_FRENCH_NAME = {"Bruxelles": "brussels", "Wallonie": "wallonia", "Flandre": "flanders"}


def normalize(text):
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def load_places(apps, schema_editor):
    Place = apps.get_model("local_groups", "Place")
    rows = []
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            localities = [name.strip() for name in row["localities"].split("|") if name.strip()]
            names = [row["municipality_fr"], row["municipality_nl"], *localities]
            search = []
            for name in names:
                key = normalize(name)
                if key and key not in search:
                    search.append(key)
            rows.append(
                Place(
                    postal_code=row["postal_code"],
                    nis_code=row["nis_code"],
                    municipality_fr=row["municipality_fr"],
                    municipality_nl=row["municipality_nl"],
                    localities=" | ".join(localities),
                    province=PROVINCE_BY_FRENCH_NAME[row["province"]],
                    region=REGION_BY_FRENCH_NAME[row["region"]],
                    latitude=float(row["latitude"]),
                    longitude=float(row["longitude"]),
                    search_names="|" + "|".join(search) + "|",
                )
            )
    Place.objects.bulk_create(rows, batch_size=500)


def unload_places(apps, schema_editor):
    apps.get_model("local_groups", "Place").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("local_groups", "0001_places_groups_memberships_visits")]

    operations = [migrations.RunPython(load_places, unload_places)]
