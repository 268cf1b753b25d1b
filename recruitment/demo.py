"""Demo vacancies of every kind and applications at every stage of the pipeline.

The three coordination vacancies come from the call for volunteer coordinators; the paid job and
the posting abroad are relayed for other organisations and follow the facts of their postings
(workload split, salary range, e-mail subject line; city, start month, partners, eligibility,
allowances). Dates are relative to today; every row is found again by a natural key (slug,
e-mail, vacancy + applicant), so loading twice gives the same data.
"""

import datetime
import zoneinfo
from decimal import Decimal

from django.utils import timezone

from accounts.demo import demo_user
from accounts.models import User
from coordinations.models import Coordination
from recruitment.models import (
    Application,
    ApplicationEvent,
    ApplicationNote,
    Competency,
    CompetencyRating,
    DeclineReason,
    EligibilityCondition,
    Interview,
    PartnerOrganisation,
    Vacancy,
    VacancyLanguage,
    WorkloadShare,
)
from recruitment.selectors import default_coordinator_competencies

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
Status = Application.Status

# Used only when the coordinations' own demo has not created them (same slugs as theirs).
COORDINATIONS = {
    "etats-unis": ("États-Unis", Coordination.Kind.COUNTRY, ["US"], ["fr", "en"]),
    "afrique-des-grands-lacs": (
        "Afrique des Grands-Lacs",
        Coordination.Kind.REGION,
        ["BI", "CD", "RW"],
        ["fr"],
    ),
    "mexique": ("Mexique", Coordination.Kind.COUNTRY, ["MX"], ["fr", "es"]),
}

APPLICANTS = [
    ("amina.kabongo@example.org", "Amina", "Kabongo", "1050"),
    ("quentin.moreau@example.org", "Quentin", "Moreau", "1348"),
    ("eloise.vandenberghe@example.org", "Éloïse", "Vandenberghe", "5000"),
    ("samuel.nkurunziza@example.org", "Samuel", "Nkurunziza", "1080"),
    ("camille.rousseau@example.org", "Camille", "Rousseau", "4000"),
    ("lea.martens@example.org", "Léa", "Martens", "1200"),
]

COORDINATION_OFFER = (
    "L’appui de l’équipe de soutien aux coordinations, des formations propres à la fonction et "
    "un travail en lien étroit avec les campaigners du Secrétariat national. Vous organisez "
    "votre temps comme vous l’entendez, le plus souvent depuis chez vous\u202f; quelques "
    "déplacements sont à prévoir pour des actions, des réunions ou des présentations."
)
COORDINATION_RESPONSIBILITIES = (
    "Vous développez une expertise sur la situation des droits humains et vous la tenez à jour "
    "en suivant l’actualité.\n"
    "Vous faites le lien avec le Secrétariat international et signalez aux campaigners de la "
    "section les actions qu’il propose, surtout en cas d’urgence.\n"
    "Vous proposez des actions aux groupes locaux, répondez à leurs questions et participez "
    "parfois à leurs réunions.\n"
    "Vous êtes la personne de référence pour la presse et pouvez, si vous le souhaitez, "
    "représenter l’organisation lors de débats ou auprès d’autres associations."
)
COORDINATION_HOW = (
    "Postulez via ce portail. Une personne de l’équipe de soutien aux coordinations vous "
    "proposera ensuite un entretien pour affiner les attentes de part et d’autre."
)


def _at(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BRUSSELS)


def _coordination(slug: str) -> Coordination:
    name, kind, countries, languages = COORDINATIONS[slug]
    coordination, _created = Coordination.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "kind": kind,
            "countries": countries,
            "working_languages": languages,
            "is_recruiting": True,
            "summary": f"La coordination {name} cherche sa ou son responsable.",
        },
    )
    return coordination


