"""Demo events: the summer university (full, with a waiting list), trainings with completions,
the 10 December candle stands of three groups with their shifts partly taken, and past events
with attendance and hours. Dates are relative to today; idempotent (events by slug, places by
event, shift and person).

Runs after the groups', coordinations' and actions' demos (INSTALLED_APPS order).
"""

import datetime

from django.utils import timezone

from accounts.models import User
from actions.models import Circular
from coordinations.models import Activity, Coordination, Mandate
from events.models import (
    Event,
    Participation,
    Shift,
    Training,
    TrainingCompletion,
    VolunteerTime,
)
from events.services import training_completion_record
from groups.models import LocalGroup, Membership, Place

STAND_GROUPS = ("namur", "liege", "mons")
Status = Participation.Status


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def _next(today: datetime.date, month: int, day: int, *, at_least_days: int = 0) -> datetime.date:
    """The next ``day``/``month`` at least ``at_least_days`` ahead."""
    candidate = datetime.date(today.year, month, day)
    if candidate < today + datetime.timedelta(days=at_least_days):
        candidate = candidate.replace(year=today.year + 1)
    return candidate


def _place(postal_code: str) -> Place | None:
    return Place.objects.filter(postal_code=postal_code).order_by("pk").first()


def _event(slug: str, **fields) -> Event:
    event, _created = Event.objects.update_or_create(slug=slug, defaults=fields)
    return event


def _shift(event: Event, role: str, start, end, capacity: int, role_en: str = "") -> Shift:
    shift, _created = Shift.objects.update_or_create(
        event=event,
        starts_at=start,
        role=role,
        defaults={"ends_at": end, "capacity": capacity, "role_en": role_en},
    )
    return shift


def _place_for(event, person, *, shift=None, status=Status.CONFIRMED, when, attended=None, by=None):
    minutes = 0
    if attended:
        minutes = (shift or event).attendance_minutes()
    participation, _created = Participation.objects.update_or_create(
        event=event,
        shift=shift,
        person=person,
        defaults={
            "status": status,
            "registered_at": when,
            "confirmed_at": when if status == Status.CONFIRMED else None,
            "waiting_since": when if status == Status.WAITING else None,
            "attended": attended,
            "attendance_marked_by": by if attended is not None else None,
            "credited_minutes": minutes,
        },
    )
    return participation


def _members(slug: str) -> list[User]:
    return [
        m.volunteer for m in Membership.objects.filter(group__slug=slug).select_related("volunteer")
    ]


