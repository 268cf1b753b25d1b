"""The API's data: what the public pages show, next to what they must never show (e-mail
addresses, people's names, meeting addresses...), so that a leak would be seen."""

import datetime

import pytest
from django.utils import timezone

from actions.models import PublicParticipation
from events.models import Event
from recruitment.models import Competency, Vacancy
from tests.actions.factories import CircularFactory, PublishedProposalFactory, TargetFactory
from tests.coordinations.factories import CoordinationFactory, MandateFactory
from tests.events.factories import EventFactory, ParticipationFactory, ShiftFactory, StandFactory
from tests.factories import StaffFactory, UserFactory
from tests.groups.factories import LocalGroupFactory, MembershipFactory, place
from tests.recruitment.factories import CoordinationVacancyFactory, PaidJobFactory, VacancyFactory

# Names and addresses of people that the data below holds and the API must never give.
SECRET_NAMES = ("Bertrand", "Wauters", "Hélène", "Vanderlinden", "Théo", "Ysaÿe")


@pytest.fixture
def public_data(places):
    """Two coordinations (Mexique held by Bertrand Wauters, Iran vacant with an open vacancy),
    four open vacancies of three kinds (one applied for by e-mail), a closed and a draft one,
    three groups (Namur, Liège, an inactive one) with their members, a public action with two
    participations and a private one; public events (an assembly, a stand by shifts, a
    cancelled conference, a past one) with participants, an event for members and a draft."""
    now = timezone.now()
    contact = StaffFactory(
        email="helene.vanderlinden@example.org", first_name="Hélène", last_name="Vanderlinden"
    )
    held = CoordinationFactory(
        name="Mexique", slug="mexique", countries=["MX"], secretariat_contact=contact
    )
    holder = UserFactory(
        email="bertrand.wauters@example.org", first_name="Bertrand", last_name="Wauters"
    )
    MandateFactory(coordination=held, volunteer=holder)
    vacant = CoordinationFactory(
        name="Iran",
        slug="iran",
        countries=["IR"],
        is_recruiting=True,
        working_languages=["fr", "en"],
        secretariat_contact=contact,
    )
    coordination_vacancy = CoordinationVacancyFactory(
        coordination=vacant,
        slug="coordination-iran",
        contact_person=contact,
        published_at=now - datetime.timedelta(days=2),
        deadline=now + datetime.timedelta(days=10),
        internal_note="Helene knows the previous coordinator.",
    )
    job = PaidJobFactory(
        slug="conseiller-juridique",
        title="Conseiller juridique",
        apply_method=Vacancy.ApplyMethod.EMAIL,
        apply_email="recrutement.juridique@example.org",
        apply_email_subject="Candidature conseiller juridique",
        how_to_apply="Écrivez à recrutement.juridique@example.org avant la date limite.",
        contact_person=contact,
        published_at=now - datetime.timedelta(days=3),
    )
    job.workload_shares.create(programme="Plaidoyer", percent=60)
    job.workload_shares.create(programme="Campagnes", percent=40)
    job.partners.create(name="Ligue des droits humains", website="https://www.liguedh.be/")
    job.eligibility_conditions.create(text="Résider en Belgique")
    job.languages.create(language="fr", level="C1")
    job.competencies.add(Competency.objects.order_by("pk").first())
    stands = [
        VacancyFactory(
            slug=f"stands-{number}",
            title=f"Bénévole pour les stands {number}",
            published_at=now - datetime.timedelta(days=4, hours=number),
        )
        for number in range(2)
    ]
    closed = VacancyFactory(slug="closed", status=Vacancy.Status.CLOSED)
    draft = VacancyFactory(slug="draft", status=Vacancy.Status.DRAFT, published_at=None)

    namur = LocalGroupFactory(
        name="Groupe de Namur",
        slug="namur",
        place=place("5000"),
        meeting_address="Rue des Brasseurs 12, 5000 Namur",
        individuals_at_risk="Théo Ysaÿe, détenu depuis 2024.",
        secretariat_contact=contact,
        countries=["MX", "IR"],
        founded_in=1975,
    )
    liege = LocalGroupFactory(name="Groupe de Liège", slug="liege", place=place("4000"))
    stopped = LocalGroupFactory(
        name="Groupe d'Arlon", slug="arlon", place=place("6700"), is_active=False
    )
    MembershipFactory(group=namur, volunteer=holder, role="leader")

    circular = CircularFactory(title="Une avocate détenue", summary="Arrêtée pour son travail.")
    TargetFactory(circular=circular)
    action = PublishedProposalFactory(
        coordination=vacant, circular=circular, proposed_by=holder, is_public=True
    )
    for first_name, email in (("Bertrand", "bertrand.wauters@example.org"), ("Hélène", "")):
        PublicParticipation.objects.create(
            proposal=action,
            first_name=first_name,
            postal_code="5000",
            email=email,
            consent=bool(email),
            consent_version="2026-11-23" if email else "",
            consented_at=now if email else None,
        )
    private = PublishedProposalFactory(coordination=held, proposed_by=holder)

    assembly = EventFactory(
        title="Assemblée générale",
        title_en="General assembly",
        slug="assemblee-generale",
        kind=Event.Kind.ASSEMBLY,
        starts_at=now + datetime.timedelta(days=5),
        ends_at=now + datetime.timedelta(days=5, hours=3),
        capacity=50,
        created_by=contact,
        description="Inscriptions auprès de helene.vanderlinden@example.org.",
    )
    ParticipationFactory(event=assembly, person=holder)
    stand = StandFactory(
        slug="stand-namur",
        group=namur,
        starts_at=now + datetime.timedelta(days=8),
        ends_at=now + datetime.timedelta(days=8, hours=6),
        video_url="https://video.example.org/stand",
    )
    shift = ShiftFactory(event=stand, capacity=3)
    ParticipationFactory(event=stand, shift=shift, person=holder)
    cancelled = EventFactory(
        slug="conference-annulee",
        status=Event.Status.CANCELLED,
        organiser=Event.Organiser.COORDINATION,
        coordination=vacant,
        kind=Event.Kind.CONFERENCE,
        starts_at=now + datetime.timedelta(days=12),
        ends_at=now + datetime.timedelta(days=12, hours=2),
    )
    past = EventFactory(
        slug="formation-passee",
        starts_at=now - datetime.timedelta(days=20),
        ends_at=now - datetime.timedelta(days=20) + datetime.timedelta(hours=2),
    )
    members_only = EventFactory(slug="reunion-membres", audience=Event.Audience.MEMBERS)
    draft_event = EventFactory(slug="brouillon", status=Event.Status.DRAFT)
    return {
        "contact": contact,
        "holder": holder,
        "held": held,
        "vacant": vacant,
        "coordination_vacancy": coordination_vacancy,
        "job": job,
        "stands": stands,
        "closed": closed,
        "draft": draft,
        "namur": namur,
        "liege": liege,
        "stopped": stopped,
        "action": action,
        "private_action": private,
        "assembly": assembly,
        "stand": stand,
        "cancelled_event": cancelled,
        "past_event": past,
        "members_event": members_only,
        "draft_event": draft_event,
    }
