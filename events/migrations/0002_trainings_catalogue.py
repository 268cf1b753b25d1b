from django.db import migrations

from accounts.roles import SECRETARIAT_GROUP, grant_secretariat_permissions

# The trainings the movement gives; the first is the onboarding step "coordinator-training".
TRAININGS = [
    ("new-coordinators",
     "Formation des nouveaux coordinateurs", "Training for new coordinators",
     "Le rôle de la coordination, les circulaires du Secrétariat international, le travail avec les groupes et le secrétariat.",
     "The coordinator's role, the International Secretariat's circulars, working with the groups and the secretariat.",
     None),
    ("running-a-stand",
     "Tenir un stand", "Running a stand",
     "Accueillir le public, présenter une campagne, recueillir des signatures et vendre bougies et vignettes en toute sécurité.",
     "Welcoming the public, presenting a campaign, collecting signatures and selling candles and stickers safely.",
     36),
    ("urgent-actions",
     "Les Actions urgentes", "Urgent Actions",
     "Lire une Action urgente, écrire une lettre efficace, suivre les nouvelles du cas.",
     "Reading an Urgent Action, writing an effective letter, following the news of the case.",
     None),
    ("school-sessions",
     "Animer une séance dans une école", "Leading a session in a school",
     "Préparer et animer une heure de sensibilisation aux droits humains avec des élèves du secondaire.",
     "Preparing and leading an hour of human-rights awareness with secondary-school pupils.",
     24),
]
ONBOARDING_TRAINING = ("coordinator-training", "new-coordinators")


def load(apps, schema_editor):
    Training = apps.get_model("events", "Training")
    OnboardingStep = apps.get_model("coordinations", "OnboardingStep")
    for order, (code, name, name_en, text, text_en, months) in enumerate(TRAININGS):
        Training.objects.update_or_create(
            code=code,
            defaults=dict(name=name, name_en=name_en, description=text, description_en=text_en,
                          validity_months=months, order=order),
        )
    step, training = ONBOARDING_TRAINING
    OnboardingStep.objects.filter(code=step).update(
        required_training=Training.objects.get(code=training)
    )
    grant_secretariat_permissions(apps, "events")


def unload(apps, schema_editor):
    apps.get_model("coordinations", "OnboardingStep").objects.filter(
        code=ONBOARDING_TRAINING[0]
    ).update(required_training=None)
    apps.get_model("events", "Training").objects.filter(
        code__in=[row[0] for row in TRAININGS]
    ).delete()
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=SECRETARIAT_GROUP).first()
    if group:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="events"))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_events_shifts_participations_trainings_hours"),
        ("coordinations", "0009_onboarding_step_required_training"),
        ("accounts", "0002_secretariat_group"),
    ]

    operations = [migrations.RunPython(load, unload)]
