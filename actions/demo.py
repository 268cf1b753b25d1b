"""Demo circulars of the International Secretariat over the past year, their assignment to the
demo coordinations, the proposals made from some of them to the demo groups, and the groups'
follow-up. Runs after the coordinations' and the groups' demos.

Every reference, index number, case and authority below is invented. Dates are relative to
today, so that "overdue" and "new this week" stay true whenever the demo is loaded. Rows are
found again by natural keys (reference; circular + coordination; coordination + title; proposal
+ group), so loading twice gives the same data. No e-mail is sent.
"""

import datetime
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from actions import public_demo
from actions.models import (
    ActionProposal,
    ActionTarget,
    Circular,
    CircularAssignment,
    FollowUpReport,
    ProposalRecipient,
    Theme,
)
from coordinations.models import Coordination, Mandate
from groups.models import LocalGroup, Membership

UA = Circular.Kind.URGENT_ACTION
COUNTRY = Circular.Kind.COUNTRY_ACTION
CAMPAIGN = Circular.Kind.CAMPAIGN
FILE = Circular.Kind.ACTION_FILE
RAN = Circular.Kind.RAN_ACTION
CASE = Circular.Kind.INDIVIDUAL_CASE
INFO = Circular.Kind.INFORMATION

# What happened to a circular: still in the secretariat's hands, assigned, acknowledged by the
# coordinator, relayed to the groups, or closed with an outcome.
NEW, ASSIGNED, ACKNOWLEDGED, RELAYED = "new", "assigned", "acknowledged", "relayed"


@dataclass
class Demo:
    reference: str
    index: str
    kind: str
    countries: list[str]
    themes: list[str]
    received: int  # days ago
    title: str
    summary: str
    coordinations: list[str] = field(default_factory=list)
    state: str = ASSIGNED
    urgent: bool = False
    deadline: int | None = None  # days after the issue date
    outcome: str = ""
    outcome_note: str = ""
    targets: list[tuple[str, str, str]] = field(default_factory=list)
    parent: str = ""
    proposal: dict | None = None
    language: str = "en"


def prosecutor(country: str, city: str) -> tuple[str, str, str]:
    return (
        "Procureur général de la République",
        "Monsieur le Procureur général,",
        f"Parquet général\nAvenue centrale 100\n{city}\n{country}",
    )


def minister(ministry: str, country: str, city: str) -> tuple[str, str, str]:
    return (
        f"Ministre {ministry}",
        "Monsieur le Ministre,",
        f"Ministère {ministry}\nPlace du Gouvernement 1\n{city}\n{country}",
    )


def embassy(country: str) -> tuple[str, str, str]:
    return (f"Ambassade de {country} en Belgique", "Excellence,", "1050 Bruxelles\nBelgique")