def _vacancy(
    slug: str, *, languages=(), shares=(), partners=(), conditions=(), competencies=(), **fields
) -> Vacancy:
    vacancy, _created = Vacancy.objects.update_or_create(slug=slug, defaults=fields)
    vacancy.languages.exclude(language__in=[code for code, *_rest in languages]).delete()
    # (code, level, required) or (code, level, required, "one of" group number)
    for code, level, required, *group in languages:
        VacancyLanguage.objects.update_or_create(
            vacancy=vacancy,
            language=code,
            defaults={"level": level, "required": required, "group": (group or [None])[0]},
        )
    vacancy.workload_shares.all().delete()
    WorkloadShare.objects.bulk_create(
        WorkloadShare(vacancy=vacancy, programme=programme, percent=percent, order=order)
        for order, (programme, percent) in enumerate(shares)
    )
    vacancy.partners.all().delete()
    PartnerOrganisation.objects.bulk_create(
        PartnerOrganisation(vacancy=vacancy, name=name, website=website, order=order)
        for order, (name, website) in enumerate(partners)
    )
    for order, text in enumerate(conditions):
        EligibilityCondition.objects.update_or_create(
            vacancy=vacancy, order=order, defaults={"text": text}
        )
    vacancy.eligibility_conditions.filter(order__gte=len(conditions)).delete()
    vacancy.competencies.set(competencies)
    return vacancy


