"""Demo coordinations with their coordinators, at every stage of a mandate.

Dates are relative to today, so that "new", "halfway" and "ending soon" stay true whenever the
demo is loaded. Every row is found again by a natural key (slug, e-mail, coordination + person,
title...), so loading twice gives the same data.
"""

import datetime

from django.utils import timezone

from accounts.demo import demo_user
from accounts.models import User
from config.dates import add_months
from coordinations.models import (
    Activity,
    Coordination,
    HandoverNote,
    Mandate,
    MandateRequest,
    OnboardingProgress,
    OnboardingStep,
    Responsibility,
)

COUNTRY = Coordination.Kind.COUNTRY
REGION = Coordination.Kind.REGION
THEME = Coordination.Kind.THEMATIC

# slug, name, kind, countries, theme, languages, recruiting, platforms, summary, description
COORDINATIONS = [
    # The three coordinations of the call for volunteers: vacant and recruiting.
    (
        "etats-unis",
        "États-Unis",
        COUNTRY,
        ["US"],
        "",
        ["fr", "en"],
        True,
        False,
        "Coordination bilingue français-anglais\u00a0: la référence de la section sur la politique "
        "américaine, le droit international et la Constitution des États-Unis.",
        "Peine de mort, détention à Guantánamo, violences policières, droit d’asile à la "
        "frontière sud\u00a0: les sujets ne manquent pas. La coordination lit les documents de "
        "l’organisation en anglais, suit l’actualité américaine et en tire des actions claires "
        "pour les groupes. Elle travaille dans les deux langues, avec le Secrétariat "
        "international comme avec la presse.",
    ),
    (
        "afrique-des-grands-lacs",
        "Afrique des Grands-Lacs",
        REGION,
        ["BI", "CD", "RW"],
        "",
        ["fr"],
        True,
        True,
        "Burundi, République démocratique du Congo et Rwanda\u00a0: une région où les défenseurs des "
        "droits humains et les journalistes paient cher leur engagement.",
        "Conflits armés dans l’est du Congo, répression de l’opposition au Burundi, liberté "
        "d’expression au Rwanda\u00a0: la coordination suit trois pays liés par leur histoire. Elle "
        "relaie les actions urgentes, entretient le contact avec les associations de la "
        "diaspora en Belgique et participe à une plateforme d’ONG actives dans la région.",
    ),
    (
        "mexique",
        "Mexique",
        COUNTRY,
        ["MX"],
        "",
        ["fr", "es"],
        True,
        False,
        "Disparitions forcées, violences contre les femmes, droits des peuples autochtones et "
        "des personnes migrantes\u00a0: des enjeux considérables.",
        "Le Mexique compte des dizaines de milliers de personnes disparues et reste l’un des "
        "pays les plus dangereux pour les journalistes. La coordination suit ces dossiers, "
        "prépare des actions pour les groupes et soutient les campagnes de la section, en lien "
        "avec les familles et les organisations mexicaines que l’organisation accompagne.",
    ),
    # Country coordinations.
    (
        "chine",
        "Chine",
        COUNTRY,
        ["CN"],
        "",
        ["fr", "en"],
        False,
        False,
        "Surveillance de masse, répression au Xinjiang, au Tibet et à Hong Kong, peine de mort\u00a0: "
        "suivre un pays où l’information circule mal.",
        "La coordination suit les cas individuels d’avocats, de militantes et de membres de "
        "minorités détenus pour leurs opinions. Elle aide les groupes à écrire aux autorités et "
        "prépare chaque année les actions liées à l’anniversaire de Tiananmen.",
    ),
    (
        "russie",
        "Russie",
        COUNTRY,
        ["RU"],
        "",
        ["fr", "ru"],
        False,
        False,
        "Liberté d’expression, prisonniers d’opinion, répression des voix contre la guerre\u00a0: la "
        "coordination suit un pays qui a fermé presque tout espace critique.",
        "Depuis la fermeture du bureau de l’organisation à Moscou, la coordination s’appuie sur "
        "les rapports du Secrétariat international et sur les contacts avec des militants en "
        "exil. Elle propose des actions pour les prisonniers d’opinion et intervient lors de "
        "débats sur la Russie.",
    ),
    (
        "israel-territoires-palestiniens-occupes",
        "Israël et Territoires palestiniens occupés",
        REGION,
        ["IL", "PS"],
        "",
        ["fr", "en"],
        False,
        True,
        "Une coordination qui suit les violations commises par toutes les parties, avec "
        "rigueur et dans le respect des positions de l’organisation.",
        "Détention administrative, colonies, blocus de Gaza, attaques contre les civils, "
        "apartheid\u00a0: la coordination maîtrise les analyses de l’organisation et les explique "
        "lors de conférences. Elle représente la section dans une plateforme belge d’ONG et "
        "suit le plaidoyer auprès des autorités belges.",
    ),
    (
        "syrie",
        "Syrie",
        COUNTRY,
        ["SY"],
        "",
        ["fr", "ar", "en"],
        False,
        False,
        "Personnes disparues, détention, justice pour les crimes commis depuis 2011 et retour "
        "des réfugiés\u00a0: une coordination qui vient de retrouver une responsable.",
        "La chute du régime a ouvert des prisons et relancé la question des milliers de "
        "personnes disparues. La coordination suit les démarches de justice internationale, "
        "garde le lien avec la communauté syrienne de Belgique et informe la coordination "
        "réfugiés.",
    ),
    (
        "iran",
        "Iran",
        COUNTRY,
        ["IR"],
        "",
        ["fr", "en"],
        False,
        False,
        "Exécutions, droits des femmes, minorités et prisonniers binationaux\u00a0: une équipe de "
        "deux personnes suit l’Iran au quotidien.",
        "Depuis le mouvement «\u202fFemme, vie, liberté\u202f», le nombre d’exécutions a fortement "
        "augmenté. La coordination relaie les actions urgentes, souvent à très court délai, et "
        "aide les groupes à mobiliser rapidement. Elle travaille en équipe\u00a0: une coordinatrice "
        "et un membre qui suit la presse persanophone.",
    ),
    (
        "colombie",
        "Colombie",
        COUNTRY,
        ["CO"],
        "",
        ["fr", "es"],
        False,
        True,
        "Accord de paix, défenseurs de l’environnement et leaders sociaux menacés\u00a0: la "
        "Colombie reste l’un des pays les plus dangereux pour ceux qui défendent leurs droits.",
        "La coordination suit la mise en œuvre de l’accord de paix, les assassinats de leaders "
        "sociaux et la situation des communautés afro-colombiennes et autochtones. Elle "
        "participe à une plateforme belge d’ONG sur la Colombie, rencontre des défenseurs de "
        "passage en Belgique et propose des actions aux groupes.",
    ),
    (
        "turquie",
        "Turquie",
        COUNTRY,
        ["TR"],
        "",
        ["fr", "en"],
        False,
        False,
        "Journalistes et avocats emprisonnés, liberté de réunion, accueil des réfugiés syriens.",
        "La coordination suit les procès emblématiques, dont ceux de défenseurs des droits "
        "humains, et relaie les actions en faveur des personnes détenues. Elle est aussi une "
        "source d’information sur la situation des réfugiés en Turquie.",
    ),
    (
        "myanmar",
        "Myanmar",
        COUNTRY,
        ["MM"],
        "",
        ["fr", "en"],
        False,
        False,
        "Depuis le coup d’État de 2021\u00a0: frappes aériennes contre les civils, prisonniers "
        "politiques et sort des Rohingyas.",
        "La coordination, reprise il y a peu, suit les rapports de l’organisation sur les "
        "crimes de guerre et les livraisons de carburant d’aviation. Elle cherche le contact "
        "avec la communauté birmane en Belgique.",
    ),
    (
        "afghanistan",
        "Afghanistan",
        COUNTRY,
        ["AF"],
        "",
        ["fr", "en"],
        False,
        False,
        "Les femmes et les filles privées d’école, de travail et d’espace public\u00a0: la "
        "coordination suit un pays où la situation ne cesse de se dégrader.",
        "La coordination relaie les campagnes sur la persécution fondée sur le genre, suit la "
        "situation des Afghanes et Afghans réfugiés et collabore avec des associations de la "
        "diaspora à Bruxelles.",
    ),
    (
        "egypte",
        "Égypte",
        COUNTRY,
        ["EG"],
        "",
        ["fr", "ar"],
        False,
        False,
        "Des dizaines de milliers de personnes détenues pour raisons politiques, des "
        "défenseurs et des journalistes interdits de voyager.",
        "La coordination suit les cas de détention provisoire renouvelée sans fin, prépare des "
        "actions de lettres pour les groupes et s’informe auprès des ONG égyptiennes en exil.",
    ),
    (
        "venezuela",
        "Venezuela",
        COUNTRY,
        ["VE"],
        "",
        ["fr", "es"],
        False,
        False,
        "Répression des manifestations, détentions arbitraires et exode de millions de "
        "Vénézuéliens.",
        "La coordination suit la répression qui a suivi l’élection présidentielle, les "
        "exécutions extrajudiciaires et la protection des personnes qui fuient le pays vers "
        "les pays voisins.",
    ),
    (
        "ukraine",
        "Ukraine",
        COUNTRY,
        ["UA"],
        "",
        ["fr", "en"],
        False,
        False,
        "Civils pris pour cible, prisonniers de guerre, enfants déplacés\u00a0: documenter la "
        "guerre et défendre le droit international humanitaire.",
        "La coordination explique les enquêtes de l’organisation sur les attaques contre les "
        "civils et les infrastructures, suit le sort des prisonniers et des personnes "
        "déportées et répond aux nombreuses demandes des groupes.",
    ),
    (
        "inde",
        "Inde",
        COUNTRY,
        ["IN"],
        "",
        ["fr", "en"],
        True,
        False,
        "Discriminations contre les minorités religieuses et les dalits, lois antiterroristes "
        "utilisées contre les militants\u00a0: une coordination à reprendre.",
        "La plus grande démocratie du monde restreint l’espace des ONG et poursuit des "
        "militants, des étudiants et des journalistes. La coordination est vacante\u00a0: elle "
        "attend une personne prête à suivre ce pays immense, en anglais surtout.",
    ),
    # Regional coordinations.
    (
        "maghreb",
        "Maghreb",
        REGION,
        ["DZ", "MA", "TN"],
        "",
        ["fr", "ar"],
        False,
        False,
        "Algérie, Maroc et Tunisie\u00a0: liberté d’expression, répression du mouvement Hirak, "
        "recul des libertés en Tunisie et droits des personnes migrantes.",
        "La coordination suit trois pays proches de la Belgique par leurs diasporas. Elle "
        "vient de changer de main\u00a0: le dossier de passation rassemble les contacts et les "
        "dossiers en cours laissés par la coordinatrice précédente.",
    ),
    (
        "amerique-centrale",
        "Amérique centrale",
        REGION,
        ["GT", "HN", "SV", "NI"],
        "",
        ["fr", "es"],
        False,
        False,
        "Guatemala, Honduras, Salvador et Nicaragua\u00a0: état d’exception, défenseurs de la terre "
        "menacés et opposants privés de leur nationalité.",
        "La coordination suit l’état d’exception au Salvador, les attaques contre les "
        "défenseurs de l’environnement au Honduras et au Guatemala et la répression au "
        "Nicaragua. Son mandat arrive à échéance\u00a0: le secrétariat prépare la suite avec elle.",
    ),
    (
        "golfe",
        "Arabie saoudite et pays du Golfe",
        REGION,
        ["SA", "AE", "QA", "BH", "KW", "OM"],
        "",
        ["fr", "en", "ar"],
        False,
        False,
        "Exécutions, travailleurs migrants exploités, militantes emprisonnées\u00a0: une région "
        "que l’organisation suit de près.",
        "La coordination est vacante et le recrutement n’est pas encore ouvert\u00a0: la section "
        "réfléchit avec le secrétariat à la manière de la relancer, peut-être en équipe.",
    ),
    (
        "ethiopie-erythree",
        "Éthiopie et Érythrée",
        REGION,
        ["ET", "ER"],
        "",
        ["fr", "en"],
        False,
        False,
        "Crimes commis pendant le conflit au Tigré, détention sans procès en Érythrée, "
        "service national à durée indéterminée.",
        "La coordination suit deux pays fermés aux enquêteurs indépendants et relaie les "
        "demandes de justice des victimes. Elle est une source d’information précieuse pour "
        "la coordination réfugiés.",
    ),
    # Thematic coordinations.
    (
        "peine-de-mort",
        "Peine de mort",
        THEME,
        [],
        "Abolition de la peine de mort",
        ["fr", "en"],
        False,
        True,
        "Vers l’abolition universelle\u00a0: suivre les exécutions dans le monde et mobiliser pour "
        "les personnes condamnées.",
        "La coordination prépare chaque année la journée mondiale contre la peine de mort du "
        "10 octobre et la présentation du rapport annuel sur les condamnations et les "
        "exécutions. Elle représente la section dans une coalition d’ONG abolitionnistes.",
    ),
    (
        "refugies-et-migrants",
        "Réfugiés et migrants",
        THEME,
        [],
        "Droits des personnes réfugiées et migrantes",
        ["fr", "en"],
        False,
        True,
        "Droit d’asile, accueil, détention des personnes migrantes et politique européenne des "
        "frontières.",
        "La coordination suit la politique belge et européenne d’asile et de migration, "
        "participe aux plateformes d’associations actives sur l’accueil et reçoit les "
        "informations des coordinations pays sur les situations que fuient les personnes.",
    ),
    (
        "droits-des-femmes",
        "Droits des femmes",
        THEME,
        [],
        "Droits des femmes et genre",
        ["fr"],
        False,
        False,
        "Violences sexuelles, droit à l’avortement, consentement\u00a0: une coordination qui "
        "démarre avec une nouvelle responsable.",
        "La coordination porte les campagnes sur le consentement et les violences faites aux "
        "femmes, suit les reculs du droit à l’avortement dans le monde et travaille avec les "
        "coordinations pays sur les cas de militantes en danger.",
    ),
    (
        "defenseurs-des-droits-humains",
        "Défenseurs des droits humains",
        THEME,
        [],
        "Défenseurs des droits humains",
        ["fr", "en"],
        False,
        True,
        "Celles et ceux qui défendent les droits des autres sont menacés, diffamés, "
        "emprisonnés\u00a0: la coordination les soutient.",
        "La coordination suit les cas de défenseurs en danger, prépare l’accueil en Belgique "
        "de défenseurs invités par la section et participe au réseau européen qui plaide pour "
        "leur protection.",
    ),
    (
        "entreprises-et-droits-humains",
        "Entreprises et droits humains",
        THEME,
        [],
        "Responsabilité des entreprises",
        ["fr", "en"],
        False,
        True,
        "Devoir de vigilance, minerais de conflit, travail forcé dans les chaînes "
        "d’approvisionnement.",
        "La coordination suit la législation européenne sur le devoir de vigilance des "
        "entreprises et sa transposition en Belgique, au sein d’une plateforme d’ONG et de "
        "syndicats.",
    ),
    (
        "commerce-des-armes",
        "Commerce des armes",
        THEME,
        [],
        "Contrôle des transferts d’armes",
        ["fr", "en"],
        False,
        True,
        "Les armes vendues par la Belgique et l’Europe ne doivent pas servir à commettre des "
        "crimes.",
        "La coordination suivait les licences d’exportation des Régions et le respect du "
        "traité sur le commerce des armes. Son coordinateur a dû arrêter\u00a0: la section "
        "n’a pas encore décidé de la relancer.",
    ),
    (
        "droits-des-personnes-lgbti",
        "Droits des personnes LGBTI",
        THEME,
        [],
        "Droits des personnes LGBTI",
        ["fr", "en"],
        False,
        False,
        "Criminalisation, violences et discriminations liées à l’orientation sexuelle et à "
        "l’identité de genre.",
        "La coordination suit les lois qui criminalisent les personnes LGBTI, prépare les "
        "actions autour de la Pride et de la journée du 17 mai et soutient les militantes et "
        "militants menacés.",
    ),
    (
        "droits-de-l-enfant",
        "Droits de l’enfant",
        THEME,
        [],
        "Droits de l’enfant",
        ["fr"],
        True,
        True,
        "Enfants soldats, enfants en détention, éducation aux droits humains\u00a0: une "
        "coordination à reprendre.",
        "La coordination suit les violations des droits des enfants dans les conflits et en "
        "détention et collabore avec les écoles et les mouvements de jeunesse. Elle est "
        "vacante depuis le départ de sa coordinatrice.",
    ),
]