CIRCULARS = [
    # Colombia: the demo coordinator's inbox (coordinator@example.org).
    Demo(
        "UA 14/26",
        "AMR 23/0412/2026",
        UA,
        ["CO"],
        ["human-rights-defenders"],
        received=9,
        urgent=True,
        deadline=42,
        title="Une dirigeante communautaire menacée de mort dans le Cauca",
        summary=(
            "La présidente d’un conseil communautaire afro-colombien a reçu trois menaces écrites "
            "après avoir dénoncé l’installation d’un groupe armé sur les terres collectives. Les "
            "mesures de protection promises n’ont pas été mises en place. Le SI demande d’écrire "
            "au procureur général et au ministre de l’Intérieur pour qu’une protection collective, "
            "décidée avec la communauté, soit accordée sans délai."
        ),
        coordinations=["colombie"],
        targets=[
            prosecutor("Colombie", "Bogotá"),
            minister("de l’Intérieur", "Colombie", "Bogotá"),
            embassy("Colombie"),
        ],
    ),
    Demo(
        "UA 14/26-1",
        "AMR 23/0498/2026",
        UA,
        ["CO"],
        ["human-rights-defenders"],
        received=2,
        urgent=True,
        deadline=35,
        parent="UA 14/26",
        title="Complément\u00a0: la dirigeante a dû quitter sa communauté",
        summary=(
            "Après une quatrième menace, la dirigeante a été mise à l’abri à Popayán avec sa "
            "famille. La communauté reste exposée. Les appels restent utiles\u00a0: insistez sur la "
            "protection collective du territoire et sur l’enquête concernant les menaces."
        ),
        coordinations=["colombie"],
    ),
    Demo(
        "UA 31/26",
        "AMR 23/0735/2026",
        UA,
        ["CO"],
        ["human-rights-defenders", "climate-justice"],
        received=3,
        deadline=40,
        title="Défenseurs de l’environnement harcelés dans le Magdalena Medio",
        summary=(
            "Quatre membres d’une association de pêcheurs qui s’oppose à la pollution d’une "
            "zone humide sont suivis et photographiés par des inconnus. L’un d’eux a été "
            "agressé à la sortie d’une réunion publique."
        ),
        coordinations=["colombie"],
        targets=[prosecutor("Colombie", "Bogotá")],
    ),
    Demo(
        "CA 2/26",
        "AMR 23/0150/2026",
        COUNTRY,
        ["CO"],
        [],
        received=62,
        deadline=120,
        title="Accord de paix\u00a0: protéger les signataires et les communautés",
        summary=(
            "Action pays sur la mise en œuvre de l’accord de paix\u00a0: des centaines d’anciens "
            "combattants signataires et de dirigeants sociaux ont été tués depuis sa signature. "
            "Lettres aux autorités, cartes de solidarité aux organisations partenaires, et "
            "sensibilisation du public lors d’événements locaux."
        ),
        coordinations=["colombie"],
        state=RELAYED,
        language="fr",
        proposal={
            "title": "Cartes de solidarité pour les dirigeants sociaux colombiens",
            "request": (
                "Pendant votre réunion de ce mois, faites signer les cartes de solidarité "
                "(modèle joint à la circulaire) et envoyez-les au secrétariat, qui les "
                "transmettra. Si vous tenez un stand, proposez aussi la pétition adressée au "
                "président."
            ),
            "target": ActionProposal.Target.ALL,
            "length": 45,
            "follow_up": 60,
        },
    ),
    Demo(
        "UA 102/25",
        "AMR 23/9871/2025",
        UA,
        ["CO"],
        ["human-rights-defenders"],
        received=300,
        urgent=True,
        deadline=45,
        title="Un syndicaliste détenu sans inculpation à Barrancabermeja",
        summary=(
            "Un responsable syndical du secteur pétrolier est détenu depuis une semaine sans "
            "avoir été présenté à un juge. Sa famille craint des mauvais traitements."
        ),
        coordinations=["colombie"],
        state=RELAYED,
        outcome=Circular.Outcome.RELEASED,
        outcome_note="Libéré après 41 jours\u202f; les poursuites ont été abandonnées.",
        targets=[prosecutor("Colombie", "Bogotá")],
        proposal={
            "title": "Lettres pour le syndicaliste détenu à Barrancabermeja",
            "request": "Une lettre par membre au procureur général (modèle en espagnol fourni).",
            "target": ActionProposal.Target.PROVINCES,
            "provinces": ["namur", "liege", "luxembourg"],
            "length": 30,
            "follow_up": 45,
        },
    ),
    # Death penalty.
    Demo(
        "UA 22/26",
        "MDE 13/0551/2026",
        UA,
        ["IR"],
        ["death-penalty"],
        received=6,
        urgent=True,
        deadline=21,
        title="Un jeune homme risque une exécution imminente",
        summary=(
            "Condamné à mort pour des faits qu’il aurait commis à 17 ans, sur la base d’«\u202faveux\u202f» "
            "obtenus sous la torture, un jeune homme a été transféré à l’isolement, ce qui "
            "précède souvent une exécution."
        ),
        coordinations=["iran", "peine-de-mort"],
        state=ACKNOWLEDGED,
        targets=[
            (
                "Responsable du pouvoir judiciaire",
                "Excellence,",
                "Bureau du pouvoir judiciaire\nTéhéran\nIran",
            ),
            embassy("la République islamique d’Iran"),
        ],
    ),
    Demo(
        "ACT 50/0120/2026",
        "ACT 50/0120/2026",
        INFO,
        [],
        ["death-penalty"],
        received=120,
        title="Condamnations à mort et exécutions\u00a0: le rapport annuel",
        summary=(
            "Document d’information préparant la publication du rapport mondial\u00a0: chiffres "
            "clés, tendances régionales, messages pour les médias et pour les groupes."
        ),
        coordinations=["peine-de-mort"],
        state=RELAYED,
        outcome=Circular.Outcome.NO_FURTHER_ACTION,
        outcome_note="Document d’information, diffusé aux groupes.",
        proposal={
            "title": "Présenter le rapport sur la peine de mort lors de votre réunion",
            "request": (
                "Lisez ensemble la synthèse du rapport et choisissez un pays sur lequel "
                "écrire une lettre ouverte à publier dans la presse locale."
            ),
            "target": ActionProposal.Target.ALL,
            "length": 40,
            "follow_up": 50,
        },
        language="fr",
    ),
    Demo(
        "CAMP PDM/26",
        "ACT 50/0802/2026",
        CAMPAIGN,
        [],
        ["death-penalty"],
        received=35,
        deadline=60,
        title="Mobilisation contre la peine de mort\u00a0: un moment public dans chaque commune",
        summary=(
            "Matériel de campagne\u00a0: affiches, pétition et proposition de veillée. Les groupes "
            "sont invités à organiser un moment public dans leur commune pendant la période "
            "de mobilisation."
        ),
        coordinations=["peine-de-mort"],
        state=RELAYED,
        language="fr",
        proposal={
            "title": "Une veillée ou un stand contre la peine de mort",
            "request": (
                "Organisez une veillée, un stand ou une lecture publique pendant la période de "
                "mobilisation, avec la pétition de la campagne. Dites-nous combien de personnes vous avez "
                "rencontrées et combien de signatures vous avez récoltées."
            ),
            "target": ActionProposal.Target.ALL,
            "length": 25,
            "follow_up": 35,
        },
    ),
    Demo(
        "UA 61/25",
        "AMR 51/8120/2025",
        UA,
        ["US"],
        ["death-penalty"],
        received=250,
        urgent=True,
        deadline=20,
        title="Une date d’exécution fixée malgré des doutes sur la culpabilité",
        summary=(
            "Un homme condamné il y a vingt ans doit être exécuté le mois prochain\u202f; des "
            "témoins clés se sont rétractés. Le SI demande d’écrire au gouverneur pour une "
            "commutation."
        ),
        coordinations=["peine-de-mort"],
        outcome=Circular.Outcome.SENTENCE_COMMUTED,
        outcome_note="Le gouverneur a commué la peine en réclusion à perpétuité.",
        targets=[
            ("Gouverneur de l’État", "Monsieur le Gouverneur,", "State Capitol\nUnited States")
        ],
    ),
    # Refugees and migrants.
    Demo(
        "CAMP ASILE/26",
        "EUR 01/0230/2026",
        CAMPAIGN,
        [],
        ["refugees-migrants"],
        received=75,
        deadline=180,
        title="Accueillir dignement\u00a0: campagne pour le droit d’asile en Europe",
        summary=(
            "Campagne européenne sur l’accueil des personnes demandeuses d’asile\u00a0: pétition "
            "aux ministres, fiches d’animation et témoignages pour les séances publiques."
        ),
        coordinations=["refugies-et-migrants"],
        state=RELAYED,
        language="fr",
        proposal={
            "title": "Une séance publique sur l’accueil des demandeurs d’asile",
            "request": (
                "Organisez une projection-débat ou une rencontre avec une association d’accueil "
                "de votre région, et proposez la pétition aux participants."
            ),
            "target": ActionProposal.Target.PROVINCES,
            "provinces": ["brussels", "brabant-wallon", "hainaut"],
            "length": 90,
            "follow_up": 100,
        },
    ),
    Demo(
        "RAN MED 04/26",
        "EUR 01/0611/2026",
        RAN,
        [],
        ["refugees-migrants"],
        received=16,
        deadline=30,
        title="Réseau Méditerranée\u00a0: des naufrages sans enquête",
        summary=(
            "Action du réseau d’action régional\u00a0: appel aux autorités européennes pour des "
            "enquêtes indépendantes sur deux naufrages et pour des opérations de sauvetage."
        ),
        coordinations=["refugies-et-migrants"],
        state=ACKNOWLEDGED,
    ),
    # Women's rights, LGBTI, defenders.
    Demo(
        "UA 40/26",
        "ASA 11/0903/2026",
        UA,
        ["AF"],
        ["womens-rights"],
        received=12,
        urgent=True,
        deadline=30,
        title="Des enseignantes arrêtées pour avoir fait classe à des filles",
        summary=(
            "Trois enseignantes qui donnaient des cours clandestins à des adolescentes ont été "
            "arrêtées\u202f; leurs familles ignorent où elles se trouvent."
        ),
        coordinations=["afghanistan", "droits-des-femmes"],
        state=ACKNOWLEDGED,
    ),
    Demo(
        "FILE FEMMES/26",
        "ACT 77/0350/2026",
        FILE,
        [],
        ["womens-rights"],
        received=95,
        title="Dossier-Action\u00a0: le consentement au cœur de la loi",
        summary=(
            "Dossier-Action sur la définition du viol fondée sur le consentement\u00a0: argumentaire, "
            "animation pour les groupes et lettre type aux parlementaires."
        ),
        coordinations=["droits-des-femmes"],
        state=RELAYED,
        language="fr",
        proposal={
            "title": "Animation «\u202fconsentement\u202f» et lettres aux parlementaires",
            "request": (
                "Utilisez la fiche d’animation lors d’une réunion ouverte, puis envoyez la lettre "
                "type aux parlementaires de votre circonscription."
            ),
            "target": ActionProposal.Target.CHOSEN,
            "groups": ["ixelles", "louvain-la-neuve", "liege", "namur", "mons"],
            "length": 60,
            "follow_up": 75,
        },
    ),
    Demo(
        "UA 55/26",
        "EUR 44/1102/2026",
        UA,
        ["TR"],
        ["lgbti-rights", "freedom-of-expression"],
        received=21,
        deadline=35,
        title="Des étudiants poursuivis pour une marche des fiertés",
        summary=(
            "Onze étudiants sont poursuivis pour «\u202frassemblement illégal\u202f» après une marche sur "
            "leur campus. Le procès s’ouvre dans un mois."
        ),
        coordinations=["turquie", "droits-des-personnes-lgbti"],
        state=ASSIGNED,
        targets=[minister("de la Justice", "Turquie", "Ankara")],
    ),
    Demo(
        "UA 70/25",
        "EUR 46/7788/2025",
        UA,
        ["RU"],
        ["freedom-of-expression"],
        received=200,
        deadline=40,
        title="Une artiste condamnée pour des étiquettes antiguerre",
        summary=(
            "Une artiste a été condamnée à sept ans de colonie pénitentiaire pour avoir remplacé "
            "des étiquettes de prix par des messages contre la guerre."
        ),
        coordinations=["russie"],
        state=RELAYED,
        proposal={
            "title": "Cartes de soutien pour une artiste emprisonnée",
            "request": "Écrivez-lui une carte (texte court, en russe ou en anglais, modèle fourni).",
            "target": ActionProposal.Target.ALL,
            "length": 30,
            "follow_up": 40,
        },
    ),
    Demo(
        "UA 88/26",
        "ASA 17/1420/2026",
        UA,
        ["CN"],
        ["human-rights-defenders"],
        received=4,
        deadline=45,
        title="Un avocat spécialiste des droits humains disparu",
        summary=(
            "Un avocat qui défendait des pétitionnaires n’a plus donné de nouvelles depuis son "
            "interpellation à son domicile. Il pourrait être placé en «\u202frésidence surveillée "
            "dans un lieu désigné\u202f»."
        ),
        coordinations=["chine"],
        state=ASSIGNED,
    ),
    Demo(
        "UA 47/26",
        "ASA 16/1001/2026",
        UA,
        ["MM"],
        ["torture"],
        received=26,
        deadline=40,
        title="Des prisonniers politiques privés de soins",
        summary=(
            "Plusieurs détenus d’une prison régionale, dont un malade du cœur, se voient refuser "
            "tout traitement médical depuis des semaines."
        ),
        coordinations=["myanmar"],
        state=ASSIGNED,
    ),
    Demo(
        "UA 52/26",
        "MDE 12/1066/2026",
        UA,
        ["EG"],
        ["human-rights-defenders", "torture"],
        received=18,
        urgent=True,
        deadline=30,
        title="Une chercheuse en détention provisoire prolongée",
        summary=(
            "Une chercheuse d’une ONG égyptienne est en détention provisoire depuis deux ans, "
            "au-delà du maximum légal, par le jeu de nouvelles accusations."
        ),
        coordinations=["egypte"],
        state=RELAYED,
        targets=[prosecutor("Égypte", "Le Caire"), embassy("la République arabe d’Égypte")],
        proposal={
            "title": "Lettres pour la chercheuse détenue au Caire",
            "request": "Écrivez au procureur général pour demander sa libération immédiate.",
            "target": ActionProposal.Target.PROVINCES,
            "provinces": ["brussels", "brabant-wallon"],
            "length": 21,
            "follow_up": 30,
        },
    ),
    Demo(
        "CA 5/26",
        "MDE 24/0640/2026",
        COUNTRY,
        ["SY"],
        ["enforced-disappearances"],
        received=40,
        title="Syrie\u00a0: la vérité sur les personnes disparues",
        summary=(
            "Action pays en soutien aux familles de personnes disparues, qui demandent un "
            "mécanisme international pour retrouver leurs proches."
        ),
        coordinations=["syrie"],
        state=ACKNOWLEDGED,
        language="fr",
    ),
    Demo(
        "UA 19/26",
        "AMR 53/0777/2026",
        UA,
        ["VE"],
        ["human-rights-defenders"],
        received=45,
        deadline=30,
        title="Un défenseur arrêté à l’aéroport",
        summary=(
            "Le coordinateur d’une ONG de défense des droits des détenus a été arrêté à son "
            "retour d’une conférence à l’étranger."
        ),
        coordinations=["venezuela"],
        outcome=Circular.Outcome.RELEASED,
        outcome_note="Remis en liberté conditionnelle après cinq semaines.",
        state=ACKNOWLEDGED,
    ),
    Demo(
        "CASE UA-KYIV/26",
        "EUR 50/0905/2026",
        CASE,
        ["UA"],
        ["torture"],
        received=50,
        title="Cas individuel\u00a0: un civil détenu depuis trois ans",
        summary=(
            "Un enseignant enlevé dans une zone occupée est détenu depuis trois ans sans "
            "contact avec sa famille ni avec un avocat. Le SI propose des lettres régulières."
        ),
        coordinations=["ukraine"],
        state=RELAYED,
        proposal={
            "title": "Adopter le cas de l’enseignant détenu",
            "request": (
                "Votre groupe peut suivre ce cas toute l’année\u00a0: une lettre par trimestre aux "
                "autorités, un message à sa famille, et une mention lors de vos stands."
            ),
            "target": ActionProposal.Target.CHOSEN,
            "groups": ["namur", "wavre", "verviers"],
            "length": 300,
            "follow_up": 30,
        },
    ),
    Demo(
        "RAN MENA 02/26",
        "MDE 29/0214/2026",
        RAN,
        ["MA", "DZ", "TN"],
        ["freedom-of-expression"],
        received=30,
        title="Réseau Maghreb\u00a0: des journalistes poursuivis pour leurs écrits",
        summary=(
            "Action du réseau d’action régional sur des poursuites engagées contre des "
            "journalistes dans trois pays de la région."
        ),
        coordinations=["maghreb"],
        state=ASSIGNED,
    ),
    Demo(
        "UA 63/26",
        "AMR 34/1210/2026",
        UA,
        ["GT"],
        ["indigenous-peoples", "human-rights-defenders"],
        received=11,
        deadline=40,
        title="Des défenseurs autochtones expulsés de leurs terres",
        summary=(
            "Une communauté maya a été expulsée par la force\u202f; trois de ses porte-parole sont "
            "poursuivis pour «\u202fusurpation\u202f»."
        ),
        coordinations=["amerique-centrale"],
        state=ASSIGNED,
    ),
    Demo(
        "INFO ARMES/26",
        "ACT 30/0301/2026",
        INFO,
        [],
        ["arms-trade"],
        received=140,
        title="Transferts d’armes et crimes de guerre\u00a0: note d’information",
        summary=(
            "Note d’information sur les exportations d’armes vers des zones de conflit et sur "
            "les obligations des États européens."
        ),
        coordinations=["commerce-des-armes"],
        state=ASSIGNED,
    ),
    Demo(
        "FILE ENTREPRISES/26",
        "POL 30/0450/2026",
        FILE,
        [],
        ["business-human-rights"],
        received=160,
        title="Dossier-Action\u00a0: le devoir de vigilance des entreprises",
        summary=(
            "Dossier-Action sur la législation européenne relative au devoir de vigilance\u00a0: "
            "fiches pour les groupes, lettre aux eurodéputés belges."
        ),
        coordinations=["entreprises-et-droits-humains"],
        state=RELAYED,
        language="fr",
        proposal={
            "title": "Lettres aux eurodéputés sur le devoir de vigilance",
            "request": "Envoyez la lettre type à au moins deux eurodéputés belges.",
            "target": ActionProposal.Target.ALL,
            "length": 45,
            "follow_up": 60,
        },
    ),
    Demo(
        "CA 8/26",
        "AFR 25/0820/2026",
        COUNTRY,
        ["ET", "ER"],
        ["enforced-disappearances"],
        received=70,
        title="Éthiopie et Érythrée\u00a0: la détention au secret",
        summary=(
            "Action pays sur des personnes détenues au secret depuis des années, sans "
            "procès, dans les deux pays."
        ),
        coordinations=["ethiopie-erythree"],
        state=ACKNOWLEDGED,
    ),
    # Coordinations nobody holds at the moment: the registry flags them.
    Demo(
        "UA 75/26",
        "AMR 41/1234/2026",
        UA,
        ["MX"],
        ["enforced-disappearances"],
        received=5,
        urgent=True,
        deadline=30,
        title="Une mère qui cherche son fils disparu reçoit des menaces",
        summary=(
            "Membre d’un collectif de familles de disparus, elle a été menacée après avoir "
            "découvert une fosse clandestine."
        ),
        state=NEW,
    ),
    Demo(
        "UA 81/26",
        "AFR 62/1300/2026",
        UA,
        ["CD"],
        ["human-rights-defenders"],
        received=7,
        deadline=40,
        title="Des militants citoyens arrêtés à Goma",
        summary=(
            "Cinq membres d’un mouvement citoyen ont été arrêtés lors d’une manifestation "
            "pacifique contre l’insécurité."
        ),
        coordinations=["afrique-des-grands-lacs"],
        state=ASSIGNED,
    ),
    Demo(
        "UA 90/26",
        "AMR 51/1402/2026",
        UA,
        ["US"],
        ["refugees-migrants"],
        received=1,
        deadline=30,
        title="Des demandeurs d’asile renvoyés sans examen de leur demande",
        summary=(
            "Une famille demandeuse d’asile a été renvoyée à la frontière sans avoir pu "
            "déposer sa demande\u202f; le SI demande d’écrire aux autorités fédérales."
        ),
        state=NEW,
    ),
    Demo(
        "CA 11/26",
        "MDE 15/1150/2026",
        COUNTRY,
        ["IL", "PS"],
        [],
        received=24,
        title="Israël et Territoires palestiniens occupés\u00a0: protéger les civils",
        summary="Action pays\u00a0: appel à la protection des civils et à l’accès humanitaire.",
        coordinations=["israel-territoires-palestiniens-occupes"],
        state=ASSIGNED,
        language="fr",
    ),
    Demo(
        "INFO INDE/26",
        "ASA 20/0990/2026",
        INFO,
        ["IN"],
        ["freedom-of-expression"],
        received=85,
        title="Inde\u00a0: les lois antiterroristes contre la société civile",
        summary="Document d’information sur l’usage de lois antiterroristes contre des ONG.",
        state=NEW,
    ),
    Demo(
        "UA 44/26",
        "MDE 23/0980/2026",
        UA,
        ["SA"],
        ["death-penalty"],
        received=28,
        urgent=True,
        deadline=20,
        title="Des travailleurs étrangers condamnés à mort",
        summary=(
            "Deux travailleurs étrangers ont été condamnés à mort pour trafic de stupéfiants à "
            "l’issue d’un procès sans interprète."
        ),
        coordinations=["golfe", "peine-de-mort"],
        state=ASSIGNED,
    ),
    # Older circulars, closed.
    Demo(
        "UA 12/25",
        "MDE 13/4410/2025",
        UA,
        ["IR"],
        ["womens-rights"],
        received=340,
        deadline=40,
        title="Des militantes arrêtées après une manifestation",
        summary="Trois militantes des droits des femmes détenues à la prison d’Evin.",
        coordinations=["iran", "droits-des-femmes"],
        state=RELAYED,
        outcome=Circular.Outcome.RELEASED,
        outcome_note="Deux ont été libérées sous caution\u202f; la troisième a purgé sa peine.",
        proposal={
            "title": "Lettres pour trois militantes iraniennes",
            "request": "Une lettre au responsable du pouvoir judiciaire et une à l’ambassade.",
            "target": ActionProposal.Target.ALL,
            "length": 30,
            "follow_up": 45,
        },
    ),
    Demo(
        "UA 33/25",
        "EUR 44/5120/2025",
        UA,
        ["TR"],
        ["human-rights-defenders"],
        received=280,
        deadline=40,
        title="Le président d’une association de défense des droits en procès",
        summary="Procès d’un défenseur accusé d’«\u202fappartenance à une organisation terroriste\u202f».",
        coordinations=["turquie"],
        state=ACKNOWLEDGED,
        outcome=Circular.Outcome.CHARGES_DROPPED,
        outcome_note="Acquitté en première instance.",
    ),
    Demo(
        "UA 58/25",
        "ASA 11/6120/2025",
        UA,
        ["AF"],
        ["human-rights-defenders"],
        received=230,
        deadline=30,
        title="Un journaliste menacé par les autorités de facto",
        summary="Un journaliste local a été convoqué à plusieurs reprises et menacé.",
        coordinations=["afghanistan"],
        state=ACKNOWLEDGED,
        outcome=Circular.Outcome.ACTION_STOPPED,
        outcome_note="Le SI a arrêté l’action à la demande de la famille, pour sa sécurité.",
    ),
    Demo(
        "CAMP ECRIRE/25",
        "POL 10/5500/2025",
        CAMPAIGN,
        [],
        ["human-rights-defenders"],
        received=360,
        deadline=90,
        title="Marathon des lettres\u00a0: dix cas pour décembre",
        summary=(
            "La grande campagne de lettres de fin d’année\u00a0: dix cas, du matériel pour les "
            "stands et les écoles, et des bougies à vendre autour du 10 décembre."
        ),
        coordinations=["defenseurs-des-droits-humains"],
        state=RELAYED,
        outcome=Circular.Outcome.NO_FURTHER_ACTION,
        outcome_note="Campagne terminée\u00a0: les résultats ont été envoyés au SI.",
        language="fr",
        proposal={
            "title": "Marathon des lettres autour du 10 décembre",
            "request": (
                "Tenez un stand ou une soirée d’écriture autour du 10 décembre, proposez les "
                "dix cas et vendez les bougies. Comptez les lettres écrites."
            ),
            "target": ActionProposal.Target.ALL,
            "length": 40,
            "follow_up": 60,
        },
    ),
    Demo(
        "UA 08/26",
        "AFR 16/0101/2026",
        UA,
        ["BI"],
        ["human-rights-defenders"],
        received=100,
        deadline=30,
        title="Un défenseur burundais condamné en appel",
        summary="La condamnation à cinq ans de prison d’un défenseur a été confirmée en appel.",
        coordinations=["afrique-des-grands-lacs"],
        state=ASSIGNED,
    ),
    Demo(
        "INFO UKRAINE/26",
        "EUR 50/0210/2026",
        INFO,
        ["UA"],
        [],
        received=130,
        title="Ukraine\u00a0: note sur les attaques contre les infrastructures civiles",
        summary="Document d’information pour les prises de parole publiques des coordinations.",
        coordinations=["ukraine"],
        state=ACKNOWLEDGED,
        outcome=Circular.Outcome.NO_FURTHER_ACTION,
    ),
    Demo(
        "UA 95/26",
        "ASA 16/1500/2026",
        UA,
        ["MM"],
        ["refugees-migrants"],
        received=0,
        urgent=True,
        deadline=20,
        title="Des réfugiés rohingyas menacés de renvoi",
        summary="Une cinquantaine de réfugiés arrêtés en mer risquent d’être renvoyés.",
        state=NEW,
    ),
    Demo(
        "UA 27/26",
        "EUR 46/0720/2026",
        UA,
        ["RU"],
        ["torture"],
        received=38,
        deadline=40,
        title="Un objecteur de conscience maltraité en détention",
        summary="Un jeune homme qui a refusé de combattre dit avoir été battu en détention.",
        coordinations=["russie"],
        state=ASSIGNED,
    ),
]

