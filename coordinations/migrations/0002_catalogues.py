from django.db import migrations

from accounts.roles import grant_secretariat_permissions

# The coordinator's tasks: three priorities, then the optional ones a mandate may take on.
RESPONSIBILITIES = [
    ("initiate-actions", "priority",
     "Initier des actions pour les groupes",
     "Initiate actions for the groups",
     "Transformer le matériel du Secrétariat international (actions urgentes, actions pays, campagnes, dossiers) en actions concrètes pour les groupes locaux, les réseaux et le public.",
     "Turn the International Secretariat's material (urgent actions, country actions, campaigns, files) into concrete actions for local groups, networks and the public."),
    ("resource-person", "priority",
     "Être la personne-ressource sur le pays ou le thème",
     "Be the resource person on the country or theme",
     "Suivre les positions de l'organisation, ses rapports et communiqués, et la situation politique, pour conseiller le secrétariat avec des informations à jour.",
     "Follow the organisation's positions, reports and press releases and the political situation, so as to advise the secretariat with up-to-date information."),
    ("si-campaigner", "priority",
     "Garder le contact avec le campaigner du SI",
     "Keep in touch with the SI campaigner",
     "Prendre contact avec la personne du Secrétariat international chargée du pays ou du thème et connaître sa stratégie.",
     "Get in touch with the person in charge of the country or theme at the International Secretariat and know their strategy."),
    ("lobbying", "optional",
     "Plaidoyer auprès des autorités",
     "Lobby the authorities",
     "Porter les préoccupations de l'organisation auprès des autorités belges et de l'ambassade, toujours avec le responsable du plaidoyer et en lien avec la section néerlandophone.",
     "Carry the organisation's concerns to the Belgian authorities and the embassy, always with the lobbying lead and in touch with the Dutch-speaking section."),
    ("ngo-contact", "optional",
     "Contact avec les ONG",
     "Contact with NGOs",
     "Connaître les ONG et associations actives sur le même pays ou thème et construire des collaborations (pétitions, cartes communes...).",
     "Know the NGOs and associations working on the same country or theme and build joint work with them (petitions, shared postcards...)."),
    ("refugee-coordination", "optional",
     "Informer la coordination réfugiés",
     "Inform the refugee coordination",
     "Être une source d'information pour la coordination réfugiés sur la situation du pays.",
     "Be a source of information on the country's situation for the refugee coordination."),
    ("public-speaking", "optional",
     "Prendre la parole en public",
     "Speak in public",
     "Présenter le point de vue de l'organisation lors de conférences, de tables rondes ou de débats.",
     "Present the organisation's point of view at conferences, round tables and debates."),
    ("trainings", "optional",
     "Suivre les formations",
     "Follow trainings",
     "Suivre les formations liées au pays ou au thème, à la demande de la responsable formation.",
     "Attend the trainings on the country or theme, at the request of the training lead."),
    ("media", "optional",
     "Personne-ressource pour les médias",
     "Media resource person",
     "Répondre aux médias quand on y est habitué, et se coordonner avec le secrétariat en cas de crise dans le pays.",
     "Answer the media when used to it, and coordinate with the secretariat when the country is in crisis."),
    ("diaspora", "optional",
     "Contact avec la diaspora",
     "Contact with the diaspora",
     "Entrer en contact avec la communauté originaire du pays qui vit en Belgique.",
     "Reach out to the community from the country living in Belgium."),
    ("conference", "optional",
     "Organiser une conférence",
     "Organise a conference",
     "Organiser une conférence, une table ronde ou la venue d'un défenseur des droits humains.",
     "Organise a conference, a round table or the visit of a human rights defender."),
]

ONBOARDING_STEPS = [
    ("support-team-meeting",
     "Rencontre avec l'équipe de soutien aux coordinations", "Meeting with the coordination support team",
     "Faire connaissance, passer en revue le rôle et les outils, convenir de la manière de travailler ensemble.",
     "Get to know each other, go through the role and the tools, agree on how to work together."),
    ("coordinator-training",
     "Formation des nouveaux coordinateurs", "Training for new coordinators",
     "Suivre la formation spécifique à la fonction de coordination.",
     "Attend the training specific to the coordinator's role."),
    ("si-campaigner-contact",
     "Premier contact avec le campaigner du SI", "First contact with the SI campaigner",
     "Se présenter à la personne chargée du pays ou du thème au Secrétariat international.",
     "Introduce yourself to the person in charge of the country or theme at the International Secretariat."),
    ("handover-file",
     "Lecture du dossier de passation", "Reading the hand-over file",
     "Parcourir les contacts, plateformes, dossiers en cours et documents laissés par les prédécesseurs.",
     "Go through the contacts, platforms, ongoing cases and documents left by predecessors."),
    ("groups-introduction",
     "Présentation aux groupes locaux", "Introduction to the local groups",
     "Se faire connaître des groupes locaux et de leurs responsables.",
     "Make yourself known to the local groups and their leaders."),
]


def load(apps, schema_editor):
    Responsibility = apps.get_model("coordinations", "Responsibility")
    OnboardingStep = apps.get_model("coordinations", "OnboardingStep")
    for order, (code, kind, name, name_en, description, description_en) in enumerate(RESPONSIBILITIES):
        Responsibility.objects.update_or_create(
            code=code,
            defaults=dict(kind=kind, name=name, name_en=name_en, description=description,
                          description_en=description_en, order=order),
        )
    for order, (code, name, name_en, description, description_en) in enumerate(ONBOARDING_STEPS):
        OnboardingStep.objects.update_or_create(
            code=code,
            defaults=dict(name=name, name_en=name_en, description=description,
                          description_en=description_en, order=order),
        )
    grant_secretariat_permissions(apps, "coordinations")


def unload(apps, schema_editor):
    apps.get_model("coordinations", "Responsibility").objects.filter(
        code__in=[row[0] for row in RESPONSIBILITIES]
    ).delete()
    apps.get_model("coordinations", "OnboardingStep").objects.filter(
        code__in=[row[0] for row in ONBOARDING_STEPS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("coordinations", "0001_coordinations_and_mandates"),
        ("accounts", "0002_secretariat_group"),
    ]

    operations = [migrations.RunPython(load, unload)]