# e-mail, first name, last name, postal code: the demo coordinators (besides coordinator@).
PEOPLE = [
    ("amelie.dubois@example.org", "Amélie", "Dubois", "1050"),
    ("thomas.lejeune@example.org", "Thomas", "Lejeune", "1348"),
    ("nathalie.renard@example.org", "Nathalie", "Renard", "5000"),
    ("julien.lambotte@example.org", "Julien", "Lambotte", "6000"),
    ("celine.marechal@example.org", "Céline", "Maréchal", "6700"),
    ("marc.delvaux@example.org", "Marc", "Delvaux", "7000"),
    ("isabelle.hautier@example.org", "Isabelle", "Hautier", "7500"),
    ("olivier.gillet@example.org", "Olivier", "Gillet", "1400"),
    ("laura.collignon@example.org", "Laura", "Collignon", "4500"),
    ("pierre.thiry@example.org", "Pierre", "Thiry", "6900"),
    ("sarah.mertens@example.org", "Sarah", "Mertens", "1000"),
    ("antoine.devos@example.org", "Antoine", "Devos", "4800"),
    ("yasmina.elamrani@example.org", "Yasmina", "El Amrani", "1030"),
    ("hugo.lemaire@example.org", "Hugo", "Lemaire", "1300"),
    ("charlotte.piette@example.org", "Charlotte", "Piette", "4020"),
    ("mehdi.bouzid@example.org", "Mehdi", "Bouzid", "1070"),
    ("manon.gerard@example.org", "Manon", "Gérard", "5100"),
    ("vincent.bertrand@example.org", "Vincent", "Bertrand", "6280"),
    ("aurelie.close@example.org", "Aurélie", "Close", "4100"),
    ("gregoire.dethier@example.org", "Grégoire", "Dethier", "4900"),
    ("anne-sophie.leclercq@example.org", "Anne-Sophie", "Leclercq", "7700"),
    ("benoit.jacquet@example.org", "Benoît", "Jacquet", "5500"),
    ("fatou.diallo@example.org", "Fatou", "Diallo", "1060"),
    ("maxime.henrard@example.org", "Maxime", "Henrard", "1340"),
    ("jeanne.simon@example.org", "Jeanne", "Simon", "6600"),
    ("damien.mathieu@example.org", "Damien", "Mathieu", "7800"),
    ("lucie.fontaine@example.org", "Lucie", "Fontaine", "1420"),
    ("helene.warnier@example.org", "Hélène", "Warnier", "4000"),
]