def _vacancies(today: datetime.date, staff: User) -> dict[str, Vacancy]:
    coordinator_skills = list(default_coordinator_competencies())
    skills = {c.code: c for c in Competency.objects.all()}
    common = {"status": Vacancy.Status.PUBLISHED, "contact_person": staff}
    coordination = {
        **common,
        "kind": Vacancy.Kind.COORDINATION,
        "country": "BE",
        "remote_possible": True,
        "start_kind": Vacancy.StartKind.ASAP,
        "minimum_commitment_months": 24,
        # The call for coordinators gives no figure of hours: the demo does not invent one.
        "workload_unit": Vacancy.WorkloadUnit.AS_AVAILABLE,
        "workload_value": None,
        "offer": COORDINATION_OFFER,
        "responsibilities": COORDINATION_RESPONSIBILITIES,
        "how_to_apply": COORDINATION_HOW,
        "apply_method": Vacancy.ApplyMethod.PORTAL,
    }
    vacancies = {}
    vacancies["us"] = _vacancy(
        "coordination-etats-unis",
        **coordination,
        coordination=_coordination("etats-unis"),
        title="Coordinateur ou coordinatrice bénévole pour les États-Unis",
        summary="Une coordination bilingue français-anglais, référence de la section sur la "
        "politique américaine, le droit international et la Constitution des États-Unis.",
        context="La coordination suit les violations des droits humains commises aux "
        "États-Unis et connaît de près les documents publiés par l’organisation à leur sujet. "
        "Elle est aujourd’hui sans responsable.",
        profile="Vous lisez et échangez aisément en anglais, vous vous intéressez à la vie "
        "politique américaine et vous aimez expliquer des sujets complexes simplement.",
        published_at=_at(today - datetime.timedelta(days=12)),
        deadline=_at(today + datetime.timedelta(days=30), 23, 59),
        languages=[("fr", "C1", True), ("en", "C1", True)],
        competencies=coordinator_skills,
    )
    vacancies["great_lakes"] = _vacancy(
        "coordination-afrique-des-grands-lacs",
        **coordination,
        coordination=_coordination("afrique-des-grands-lacs"),
        title="Coordinateur ou coordinatrice bénévole\u00a0: Afrique des Grands-Lacs",
        summary="Suivre le Burundi, la République démocratique du Congo et le Rwanda, et "
        "porter leurs dossiers auprès des groupes et des partenaires en Belgique.",
        context="La coordination couvre trois pays et travaille avec les associations de la "
        "diaspora. Elle siège aussi dans une plateforme d’ONG actives dans la région.",
        profile="Une bonne connaissance de la région, ou l’envie sincère de l’acquérir, et "
        "le goût du contact avec des associations très diverses.",
        published_at=_at(today - datetime.timedelta(days=20)),
        deadline=None,
        languages=[("fr", "C1", True), ("en", "B2", False), ("sw", "A2", False)],
        competencies=coordinator_skills,
    )
    vacancies["mexico"] = _vacancy(
        "coordination-mexique",
        **coordination,
        coordination=_coordination("mexique"),
        title="Coordinateur ou coordinatrice bénévole pour le Mexique",
        summary="Femmes, peuples autochtones, personnes migrantes, violences liées au trafic "
        "de drogue\u00a0: des enjeux de droits humains considérables à suivre pour la section.",
        context="Le Mexique occupe une place importante dans les campagnes de la section. La "
        "coordination relaie les actions urgentes et accompagne les venues de défenseurs.",
        profile="Vous lisez l’espagnol, vous suivez l’actualité latino-américaine et vous "
        "savez travailler de manière autonome.",
        published_at=_at(today - datetime.timedelta(days=5)),
        deadline=_at(today + datetime.timedelta(days=9), 12, 0),
        languages=[("fr", "C1", True), ("es", "B2", True)],
        competencies=coordinator_skills,
    )
    vacancies["advisor"] = _vacancy(
        "conseiller-droits-humains-defenseurs-plaidoyer-ue",
        **common,
        kind=Vacancy.Kind.PAID_JOB,
        organisation_name="Organisation mondiale contre la torture (OMCT)",
        organisation_url="https://www.omct.org/",
        title="Conseiller ou conseillère en droits humains\u00a0: défenseurs et plaidoyer auprès "
        "de l’UE (100 %)",
        summary="Le bureau bruxellois de l’OMCT recrute une personne pour son programme de "
        "protection des défenseurs des droits humains et pour son plaidoyer européen.",
        context="L’OMCT fédère quelque 200 organisations membres, réunies dans le réseau "
        "SOS-Torture, contre la torture et l’impunité. Son secrétariat international est à "
        "Genève\u202f; elle a aussi des bureaux à Bruxelles et à Tunis. Nous relayons cette offre.",
        responsibilities="Pour le programme des défenseurs (80 %)\u00a0: rédiger des appels urgents "
        "et des rapports, analyser les lois et pratiques qui visent les défenseurs et la "
        "société civile, mener des campagnes en ligne et hors ligne avec les membres du réseau, "
        "concevoir des stratégies de protection.\n"
        "Pour le plaidoyer européen (20 %)\u00a0: agir auprès des institutions de l’UE et y "
        "représenter l’OMCT.\n"
        "Aussi\u00a0: relations avec les partenaires et les bailleurs, suivi et évaluation, rapports "
        "d’activité et propositions de projets.",
        profile="Un diplôme universitaire en droit, relations internationales, sciences "
        "politiques ou sociales, ou communication\u202f; au moins cinq ans d’expérience pratique des "
        "droits humains au niveau international\u202f; une excellente connaissance du droit "
        "international des droits humains, des procédures des Nations unies et des "
        "institutions européennes.",
        offer="Un contrat à temps plein avec horaires flexibles, au moins 20 jours de congé dès "
        "la première année, des chèques-repas, du télétravail possible et un séjour "
        "d’intégration au bureau de Genève.",
        how_to_apply="Envoyez une lettre de motivation et un CV par e-mail, avec l’objet exact "
        "indiqué ci-dessous.",
        city="Bruxelles",
        country="BE",
        remote_possible=True,
        start_kind=Vacancy.StartKind.ASAP,
        workload_unit=Vacancy.WorkloadUnit.PERCENT,
        workload_value=100,
        salary_min=Decimal("3600"),
        salary_max=Decimal("4100"),
        salary_currency="EUR",
        salary_period=Vacancy.SalaryPeriod.MONTH,
        salary_note="Brut, payé sur 12 mois, selon le profil.",
        apply_method=Vacancy.ApplyMethod.EMAIL,
        apply_email="applications@omct.org",
        apply_email_subject="Human Rights Advisor",
        published_at=_at(today - datetime.timedelta(days=3)),
        deadline=_at(today + datetime.timedelta(days=18), 23, 59),
        # The posting asks for English, and French or Spanish.
        languages=[("en", "C1", True), ("fr", "C1", True, 1), ("es", "C1", True, 1)],
        shares=[
            ("Programme de protection des défenseurs des droits humains", 80),
            ("Plaidoyer auprès des institutions de l’Union européenne", 20),
        ],
        competencies=[skills["advocacy"], skills["international-mechanisms"]],
    )
    march = today.replace(day=1)
    while march.month != 3 or march <= today:
        march = (march + datetime.timedelta(days=32)).replace(day=1)
    vacancies["la_paz"] = _vacancy(
        "cooperation-la-paz-communautes-numeriques",
        **common,
        kind=Vacancy.Kind.COOPERATION,
        organisation_name="Oxfam-Québec",
        organisation_url="https://oxfam.qc.ca/",
        title="Coopération volontaire à La Paz\u00a0: responsable de communautés numériques",
        summary="Un an en Bolivie pour faire vivre deux communautés en ligne de jeunes\u00a0: une "
        "plateforme qui les relie et une campagne contre les violences dans le couple.",
        context="Dans le cadre d’un programme de coopération volontaire financé par le Canada, "
        "des conseillers techniques renforcent des organisations locales. En Bolivie, deux "
        "projets misent sur les jeunes comme acteurs du changement\u00a0: une plateforme numérique "
        "qui réunit les organisations de jeunesse, et une campagne qui invite les amis à ne "
        "plus fermer les yeux sur la violence conjugale. Nous relayons cette offre.",
        responsibilities="Élaborer des stratégies numériques pour les deux projets, créer du "
        "contenu, répondre au public en temps réel, gérer la publicité et en mesurer les "
        "résultats\u202f; conseiller les équipes locales pour renforcer leur communication\u202f; "
        "soutenir le suivi et l’évaluation.",
        profile="Un diplôme en communication, marketing numérique ou domaine proche\u202f; au moins "
        "trois ans d’expérience en gestion de communautés\u202f; une expérience en Amérique latine "
        "ou avec des organisations de jeunesse est un atout.",
        how_to_apply="Les candidatures se font sur le site de l’organisation qui recrute.",
        city="La Paz",
        country="BO",
        start_kind=Vacancy.StartKind.MONTH,
        start_date=march,
        duration_months=12,
        allowance="Allocation mensuelle selon le coût de la vie sur place, majorée pour au "
        "plus deux personnes accompagnantes\u202f; frais de scolarité des enfants\u202f; assurance "
        "voyage\u202f; montant pour le logement\u202f; bourse de réintégration au retour\u202f; billet "
        "d’avion aller-retour.",
        apply_method=Vacancy.ApplyMethod.WEB,
        apply_url="https://oxfam.qc.ca/",
        published_at=_at(today - datetime.timedelta(days=8)),
        deadline=_at(today + datetime.timedelta(days=40), 23, 59),
        languages=[("es", "C1", True), ("fr", "C1", True)],
        partners=[
            ("Coordinadora de la Mujer", ""),
            ("Oxfam en Bolivie", ""),
        ],
        conditions=[
            "Avoir la citoyenneté canadienne ou le statut de résident permanent au Canada."
        ],
        competencies=[skills["community-management"], skills["digital-communication"]],
    )
    next_month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    vacancies["internship"] = _vacancy(
        "stage-campagne-individus-en-danger",
        **common,
        kind=Vacancy.Kind.INTERNSHIP,
        title="Stage\u00a0: campagne pour les individus en danger",
        summary="Six mois au Secrétariat national pour préparer le marathon des lettres et "
        "soutenir les groupes qui écrivent pour les personnes en danger.",
        context="Chaque année autour du 10 décembre, les groupes locaux et le public écrivent "
        "par milliers aux autorités pour des personnes menacées.",
        responsibilities="Préparer les dossiers des personnes défendues, les outils des groupes "
        "et le suivi des lettres envoyées.",
        profile="Études en droit, sciences politiques ou communication\u202f; une rédaction soignée "
        "en français\u202f; l’anglais lu.",
        offer="Un encadrement par l’équipe campagnes, le remboursement des trajets et une "
        "indemnité de stage.",
        city="Bruxelles",
        country="BE",
        start_kind=Vacancy.StartKind.DATE,
        start_date=next_month,
        duration_months=6,
        workload_unit=Vacancy.WorkloadUnit.HOURS_PER_WEEK,
        workload_value=24,
        allowance="Remboursement des trajets domicile-bureau et indemnité de stage.",
        apply_method=Vacancy.ApplyMethod.PORTAL,
        published_at=_at(today - datetime.timedelta(days=2)),
        deadline=_at(today + datetime.timedelta(days=25), 23, 59),
        languages=[("fr", "C1", True), ("en", "B1", True)],
        competencies=[skills["french-writing"], skills["event-organisation"]],
    )
    vacancies["stands"] = _vacancy(
        "benevoles-stands-10-decembre",
        **common,
        kind=Vacancy.Kind.VOLUNTEER,
        title="Bénévoles pour les stands du 10 décembre",
        summary="Quelques heures pour tenir un stand de bougies et d’autocollants, et récolter "
        "des signatures, autour de la Journée des droits humains.",
        responsibilities="Monter et tenir un stand avec un groupe local, présenter les pétitions "
        "et les personnes défendues, tenir la caisse avec la ou le trésorier du groupe.",
        profile="De la bonne humeur et l’envie d’aller à la rencontre des passants.",
        country="BE",
        start_kind=Vacancy.StartKind.DATE,
        start_date=today + datetime.timedelta(days=20),
        duration_months=1,
        workload_unit=Vacancy.WorkloadUnit.HOURS_PER_WEEK,
        workload_value=4,
        positions=12,
        apply_method=Vacancy.ApplyMethod.PORTAL,
        published_at=_at(today - datetime.timedelta(days=15)),
        deadline=_at(today + datetime.timedelta(days=4), 23, 59),
        languages=[("fr", "B1", True)],
        competencies=[skills["event-organisation"]],
    )
    vacancies["translator"] = _vacancy(
        "traduction-benevole-anglais-francais",
        **{**common, "status": Vacancy.Status.CLOSED},
        kind=Vacancy.Kind.VOLUNTEER,
        title="Traduction bénévole de l’anglais vers le français",
        summary="Traduire, depuis chez soi, des actions urgentes et des documents courts du "
        "Secrétariat international.",
        country="BE",
        remote_possible=True,
        start_kind=Vacancy.StartKind.ASAP,
        apply_method=Vacancy.ApplyMethod.PORTAL,
        published_at=_at(today - datetime.timedelta(days=60)),
        deadline=_at(today - datetime.timedelta(days=10), 23, 59),
        languages=[("en", "C1", True), ("fr", "C2", True)],
        competencies=[skills["french-writing"], skills["english"]],
    )
    return vacancies