# (status, letters, signatures, people reached, events) by the position of the group.
REPORT_PATTERNS = [
    (FollowUpReport.Status.DONE, 14, 0, 0, 0),
    (FollowUpReport.Status.DONE, 6, 85, 120, 1),
    (FollowUpReport.Status.PLANNED, 0, 0, 0, 1),
    (FollowUpReport.Status.DONE, 22, 140, 300, 2),
    (FollowUpReport.Status.NOT_TAKEN_UP, 0, 0, 0, 0),
    (FollowUpReport.Status.DONE, 9, 35, 40, 1),
]
COMMENTS = [
    "Fait pendant la réunion mensuelle, tout le monde a écrit.",
    "Stand au marché du samedi\u00a0: beaucoup d’intérêt, surtout chez les jeunes.",
    "Prévu lors de notre prochaine réunion.",
    "Soirée d’écriture à la bibliothèque, avec une classe de rhétorique.",
    "Pas possible ce mois-ci\u00a0: le groupe prépare la vente de bougies.",
    "",
]


def _lead(coordination: Coordination) -> User | None:
    mandate = (
        Mandate.objects.active()
        .filter(coordination=coordination)
        .select_related("volunteer")
        .order_by("role", "start_date")
        .first()
    )
    return mandate.volunteer if mandate else None