COORDINATOR = "coordinator@example.org"
STAFF = "staff@example.org"

# Coordinations followed by nobody in particular at the secretariat (mails go to its address).
WITHOUT_CONTACT = {"golfe", "commerce-des-armes", "ukraine"}


class Dates:
    """Start dates that put a mandate at a given stage today."""

    def __init__(self, today: datetime.date):
        self.today = today

    def days_ago(self, days: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days)

    def months_ago(self, months: int) -> datetime.date:
        return add_months(self.today, -months)

    def ending_in(self, days: int, months: int = 24) -> datetime.date:
        """A start date whose commitment of ``months`` ends ``days`` from today."""
        return add_months(self.today + datetime.timedelta(days=days), -months)


def _mandate(
    coordination,
    volunteer,
    *,
    start,
    role=Mandate.Role.LEAD,
    months=24,
    renews=None,
    ended_on=None,
    end_kind="",
    reason="",
):
    mandate, _created = Mandate.objects.update_or_create(
        coordination=coordination,
        volunteer=volunteer,
        renews=renews,
        defaults={
            "role": role,
            "start_date": start,
            "commitment_months": months,
            # update_or_create saves only the fields it is given: the derived end date too.
            "end_date": add_months(start, months),
            "status": Mandate.Status.ENDED if ended_on else Mandate.Status.ACTIVE,
            "ended_on": ended_on,
            "end_kind": end_kind,
            "end_reason": reason,
        },
    )
    return mandate


