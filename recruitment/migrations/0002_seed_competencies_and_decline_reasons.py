from django.db import migrations

# The competencies asked of a coordinator (from the call for volunteer coordinators), then a few
# that other postings seek. code, for coordinations, French, English, French text, English text.
COMPETENCIES = [
    ("knows-the-organisation", True,
     "Bonne connaissance de l’organisation",
     "Good knowledge of the organisation",
     "Savoir comment le mouvement est structuré, ce qu’il défend et comment il travaille.",
     "Knowing how the movement is organised, what it stands for and how it works."),
    ("international-mechanisms", True,
     "Mécanismes internationaux des droits humains",
     "International human rights mechanisms",
     "Connaître les Nations unies, les mécanismes régionaux et les traités qui protègent les droits humains.",
     "Knowing the United Nations, the regional mechanisms and the treaties that protect human rights."),
    ("human-rights-commitment", True,
     "Intérêt pour la défense des droits humains",
     "Commitment to defending human rights",
     "S’intéresser aux droits humains et à la manière dont on les défend à travers le monde.",
     "Caring about human rights and about how they are defended around the world."),
    ("country-or-theme", True,
     "Connaissance du pays ou du thème",
     "Knowledge of the country or theme",
     "Connaître le pays, la région ou le thème suivi, ou être prêt·e à l’apprendre en profondeur.",
     "Knowing the country, region or theme followed, or being ready to learn it in depth."),
    ("english", True,
     "Bonne maîtrise de l’anglais",
     "Good command of English",
     "Lire et échanger en anglais : la plupart des documents du Secrétariat international sont en anglais.",
     "Reading and corresponding in English: most International Secretariat documents are in English."),
    ("french-writing", True,
     "Rédaction soignée en français",
     "Careful writing in French",
     "Rédiger des textes clairs, avec une bonne orthographe, pour les groupes, le blog ou la presse.",
     "Writing clear, correctly spelt texts for the groups, the blog or the press."),
    ("digital-communication", True,
     "Outils de communication numériques",
     "Digital communication tools",
     "Être à l’aise avec la messagerie, les outils collaboratifs et les réseaux sociaux.",
     "Being at ease with e-mail, collaborative tools and social media."),
    ("representation", True,
     "Présenter et représenter l’organisation",
     "Presenting and representing the organisation",
     "Expliquer le travail de l’organisation et la représenter auprès d’autres acteurs.",
     "Explaining the organisation's work and representing it to others."),
    ("public-speaking", True,
     "Prise de parole en public et dans les médias",
     "Speaking in public and to the media",
     "Intervenir en public et, avec une formation si besoin, répondre aux médias : un atout.",
     "Speaking in public and, with training if needed, answering the media: an asset."),
    ("independent-work", True,
     "Travail autonome",
     "Working independently",
     "Organiser son travail seul·e, à distance, en tenant ses engagements.",
     "Organising one's own work, remotely, and keeping one's commitments."),
    ("eagerness-to-learn", True,
     "Envie de devenir spécialiste",
     "Eagerness to become a specialist",
     "Se documenter de diverses manières sur une région ou un thème pour en devenir spécialiste.",
     "Reading up in many ways on a region or theme so as to become a specialist in it."),
    ("advocacy", False,
     "Plaidoyer",
     "Advocacy",
     "Préparer et mener des actions de plaidoyer auprès des autorités et des institutions.",
     "Preparing and carrying out advocacy with authorities and institutions."),
    ("community-management", False,
     "Animation de communautés en ligne",
     "Online community management",
     "Faire vivre une page ou une plateforme : contenus, réponses au public, suivi des résultats.",
     "Keeping a page or platform alive: content, answering the public, following results."),
    ("project-management", False,
     "Gestion de projet",
     "Project management",
     "Planifier, suivre et rendre compte d’activités, y compris auprès des bailleurs.",
     "Planning, following up and reporting on activities, including to funders."),
    ("event-organisation", False,
     "Organisation d’événements",
     "Event organisation",
     "Organiser un stand, une conférence ou une action publique de A à Z.",
     "Organising a stand, a conference or a public action from start to finish."),
]