def _proposal(circular, coordination, spec, today, groups_by_slug) -> tuple[int, int]:
    """One published (or closed) proposal with its targeted groups and some of their reports."""
    starts_on = circular.received_on + datetime.timedelta(days=3)
    ends_on = starts_on + datetime.timedelta(days=spec["length"])
    follow_up = starts_on + datetime.timedelta(days=spec["follow_up"])
    closed = follow_up < today - datetime.timedelta(days=30)
    person = _lead(coordination)
    published_at = timezone.make_aware(datetime.datetime.combine(starts_on, datetime.time(9, 30)))
    proposal, _created = ActionProposal.objects.update_or_create(
        coordination=coordination,
        title=spec["title"],
        defaults={
            "circular": circular,
            "request": spec["request"],
            "target": spec["target"],
            "provinces": spec.get("provinces", []),
            "starts_on": starts_on,
            "ends_on": ends_on,
            "follow_up_due_on": max(follow_up, starts_on),
            "status": ActionProposal.Status.CLOSED if closed else ActionProposal.Status.PUBLISHED,
            "proposed_by": person,
            "published_by": person,
            "published_at": published_at,
            "closed_at": published_at + datetime.timedelta(days=spec["follow_up"] + 20)
            if closed
            else None,
        },
    )
    chosen = [groups_by_slug[slug] for slug in spec.get("groups", []) if slug in groups_by_slug]
    proposal.chosen_groups.set(chosen if spec["target"] == ActionProposal.Target.CHOSEN else [])
    if not closed and circular.targets.count() >= 2:
        _letter_template(circular, person)
    # What the groups get on their action page: all of the circular's targets and documents,
    # the coordinator's default when proposing.
    proposal.targets.set(circular.targets.all())
    proposal.documents.set(circular.attachments.all())
    targeted = list(proposal.targeted_groups().order_by("name"))
    for group in targeted:
        ProposalRecipient.objects.get_or_create(proposal=proposal, group=group)
    leaders = {
        m.group_id: m.volunteer
        for m in Membership.objects.filter(
            group__in=targeted, role=Membership.Role.LEADER
        ).select_related("volunteer")
    }
    # Most groups report on old proposals, fewer on recent ones: some are still missing.
    share = 3 if closed else 2
    reports = 0
    for position, group in enumerate(targeted):
        if position % share == share - 1 and not closed:
            continue
        if position % 5 == 4:
            continue
        status, letters, signatures, people, events = REPORT_PATTERNS[
            (reports + len(proposal.title)) % len(REPORT_PATTERNS)
        ]
        FollowUpReport.objects.update_or_create(
            proposal=proposal,
            group=group,
            defaults={
                "status": status,
                "letters_sent": letters,
                "signatures_collected": signatures,
                "people_reached": people,
                "events_held": events,
                "comment": COMMENTS[(reports + len(proposal.title)) % len(COMMENTS)],
                "reported_by": leaders.get(group.pk),
                "reported_at": published_at + datetime.timedelta(days=10 + position % 20),
            },
        )
        reports += 1
    return 1, reports