def _tick(mandate, code, done_on, by, note=""):
    OnboardingProgress.objects.update_or_create(
        mandate=mandate,
        step=OnboardingStep.objects.get(code=code),
        defaults={"done_on": done_on, "ticked_by": by, "note": note},
    )


def _activity(mandate, kind, date, note):
    # The note is the natural key: the date moves with today, the entry stays the same one.
    Activity.objects.update_or_create(
        mandate=mandate, note=note, defaults={"kind": kind, "date": date}
    )


def _note(coordination, topic, title, body, author, link=""):
    HandoverNote.objects.update_or_create(
        coordination=coordination,
        title=title,
        defaults={"topic": topic, "body": body, "author": author, "link": link},
    )


def _optional_tasks(mandate, *codes):
    mandate.optional_responsibilities.set(Responsibility.objects.filter(code__in=codes))


def load(out) -> None:
    today = timezone.localdate()
    when = Dates(today)
    staff = User.objects.get(email=STAFF)
    karim = User.objects.get(email=COORDINATOR)
    people = {
        email.split("@")[0]: demo_user(email, first, last, postal_code)
        for email, first, last, postal_code in PEOPLE
    }

    coordinations = {}
    for (
        slug,
        name,
        kind,
        countries,
        theme,
        languages,
        recruiting,
        platforms,
        summary,
        text,
    ) in COORDINATIONS:
        coordinations[slug], _created = Coordination.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "countries": countries,
                "theme": theme,
                "working_languages": languages,
                "is_recruiting": recruiting,
                "represents_on_platforms": platforms,
                "summary": summary,
                "description": text,
                "secretariat_contact": None if slug in WITHOUT_CONTACT else staff,
                "is_active": True,
            },
        )
    c = coordinations
    T = HandoverNote.Topic
    A = Activity.Kind

    # Karim holds Colombie, halfway through his 24 months.
    colombie = _mandate(c["colombie"], karim, start=when.months_ago(12))
    _optional_tasks(colombie, "lobbying", "ngo-contact", "public-speaking", "diaspora")
    _tick(
        colombie,
        "support-team-meeting",
        when.months_ago(12) + datetime.timedelta(days=9),
        staff,
        "Rencontre au secrétariat, à Bruxelles.",
    )
    _tick(colombie, "coordinator-training", when.months_ago(11), karim)
    _tick(
        colombie,
        "si-campaigner-contact",
        when.months_ago(11) + datetime.timedelta(days=12),
        karim,
        "Appel vidéo avec la chargée de campagne Colombie.",
    )
    for kind, days, note in [
        (
            A.GROUP_VISIT,
            300,
            "Présentation de la situation des leaders sociaux au groupe de Liège.",
        ),
        (A.NGO_PLATFORM, 240, "Réunion de la plateforme belge d’ONG sur la Colombie."),
        (A.BLOG, 180, "Billet de blog sur les défenseurs de l’environnement assassinés."),
        (A.LOBBYING, 120, "Visite au SPF Affaires étrangères avec la responsable du plaidoyer."),
        (
            A.CONFERENCE,
            60,
            "Table ronde à l’ULiège sur l’accord de paix, avec une défenseuse invitée.",
        ),
        (A.PRESS, 14, "Interview à la radio sur les menaces contre les leaders sociaux."),
    ]:
        _activity(colombie, kind, when.days_ago(days), note)
    _note(
        c["colombie"],
        T.SI_CONTACTS,
        "Chargée de campagne Colombie au SI",
        "Contact par e-mail d’abord\u202f; appel mensuel le premier mardi. Elle prévient des "
        "actions urgentes avant leur publication.",
        karim,
    )
    _note(
        c["colombie"],
        T.NGO_CONTACTS,
        "Plateforme belge d’ONG sur la Colombie",
        "Réunion tous les deux mois à Bruxelles. Les comptes rendus sont partagés par la "
        "coordinatrice de la plateforme.",
        karim,
    )
    _note(
        c["colombie"],
        T.CASES,
        "Leaders sociaux du Cauca",
        "Suivi de trois leaders menacés\u202f; les groupes de Liège et de Namur ont envoyé des "
        "lettres en début d’année.",
        karim,
    )
    _note(
        c["colombie"],
        T.DOCUMENTS,
        "Rapport annuel et fiches pays",
        "Les dernières fiches pays sont dans le dossier partagé de la section.",
        staff,
    )

    # Mandates at every stage.
    p = people
    _mandate(c["chine"], p["thomas.lejeune"], start=when.months_ago(11))
    _mandate(
        c["chine"], p["hugo.lemaire"], start=when.months_ago(5), role=Mandate.Role.MEMBER, months=12
    )
    # Past the 24 months, still active: the secretariat must decide.
    russie = _mandate(c["russie"], p["nathalie.renard"], start=when.months_ago(27))
    MandateRequest.objects.update_or_create(
        mandate=russie,
        kind=MandateRequest.Kind.HAND_OVER,
        handled_at=None,
        defaults={
            "message": "Je souhaite passer la main\u00a0: je peux accompagner la personne qui "
            "reprendra pendant quelques mois."
        },
    )
    _mandate(c["entreprises-et-droits-humains"], p["olivier.gillet"], start=when.months_ago(26))
    _mandate(c["ethiopie-erythree"], p["jeanne.simon"], start=when.months_ago(25))
    # Ending within 90 days.
    _mandate(
        c["israel-territoires-palestiniens-occupes"], p["julien.lambotte"], start=when.ending_in(45)
    )
    _mandate(c["amerique-centrale"], p["laura.collignon"], start=when.ending_in(70))
    egypte = _mandate(c["egypte"], p["mehdi.bouzid"], start=when.ending_in(20))
    MandateRequest.objects.update_or_create(
        mandate=egypte,
        kind=MandateRequest.Kind.RENEW,
        handled_at=None,
        defaults={"message": "Je continue volontiers deux ans de plus."},
    )
    # New (started less than two months ago).
    syrie = _mandate(c["syrie"], p["yasmina.elamrani"], start=when.days_ago(35))
    _tick(syrie, "support-team-meeting", when.days_ago(30), staff)
    femmes = _mandate(c["droits-des-femmes"], p["celine.marechal"], start=when.days_ago(20))
    _tick(femmes, "support-team-meeting", when.days_ago(15), staff)
    _mandate(c["myanmar"], p["maxime.henrard"], start=when.days_ago(50))
    # Halfway.
    iran = _mandate(c["iran"], p["sarah.mertens"], start=when.months_ago(13))
    _optional_tasks(iran, "media", "public-speaking")
    _mandate(
        c["iran"], p["antoine.devos"], start=when.months_ago(8), role=Mandate.Role.MEMBER, months=12
    )
    refugies = _mandate(c["refugies-et-migrants"], p["isabelle.hautier"], start=when.months_ago(10))
    _activity(
        refugies,
        A.NGO_PLATFORM,
        when.days_ago(21),
        "Réunion de la plateforme des associations actives sur l’accueil.",
    )
    _mandate(
        c["refugies-et-migrants"],
        p["fatou.diallo"],
        start=when.months_ago(6),
        role=Mandate.Role.MEMBER,
        months=12,
    )
    _mandate(c["defenseurs-des-droits-humains"], p["charlotte.piette"], start=when.months_ago(12))
    _mandate(c["droits-des-personnes-lgbti"], p["vincent.bertrand"], start=when.months_ago(14))
    _mandate(c["turquie"], p["gregoire.dethier"], start=when.months_ago(9))
    _mandate(c["afghanistan"], p["lucie.fontaine"], start=when.months_ago(12))
    _mandate(c["venezuela"], p["benoit.jacquet"], start=when.months_ago(15))
    _mandate(c["ukraine"], p["damien.mathieu"], start=when.months_ago(11))

    # Ended: stepped down early, with a reason; these coordinations are vacant now.
    _mandate(
        c["etats-unis"],
        p["marc.delvaux"],
        start=when.months_ago(16),
        ended_on=when.months_ago(4),
        end_kind=Mandate.EndKind.STEPPED_DOWN,
        reason="Départ pour un poste à l’étranger.",
    )
    _mandate(
        c["droits-de-l-enfant"],
        p["anne-sophie.leclercq"],
        start=when.months_ago(20),
        ended_on=when.months_ago(2),
        end_kind=Mandate.EndKind.STEPPED_DOWN,
        reason="Moins de disponibilités pour raisons familiales.",
    )
    _mandate(
        c["commerce-des-armes"],
        p["pierre.thiry"],
        start=when.months_ago(30),
        ended_on=when.months_ago(3),
        end_kind=Mandate.EndKind.STEPPED_DOWN,
        reason="Raisons de santé.",
    )

    # Handed over: the predecessor's mandate ended the day before the successor's first day.
    first_day = when.days_ago(40)
    predecessor = p["amelie.dubois"]
    _mandate(
        c["maghreb"],
        predecessor,
        start=when.months_ago(30),
        ended_on=first_day - datetime.timedelta(days=1),
        end_kind=Mandate.EndKind.HANDED_OVER,
        reason="Passation à une nouvelle coordinatrice après deux ans et demi.",
    )
    maghreb = _mandate(c["maghreb"], p["aurelie.close"], start=first_day)
    _tick(maghreb, "support-team-meeting", first_day + datetime.timedelta(days=5), staff)
    _tick(maghreb, "handover-file", first_day + datetime.timedelta(days=10), p["aurelie.close"])
    _note(
        c["maghreb"],
        T.CASES,
        "Journalistes détenus en Algérie",
        "Deux dossiers suivis avec le SI\u202f; les groupes de Charleroi et de Mons ont adopté "
        "l’un d’eux.",
        predecessor,
    )
    _note(
        c["maghreb"],
        T.NGO_CONTACTS,
        "Associations de la diaspora tunisienne",
        "Deux associations bruxelloises organisent chaque année une soirée-débat à laquelle "
        "la coordination est invitée.",
        predecessor,
    )
    _note(
        c["maghreb"],
        T.PLATFORMS,
        "Collectif sur le Sahara occidental",
        "La coordination n’y représente pas la section\u00a0: observer seulement, et en parler "
        "d’abord au secrétariat.",
        predecessor,
    )

    # Renewed: a first period of 24 months, then a second one that runs now.
    first_start = when.months_ago(30)
    renewed_on = add_months(first_start, 24)
    first = _mandate(
        c["peine-de-mort"],
        p["helene.warnier"],
        start=first_start,
        ended_on=renewed_on,
        end_kind=Mandate.EndKind.RENEWED,
    )
    _mandate(c["peine-de-mort"], p["helene.warnier"], start=renewed_on, renews=first)
    _note(
        c["peine-de-mort"],
        T.PLATFORMS,
        "Coalition mondiale contre la peine de mort",
        "La section en est membre\u202f; la coordination participe à l’assemblée annuelle.",
        p["helene.warnier"],
    )

    mandates = Mandate.objects.filter(coordination__in=coordinations.values())
    out.write(
        f"  coordinations: {len(coordinations)} coordinations, {mandates.count()} mandates "
        f"({mandates.active().count()} active), {len(PEOPLE)} demo coordinators"
    )