def load(out) -> None:
    today = timezone.localdate()
    now = timezone.now()
    staff = User.objects.filter(email="staff@example.org").first()
    coordinator = User.objects.filter(email="coordinator@example.org").first()
    leader = User.objects.filter(email="leader@example.org").first()
    volunteer = User.objects.filter(email="volunteer@example.org").first()
    groups = {g.slug: g for g in LocalGroup.objects.filter(slug__in=STAND_GROUPS)}
    everybody = [
        person
        for slug in ("namur", "liege", "mons", "wavre", "charleroi")
        for person in _members(slug)
    ]
    campaign = Circular.objects.filter(kind=Circular.Kind.CAMPAIGN).order_by("-issued_on").first()
    events = 0

    # The summer university: three days at the end of August, full, with a waiting list.
    summer = _next(today, 8, 21, at_least_days=14)
    university = _event(
        "universite-d-ete",
        title="Université d'été des militants",
        title_en="Activists' summer university",
        kind=Event.Kind.CONFERENCE,
        status=Event.Status.PUBLISHED,
        audience=Event.Audience.MEMBERS,
        description=(
            "Trois jours pour se former, débattre et préparer la rentrée\u00a0: ateliers sur les "
            "campagnes, rencontres avec des défenseurs des droits humains, soirée festive."
        ),
        description_en=(
            "Three days of training, debates and preparing the new season: campaign workshops, "
            "meetings with human-rights defenders, a festive evening."
        ),
        starts_at=_at(summer, 9, 30),
        ends_at=_at(summer + datetime.timedelta(days=2), 17),
        venue="Domaine de Mozet",
        address="Rue du Château 1",
        place=_place("5340"),
        capacity=12,
        waiting_list=True,
        registration_deadline=_at(summer - datetime.timedelta(days=10), 23, 59),
        cancel_notice_hours=72,
        created_by=staff,
    )
    for index, person in enumerate(everybody[:15]):
        _place_for(
            university,
            person,
            status=Status.CONFIRMED if index < 12 else Status.WAITING,
            when=now - datetime.timedelta(days=30 - index),
        )
    events += 1

    # Trainings: the new coordinators' (past, completed), running a stand (coming up).
    new_coordinators = Training.objects.filter(code="new-coordinators").first()
    stand_training = Training.objects.filter(code="running-a-stand").first()
    if new_coordinators:
        past = today - datetime.timedelta(days=60)
        session = _event(
            "formation-nouveaux-coordinateurs",
            title="Formation des nouveaux coordinateurs",
            title_en="Training for new coordinators",
            kind=Event.Kind.TRAINING,
            training=new_coordinators,
            status=Event.Status.PUBLISHED,
            audience=Event.Audience.COORDINATORS,
            description="Le rôle de la coordination, les circulaires et le travail avec les groupes.",
            starts_at=_at(past, 10),
            ends_at=_at(past, 16),
            venue="Secrétariat",
            address="Rue Berckmans 9",
            place=_place("1060"),
            capacity=10,
            credited_minutes=5 * 60,
            created_by=staff,
        )
        trainees = [
            m.volunteer
            for m in Mandate.objects.active().select_related("volunteer").order_by("pk")[:4]
        ]
        for person in trainees:
            _place_for(
                session,
                person,
                when=now - datetime.timedelta(days=75),
                attended=True,
                by=staff,
            )
            training_completion_record(
                person=person,
                training=new_coordinators,
                completed_on=past,
                event=session,
                recorded_by=staff,
            )
        events += 1
    if stand_training:
        coming = today + datetime.timedelta(days=9)
        workshop = _event(
            "formation-tenir-un-stand",
            title="Formation\u00a0: tenir un stand",
            title_en="Training: running a stand",
            kind=Event.Kind.TRAINING,
            training=stand_training,
            status=Event.Status.PUBLISHED,
            audience=Event.Audience.MEMBERS,
            description="Avant le 10 décembre\u00a0: accueillir, expliquer la campagne, vendre en sécurité.",
            starts_at=_at(coming, 19),
            ends_at=_at(coming, 21, 30),
            video_url="https://visio.example.org/formation-stand",
            capacity=30,
            created_by=staff,
        )
        for index, person in enumerate(everybody[3:9]):
            _place_for(workshop, person, when=now - datetime.timedelta(days=5 - index % 5))
        # Last year's session: completed by some, valid three years.
        for person in everybody[:5]:
            TrainingCompletion.objects.update_or_create(
                training=stand_training,
                person=person,
                completed_on=today - datetime.timedelta(days=380),
                defaults={"recorded_by": staff},
            )
        events += 1

    # The 10 December stands of three groups: shifts partly taken.
    december = _next(today, 12, 10)
    for slug in STAND_GROUPS:
        group = groups.get(slug)
        if group is None:
            continue
        stand = _event(
            f"stand-10-decembre-{slug}",
            title=f"Stand bougies du 10 décembre – {group.name}",
            title_en=f"10 December candle stand – {group.name}",
            kind=Event.Kind.STAND,
            organiser=Event.Organiser.GROUP,
            group=group,
            audience=Event.Audience.PUBLIC,
            status=Event.Status.PUBLISHED,
            description=(
                "Journée mondiale des droits humains\u00a0: vente de bougies et de vignettes, "
                "signatures pour les personnes en danger. Passez nous voir\u202f!"
            ),
            description_en=(
                "Human Rights Day: candles and stickers for sale, signatures for people at risk. "
                "Come and see us!"
            ),
            starts_at=_at(december, 10),
            ends_at=_at(december, 16),
            venue="Marché de Noël, place principale",
            place=group.place,
            capacity=None,
            campaign=campaign,
            created_by=group.memberships.filter(role=Membership.Role.LEADER).first().volunteer
            if group.memberships.filter(role=Membership.Role.LEADER).exists()
            else None,
        )
        members = _members(slug)
        shifts = [
            _shift(
                stand,
                "Montage et vente",
                _at(december, 10),
                _at(december, 12),
                3,
                "Setting up and selling",
            ),
            _shift(
                stand,
                "Vente de bougies",
                _at(december, 12),
                _at(december, 14),
                2,
                "Selling candles",
            ),
            _shift(
                stand,
                "Vente et rangement",
                _at(december, 14),
                _at(december, 16),
                3,
                "Selling and packing up",
            ),
        ]
        # The first shift almost full, the second complete, the last one short of people.
        for shift, people in zip(shifts, (members[:2], members[2:4], members[4:5]), strict=True):
            for offset, person in enumerate(people):
                _place_for(
                    stand, person, shift=shift, when=now - datetime.timedelta(days=10 + offset)
                )
        events += 1

    # Past events, with attendance and hours.
    assembly_day = today - datetime.timedelta(days=95)
    assembly = _event(
        "assemblee-generale",
        title="Assemblée générale",
        title_en="General assembly",
        kind=Event.Kind.ASSEMBLY,
        status=Event.Status.PUBLISHED,
        audience=Event.Audience.MEMBERS,
        description="Rapport d'activités, comptes, élection du conseil d'administration.",
        starts_at=_at(assembly_day, 13, 30),
        ends_at=_at(assembly_day, 17, 30),
        venue="Centre culturel",
        place=_place("1000"),
        capacity=150,
        created_by=staff,
    )
    new_year = _next(today, 1, 24) - datetime.timedelta(days=365)
    party = _event(
        "nouvel-an-des-militants",
        title="Nouvel An des militants",
        title_en="Activists' New Year",
        kind=Event.Kind.MEETING,
        status=Event.Status.PUBLISHED,
        audience=Event.Audience.MEMBERS,
        description="Bilan de l'année, remerciements et verre de l'amitié.",
        starts_at=_at(new_year, 18),
        ends_at=_at(new_year, 21),
        venue="Secrétariat",
        place=_place("1060"),
        capacity=80,
        created_by=staff,
    )
    for index, person in enumerate(everybody[:12]):
        _place_for(
            assembly,
            person,
            when=now - datetime.timedelta(days=110),
            attended=index % 4 != 3,
            by=staff,
        )
        if index % 2 == 0:
            _place_for(
                party, person, when=now - datetime.timedelta(days=400), attended=True, by=staff
            )
    events += 2
    namur = groups.get("namur")
    if namur is not None:
        meeting_day = today - datetime.timedelta(days=20)
        meeting = _event(
            "reunion-mensuelle-namur",
            title="Réunion mensuelle du groupe de Namur",
            title_en="Namur group's monthly meeting",
            kind=Event.Kind.MEETING,
            organiser=Event.Organiser.GROUP,
            group=namur,
            audience=Event.Audience.GROUP,
            status=Event.Status.PUBLISHED,
            description="Lettres pour les personnes suivies, préparation du 10 décembre.",
            starts_at=_at(meeting_day, 20),
            ends_at=_at(meeting_day, 22),
            venue="Maison de la solidarité",
            place=namur.place,
            created_by=leader,
        )
        for person in _members("namur"):
            _place_for(
                meeting, person, when=now - datetime.timedelta(days=30), attended=True, by=leader
            )
        for offset, person in enumerate(_members("namur")[1:4]):
            VolunteerTime.objects.update_or_create(
                person=person,
                group=namur,
                date=today - datetime.timedelta(days=7 + offset),
                defaults={
                    "minutes": 60 + 30 * offset,
                    "description": "Préparation des bougies et des vignettes",
                    "campaign": campaign,
                    "logged_by": leader,
                },
            )
        events += 1
    # The coordinators' logged activities count in the hours.
    if coordinator is not None:
        Activity.objects.filter(
            mandate__volunteer=coordinator, duration_minutes__isnull=True
        ).update(duration_minutes=120)
    if volunteer is not None and coordinator is not None:
        coordination = Coordination.objects.filter(mandates__volunteer=coordinator).first()
        if coordination is not None:
            talk_day = today + datetime.timedelta(days=21)
            talk = _event(
                f"conference-{coordination.slug}",
                title=f"Conférence-débat\u00a0: {coordination.name}",
                title_en=f"Talk and debate: {coordination.name}",
                kind=Event.Kind.CONFERENCE,
                organiser=Event.Organiser.COORDINATION,
                coordination=coordination,
                status=Event.Status.PUBLISHED,
                description="La coordination présente la situation des droits humains et les actions en cours.",
                starts_at=_at(talk_day, 19, 30),
                ends_at=_at(talk_day, 21, 30),
                venue="Auditoire Socrate",
                place=_place("1348"),
                video_url="https://visio.example.org/conference",
                capacity=80,
                created_by=coordinator,
            )
            _place_for(talk, volunteer, when=now - datetime.timedelta(days=2))
            events += 1
    out.write(f"  events: {events} events with shifts, registrations, attendance and hours")