# code, French, English, message (French), message (English)
DECLINE_REASONS = [
    ("position-filled",
     "Poste pourvu", "Position filled",
     "Bonjour {first_name},\n\nMerci pour l’intérêt que vous avez porté à « {vacancy} » et pour le "
     "temps consacré à votre candidature. Nous avons retenu une autre personne pour ce rôle. "
     "Nous espérons vivement vous retrouver à l’occasion d’un autre engagement à nos côtés.",
     "Hello {first_name},\n\nThank you for your interest in “{vacancy}” and for the time you "
     "gave to your application. We have chosen another person for this role. We very much hope "
     "to meet you again through another commitment with us."),
    ("profile-mismatch",
     "Profil éloigné des attentes", "Profile does not match",
     "Bonjour {first_name},\n\nNous vous remercions pour votre candidature à « {vacancy} ». "
     "Après l’avoir lue avec attention, nous ne pouvons pas y donner suite : le profil "
     "recherché est assez différent du vôtre. D’autres rôles, dans les groupes locaux ou les "
     "coordinations, pourraient vous correspondre davantage.",
     "Hello {first_name},\n\nThank you for applying for “{vacancy}”. We read your application "
     "carefully but cannot take it further: the profile sought is rather different from yours. "
     "Other roles, in the local groups or the coordinations, may suit you better."),
    ("availability",
     "Disponibilité ou durée d’engagement", "Availability or length of commitment",
     "Bonjour {first_name},\n\nMerci pour votre candidature à « {vacancy} ». Ce rôle demande une "
     "disponibilité et une durée d’engagement qui ne correspondent pas à ce que vous nous avez "
     "indiqué. Si votre situation change, n’hésitez pas à revenir vers nous.",
     "Hello {first_name},\n\nThank you for applying for “{vacancy}”. This role needs an "
     "availability and a length of commitment that do not match what you told us. If your "
     "situation changes, please do get back to us."),
    ("eligibility",
     "Conditions d’éligibilité non remplies", "Eligibility conditions not met",
     "Bonjour {first_name},\n\nMerci pour votre candidature à « {vacancy} ». Les conditions "
     "d’éligibilité fixées pour ce poste ne sont malheureusement pas remplies, et nous ne "
     "pouvons donc pas la retenir.",
     "Hello {first_name},\n\nThank you for applying for “{vacancy}”. Unfortunately the "
     "eligibility conditions set for this post are not met, so we cannot consider it."),
    ("vacancy-cancelled",
     "Offre annulée", "Vacancy withdrawn",
     "Bonjour {first_name},\n\nMerci pour votre candidature à « {vacancy} ». Nous avons dû "
     "renoncer à ce recrutement et nous en sommes désolés. Nous vous tiendrons volontiers au "
     "courant si une offre semblable s’ouvre.",
     "Hello {first_name},\n\nThank you for applying for “{vacancy}”. We have had to give up this "
     "recruitment, and we are sorry about it. We will gladly let you know if a similar vacancy "
     "opens."),
]


def load(apps, schema_editor):
    Competency = apps.get_model("recruitment", "Competency")
    DeclineReason = apps.get_model("recruitment", "DeclineReason")
    for order, (code, for_coordinations, name, name_en, description, description_en) in enumerate(
        COMPETENCIES
    ):
        Competency.objects.update_or_create(
            code=code,
            defaults=dict(for_coordinations=for_coordinations, name=name, name_en=name_en,
                          description=description, description_en=description_en, order=order),
        )
    for order, (code, name, name_en, message, message_en) in enumerate(DECLINE_REASONS):
        DeclineReason.objects.update_or_create(
            code=code,
            defaults=dict(name=name, name_en=name_en, message=message, message_en=message_en,
                          order=order),
        )


def unload(apps, schema_editor):
    apps.get_model("recruitment", "Competency").objects.filter(
        code__in=[row[0] for row in COMPETENCIES]
    ).delete()
    apps.get_model("recruitment", "DeclineReason").objects.filter(
        code__in=[row[0] for row in DECLINE_REASONS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0001_vacancies_applications_pool")]

    operations = [migrations.RunPython(load, unload)]
