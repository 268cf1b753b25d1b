"""The first entries of the themes catalogue; staff may edit them in the admin afterwards."""

from django.db import migrations

THEMES = [
    # code, French, English, other words a coordination's theme may use
    ("death-penalty", "Peine de mort", "Death penalty", "peine capitale, exécutions"),
    (
        "refugees-migrants",
        "Personnes réfugiées et migrantes",
        "Refugees and migrants",
        "réfugiés, asile, migrants, migrations, refugees, asylum",
    ),
    (
        "human-rights-defenders",
        "Défenseurs des droits humains",
        "Human rights defenders",
        "défenseurs, défenseures, militants",
    ),
    ("torture", "Torture et mauvais traitements", "Torture and ill-treatment", "torture"),
    (
        "freedom-of-expression",
        "Liberté d’expression et de réunion",
        "Freedom of expression and assembly",
        "liberté d’expression, journalistes, manifestations",
    ),
    ("womens-rights", "Droits des femmes", "Women’s rights", "femmes, genre"),
    ("lgbti-rights", "Droits des personnes LGBTI", "LGBTI rights", "LGBTI, LGBT"),
    (
        "indigenous-peoples",
        "Droits des peuples autochtones",
        "Indigenous peoples’ rights",
        "autochtones, indigenous",
    ),
    ("enforced-disappearances", "Disparitions forcées", "Enforced disappearances", "disparitions"),
    ("arms-trade", "Commerce des armes", "Arms trade", "armes, arms"),
    ("climate-justice", "Justice climatique", "Climate justice", "climat, climate"),
    (
        "business-human-rights",
        "Entreprises et droits humains",
        "Business and human rights",
        "entreprises, business",
    ),
]


def seed(apps, schema_editor):
    Theme = apps.get_model("actions", "Theme")
    for order, (code, name, name_en, aliases) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "aliases": aliases, "order": order * 10},
        )


def unseed(apps, schema_editor):
    apps.get_model("actions", "Theme").objects.filter(
        code__in=[code for code, *_ in THEMES], circulars__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("actions", "0001_circulars_and_assignments")]

    operations = [migrations.RunPython(seed, unseed)]
