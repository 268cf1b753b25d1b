"""Demo of the people pages: a few tags and notes, two segments, one message already sent.

Loaded after the other apps (INSTALLED_APPS order), so the groups, coordinators and mandates
it refers to exist. Idempotent: a second run finds what the first made.
"""

import datetime

from django.utils import timezone

from accounts import gdpr
from accounts.models import User
from messaging import mailings
from messaging.models import Mailing
from people import services
from people.models import Note, Segment, Tag

STAFF = "staff@example.org"

TAGS = [
    # name, description, who carries it
    (
        "Contact presse",
        "Accepte de répondre aux journalistes au nom de la section.",
        ["coordinator@example.org"],
    ),
    (
        "Forme les nouveaux",
        "Anime les séances d'accueil des nouveaux membres de groupe.",
        ["leader@example.org"],
    ),
    ("Parle espagnol", "Utile pour les actions sur l'Amérique latine.", ["volunteer@example.org"]),
]

NOTES = [
    (
        "coordinator@example.org",
        "Rencontré à l'assemblée générale\u00a0: prêt à reprendre les interviews radio à partir de "
        "janvier, de préférence en semaine.",
    ),
    (
        "leader@example.org",
        "Le groupe de Namur manque d'un lieu de réunion accessible en chaise roulante\u00a0: "
        "proposer la salle de la maison de la solidarité.",
    ),
]

LIEGE_LEADERS = "Responsables de groupe, province de Liège"
ENDING_BEFORE_JUNE = "Coordinations dont l’engagement se termine avant juin"
MESSAGE_SUBJECT = "Rencontre des responsables liégeois le mois prochain"
MESSAGE_FR = (
    "Bonjour {first_name},\n\n"
    "Les responsables des groupes de la province se retrouvent le mois prochain pour échanger "
    "leurs idées de campagne. Pourriez-vous nous dire si quelqu’un de votre groupe ({group}) "
    "sera présent\u202f?\n\n"
    "Votre espace sur le portail\u00a0: {link}\n\n"
    "Le secrétariat"
)
MESSAGE_SUBJECT_EN = "Meeting of the leaders of Liège province next month"
MESSAGE_EN = (
    "Hello {first_name},\n\n"
    "The leaders of the province's groups meet next month to share their campaign ideas. "
    "Could you tell us whether someone from your group ({group}) will come?\n\n"
    "Your space on the portal: {link}\n\n"
    "The secretariat"
)


def _next_june(today: datetime.date) -> datetime.date:
    return datetime.date(today.year + (today.month >= 6), 6, 1)


def load(out) -> None:
    staff = User.objects.get(email=STAFF)
    for name, description, emails in TAGS:
        tag, _created = Tag.objects.update_or_create(
            name=name, defaults={"description": description}
        )
        tag.people.add(*User.objects.filter(email__in=emails))
    for email, body in NOTES:
        person = User.objects.get(email=email)
        if not Note.objects.filter(person=person, body=body).exists():
            services.note_add(person=person, author=staff, body=body)
    # Lucas asked for the section's news (a consent, dated, with the privacy text's version).
    gdpr.news_set(user=User.objects.get(email="volunteer@example.org"), on=True)

    liege, _created = Segment.objects.update_or_create(
        name=LIEGE_LEADERS,
        defaults={"filters": {"role": "leader", "province": "liege"}, "created_by": staff},
    )
    Segment.objects.update_or_create(
        name=ENDING_BEFORE_JUNE,
        defaults={
            "filters": {
                "role": "coordinator",
                "mandate_ends_before": _next_june(timezone.localdate()).isoformat(),
            },
            "created_by": staff,
        },
    )

    sent = Mailing.objects.filter(subject_fr=MESSAGE_SUBJECT).first()
    if sent is None:
        sent = mailings.mailing_save(
            mailing=Mailing(
                kind=Mailing.Kind.SERVICE,
                segment=liege,
                subject_fr=MESSAGE_SUBJECT,
                body_fr=MESSAGE_FR,
                subject_en=MESSAGE_SUBJECT_EN,
                body_en=MESSAGE_EN,
            ),
            people=[],
            actor=staff,
        )
        mailings.mailing_schedule(mailing=sent)
        mailings.mailing_record(mailing_id=sent.pk)
        sent.refresh_from_db()
    out.write(
        f"  people: {len(TAGS)} tags, {len(NOTES)} notes, 2 segments, "
        f"1 message sent to {sent.recipient_count} leaders"
    )