def load(out) -> None:
    today = timezone.localdate()
    staff = User.objects.filter(email="staff@example.org").first()
    coordinations = {c.slug: c for c in Coordination.objects.all()}
    themes = {t.code: t for t in Theme.objects.all()}
    groups_by_slug = {g.slug: g for g in LocalGroup.objects.active()}
    have_groups = bool(groups_by_slug)
    now = timezone.now()
    by_reference: dict[str, Circular] = {}
    assignments = proposals = reports = skipped = 0

    for item in CIRCULARS:
        received_on = today - datetime.timedelta(days=item.received)
        issued_on = received_on - datetime.timedelta(days=1 + item.received % 2)
        closed_on = None
        if item.outcome:
            closed_on = min(today, received_on + datetime.timedelta(days=25 + item.received % 20))
        circular, _created = Circular.objects.update_or_create(
            reference=item.reference,
            defaults={
                "index_number": item.index,
                "title": item.title,
                "kind": item.kind,
                "countries": item.countries,
                "issued_on": issued_on,
                "received_on": received_on,
                "action_deadline": issued_on + datetime.timedelta(days=item.deadline)
                if item.deadline
                else None,
                "summary": item.summary,
                "language": item.language,
                "link": "https://example.org/si/documents/"
                + item.index.lower().replace(" ", "-").replace("/", "-"),
                "priority": Circular.Priority.URGENT if item.urgent else Circular.Priority.NORMAL,
                "parent": by_reference.get(item.parent),
                "outcome": item.outcome,
                "outcome_note": item.outcome_note,
                "closed_on": closed_on,
                "registered_by": staff,
            },
        )
        by_reference[item.reference] = circular
        circular.themes.set([themes[code] for code in item.themes if code in themes])
        for order, (authority, salutation, address) in enumerate(item.targets):
            ActionTarget.objects.update_or_create(
                circular=circular,
                order=order,
                defaults={"authority": authority, "salutation": salutation, "address": address},
            )
        circular.targets.filter(order__gte=len(item.targets)).delete()

        if item.state == NEW:
            continue
        for slug in item.coordinations:
            coordination = coordinations.get(slug)
            if coordination is None:
                skipped += 1
                continue
            acknowledged = item.state in (ACKNOWLEDGED, RELAYED)
            lead = _lead(coordination)
            CircularAssignment.objects.update_or_create(
                circular=circular,
                coordination=coordination,
                defaults={
                    "relay_due_on": circular.default_relay_due_on(),
                    "assigned_by": staff,
                    "acknowledged_at": now - datetime.timedelta(days=max(item.received - 1, 0))
                    if acknowledged and lead
                    else None,
                    "acknowledged_by": lead if acknowledged else None,
                },
            )
            assignments += 1
        if item.state == RELAYED and item.proposal and item.coordinations:
            coordination = coordinations.get(item.coordinations[0])
            if coordination is None:
                continue
            if not have_groups:
                continue
            made, written = _proposal(circular, coordination, item.proposal, today, groups_by_slug)
            proposals += made
            reports += written

    # One of the proposals made public, with its participants (actions/public_demo.py).
    public_demo.load(out)
    note = "" if have_groups else " (no local group yet: proposals skipped)"
    if skipped:
        note += f" ({skipped} assignments skipped: coordination missing)"
    out.write(
        f"  actions: {len(CIRCULARS)} SI circulars, {assignments} assignments, "
        f"{proposals} proposals to groups, {reports} follow-up reports{note}"
    )


def _letter_template(circular, person) -> None:
    """The circular's letter template, for the groups to download and fill in (once: the demo
    can be loaded again). It is the portal's own base letter, whose placeholders name the
    authority, its address, the date and the group."""
    from actions.letters import BASE_TEMPLATE
    from actions.services import attachment_add

    title = "Modèle de lettre"
    if circular.attachments.filter(title=title).exists():
        return
    attachment_add(
        circular=circular,
        file=SimpleUploadedFile(
            "modele-de-lettre.docx",
            BASE_TEMPLATE.read_bytes(),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        title=title,
        uploaded_by=person,
    )