# Each application: which vacancy, who, its stage, and the letter.
APPLICATIONS = [
    (
        "mexico",
        "volunteer@example.org",
        Status.IN_REVIEW,
        4,
        "J’ai vécu deux ans à Oaxaca et je suis l’actualité mexicaine de près. Je voudrais mettre "
        "ce que j’ai appris au service des groupes et des familles de personnes disparues.",
    ),
    (
        "mexico",
        "amina.kabongo@example.org",
        Status.SUBMITTED,
        1,
        "Juriste de formation, je travaille sur les migrations et je lis l’espagnol couramment. "
        "La coordination Mexique me permettrait d’approfondir ces questions avec la section.",
    ),
    (
        "us",
        "quentin.moreau@example.org",
        Status.INTERVIEW,
        9,
        "Bilingue, j’ai étudié le droit constitutionnel américain et je suis la question de la "
        "peine de mort depuis plusieurs années. Je serais heureux de la porter auprès des groupes.",
    ),
    (
        "us",
        "eloise.vandenberghe@example.org",
        Status.DECLINED,
        11,
        "Je suis disponible quelques mois avant un départ à l’étranger et j’aimerais aider la "
        "coordination pendant cette période.",
    ),
    (
        "great_lakes",
        "samuel.nkurunziza@example.org",
        Status.SUBMITTED,
        2,
        "Originaire de Bujumbura, je suis actif dans une association de la diaspora à Bruxelles "
        "et je connais bien les organisations de défense des droits au Burundi.",
    ),
    (
        "great_lakes",
        "camille.rousseau@example.org",
        Status.WITHDRAWN,
        6,
        "Je m’intéresse à la région des Grands Lacs depuis mon mémoire sur la justice "
        "transitionnelle au Rwanda.",
    ),
    (
        "stands",
        "lea.martens@example.org",
        Status.ACCEPTED,
        10,
        "Je tiens déjà le stand de mon groupe à la braderie et je serai ravie d’en faire autant "
        "pour le 10 décembre.",
    ),
    (
        "stands",
        "camille.rousseau@example.org",
        Status.IN_REVIEW,
        3,
        "Disponible les samedis de décembre, j’aimerais aider au stand de Liège.",
    ),
    (
        "internship",
        "quentin.moreau@example.org",
        Status.SUBMITTED,
        1,
        "Étudiant en dernière année de droit, je cherche un stage dans une ONG de défense des "
        "droits humains pour le semestre prochain.",
    ),
]

