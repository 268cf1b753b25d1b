"""Demo data: the secretariat's directory filled, its routing, and signalements of every kind in
several states with their threads. Idempotent: every row is found again by a natural key
(e-mail, role and area, coordination and title). No e-mail is recorded for demo rows."""

import datetime

from django.utils import timezone

from accounts.demo import demo_user
from accounts.models import User
from coordinations.models import Coordination, Mandate
from liaison.models import (
    DEFAULT_ROLES,
    DUE_DAYS,
    Role,
    SecretariatContact,
    Signalement,
    SignalementKind,
    SignalementReply,
    SignalementRoute,
    SignalementStatus,
)
from liaison.selectors import route_for

STAFF = "staff@example.org"

# e-mail, first name, last name, role, area, language, coordinations followed (slugs)
DIRECTORY = [
    (
        "amina.diallo@example.org",
        "Amina",
        "Diallo",
        Role.CAMPAIGNER,
        "Afrique",
        "fr",
        ["afrique-des-grands-lacs", "ethiopie-erythree"],
    ),
    (
        "diego.martin@example.org",
        "Diego",
        "Martin",
        Role.CAMPAIGNER,
        "Amériques",
        "fr",
        ["etats-unis", "mexique", "colombie", "venezuela", "amerique-centrale"],
    ),
    (
        "leila.haddad@example.org",
        "Leïla",
        "Haddad",
        Role.CAMPAIGNER,
        "Moyen-Orient et Afrique du Nord",
        "fr",
        ["israel-territoires-palestiniens-occupes", "syrie", "iran", "egypte", "maghreb", "golfe"],
    ),
    (
        "marc.dubois@example.org",
        "Marc",
        "Dubois",
        Role.CAMPAIGNER,
        "Asie et Europe",
        "fr",
        ["chine", "russie", "myanmar", "afghanistan", "ukraine", "inde", "turquie"],
    ),
    (
        "ines.leroy@example.org",
        "Inès",
        "Leroy",
        Role.CAMPAIGNER,
        "Thématiques",
        "fr",
        [
            "peine-de-mort",
            "refugies-et-migrants",
            "droits-des-femmes",
            "defenseurs-des-droits-humains",
            "entreprises-et-droits-humains",
            "commerce-des-armes",
            "droits-des-personnes-lgbti",
            "droits-de-l-enfant",
        ],
    ),
    ("thomas.renard@example.org", "Thomas", "Renard", Role.LOBBYING, "", "fr", []),
    ("pieter.janssens@example.org", "Pieter", "Janssens", Role.LOBBYING_NL, "", "nl", []),
    ("nathalie.simon@example.org", "Nathalie", "Simon", Role.TRAINING, "", "fr", []),
    ("julie.lambert@example.org", "Julie", "Lambert", Role.PRESS, "", "fr", []),
    ("hugo.maes@example.org", "Hugo", "Maes", Role.INDIVIDUALS_AT_RISK, "", "fr", []),
    (STAFF, "Sophie", "Lambert", Role.GROUP_SUPPORT, "", "fr", []),
]

# kind, status, days ago, title, body, draft, replies (from the secretariat?, text)
SIGNALEMENTS = [
    (
        SignalementKind.URGENT_SI_INFO,
        SignalementStatus.RECEIVED,
        4,
        "Arrestation d'une journaliste à Oaxaca",
        "Le chercheur du SI m'informe d'une arrestation ce matin\u202f; une Action urgente suivra.",
        "",
        [],
    ),
    (
        SignalementKind.PUBLIC_ACTION,
        SignalementStatus.IN_PROGRESS,
        6,
        "Visite d'État du président mexicain en mai",
        "Le président sera reçu au Palais royal\u00a0: je propose un rassemblement place Royale.",
        "",
        [
            (True, "Bonne idée\u00a0: je vérifie la date avec le service protocole."),
            (False, "Merci\u202f! Trois groupes sont déjà partants."),
        ],
    ),
    (
        SignalementKind.BLOG_POST,
        SignalementStatus.DONE,
        20,
        "Billet\u00a0: disparitions forcées au Mexique",
        "Voici un projet de billet pour le blog de la section.",
        "Plus de 100 000 personnes sont portées disparues au Mexique…",
        [(True, "Publié ce matin, merci pour ce texte.")],
    ),
    (
        SignalementKind.MEDIA_REQUEST,
        SignalementStatus.IN_PROGRESS,
        1,
        "Demande d'interview de la RTBF",
        "Une journaliste souhaite m'interroger sur la situation des migrants à la frontière.",
        "",
        [(True, "Je vous appelle pour préparer l'entretien.")],
    ),
    (
        SignalementKind.INDIVIDUAL_AT_RISK,
        SignalementStatus.RECEIVED,
        2,
        "Défenseur de l'environnement menacé au Guerrero",
        "Il a reçu des menaces de mort\u202f; sa famille demande notre soutien.",
        "",
        [],
    ),
    (
        SignalementKind.OTHER,
        SignalementStatus.DECLINED,
        30,
        "Stand au festival de Dour",
        "Pourrait-on tenir un stand cette année\u202f?",
        "",
        [(True, "Pas cette année\u00a0: le budget des événements est déjà engagé.")],
    ),
]


def _directory(coordinations: dict) -> int:
    for order, (email, first, last, role, area, language, followed) in enumerate(DIRECTORY):
        user = User.objects.filter(email=email).first() or demo_user(
            email, first, last, "1000", is_staff=True
        )
        contact, _created = SecretariatContact.objects.update_or_create(
            user=user,
            role=role,
            area=area,
            defaults={"language": language, "active": True, "order": order},
        )
        contact.coordinations.set([coordinations[s] for s in followed if s in coordinations])
    for kind, role in DEFAULT_ROLES.items():
        SignalementRoute.objects.update_or_create(kind=kind, defaults={"role": role})
    return len(DIRECTORY)


def _signalements(today: datetime.date) -> int:
    mandate = (
        Mandate.objects.active()
        .filter(volunteer__email="coordinator@example.org")
        .select_related("coordination", "volunteer")
        .order_by("pk")
        .first()
    )
    if mandate is None:
        return 0
    coordinator, coordination = mandate.volunteer, mandate.coordination
    count = 0
    for kind, status, days_ago, title, body, draft, replies in SIGNALEMENTS:
        sent_on = today - datetime.timedelta(days=days_ago)
        signalement, created = Signalement.objects.get_or_create(
            coordination=coordination,
            title=title,
            defaults={
                "author": coordinator,
                "kind": kind,
                "body": body,
                "draft": draft,
                "status": status,
                "contact": route_for(kind=kind, coordination=coordination),
                "due_on": sent_on + datetime.timedelta(days=DUE_DAYS[kind]),
            },
        )
        count += 1
        if not created:
            continue
        Signalement.objects.filter(pk=signalement.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=days_ago)
        )
        staff = signalement.contact.user if signalement.contact else None
        for from_secretariat, text in replies:
            SignalementReply.objects.create(
                signalement=signalement,
                author=staff if from_secretariat else coordinator,
                from_secretariat=from_secretariat,
                body=text,
            )
    return count


def load(out) -> None:
    coordinations = {c.slug: c for c in Coordination.objects.all()}
    contacts = _directory(coordinations)
    signalements = _signalements(timezone.localdate())
    out.write(f"  liaison: {contacts} secretariat contacts, {signalements} signalements")