# The path each final stage went through.
PATHS = {
    Status.SUBMITTED: [Status.SUBMITTED],
    Status.IN_REVIEW: [Status.SUBMITTED, Status.IN_REVIEW],
    Status.INTERVIEW: [Status.SUBMITTED, Status.IN_REVIEW, Status.INTERVIEW],
    Status.ACCEPTED: [Status.SUBMITTED, Status.IN_REVIEW, Status.INTERVIEW, Status.ACCEPTED],
    Status.DECLINED: [Status.SUBMITTED, Status.IN_REVIEW, Status.DECLINED],
    Status.WITHDRAWN: [Status.SUBMITTED, Status.WITHDRAWN],
}


def _application(vacancy, applicant, status, days_ago, letter, staff, today) -> Application:
    submitted = _at(today - datetime.timedelta(days=days_ago), 10, 30)
    decline = DeclineReason.objects.get(code="availability") if status == Status.DECLINED else None
    application, _created = Application.objects.update_or_create(
        vacancy=vacancy,
        applicant=applicant,
        defaults={
            "status": status,
            "motivation": letter,
            "hours_per_week": 6,
            "can_travel": True,
            "commitment_confirmed": bool(vacancy.minimum_commitment_months),
            "consent_given_at": submitted,
            "privacy_version": "2026-11-23",
            "submitted_at": submitted,
            "decline_reason": decline,
            "start_date": today + datetime.timedelta(days=20)
            if status == Status.ACCEPTED
            else None,
        },
    )
    application.confirmed_conditions.set(vacancy.eligibility_conditions.all())
    for competency in vacancy.competencies.all():
        CompetencyRating.objects.update_or_create(
            application=application, competency=competency, defaults={"level": 3}
        )
    # The history is rebuilt from the path, so that it always matches the stage.
    application.events.all().delete()
    path = PATHS[status]
    for step, (before, after) in enumerate(zip(["", *path[:-1]], path, strict=True)):
        ApplicationEvent.objects.create(
            application=application,
            from_status=before,
            to_status=after,
            actor=applicant if after in (Status.SUBMITTED, Status.WITHDRAWN) else staff,
            created_at=submitted + datetime.timedelta(days=step),
            message=decline.message_for(first_name=applicant.first_name, vacancy=vacancy.title)
            if after == Status.DECLINED
            else "",
        )
    if status in (Status.INTERVIEW, Status.ACCEPTED):
        interview, _created = Interview.objects.update_or_create(
            application=application,
            defaults={
                "starts_at": _at(today + datetime.timedelta(days=5), 18, 0)
                if status == Status.INTERVIEW
                else _at(today - datetime.timedelta(days=7), 18, 0),
                "ends_at": _at(today + datetime.timedelta(days=5), 19, 0)
                if status == Status.INTERVIEW
                else _at(today - datetime.timedelta(days=7), 19, 0),
                "video_url": "https://visio.example.org/entretien-recrutement",
                "created_by": staff,
            },
        )
        interview.interviewers.set([staff])
    if status in (Status.IN_REVIEW, Status.INTERVIEW):
        ApplicationNote.objects.update_or_create(
            application=application,
            author=staff,
            defaults={
                "body": "Lettre convaincante\u202f; vérifier les disponibilités en soirée.",
                "rating": 4,
                "created_at": submitted + datetime.timedelta(days=1),
            },
        )
    return application


def load(out) -> None:
    today = timezone.localdate()
    staff = User.objects.get(email="staff@example.org")
    people = {
        email: demo_user(email, first, last, postal) for email, first, last, postal in APPLICANTS
    }
    people["volunteer@example.org"] = User.objects.get(email="volunteer@example.org")
    vacancies = _vacancies(today, staff)
    for key, email, status, days_ago, letter in APPLICATIONS:
        _application(vacancies[key], people[email], status, days_ago, letter, staff, today)
    out.write(
        f"  recruitment: {len(vacancies)} vacancies, {len(APPLICATIONS)} applications at every "
        "stage (volunteer@example.org applied to Mexique)"
    )
