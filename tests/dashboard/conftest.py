"""A known data set for the dashboard: every figure's expected value is written next to the rows
that make it. Dates are relative to today; the time-based figures are checked on the default
period (the last 12 months) and on explicit custom periods."""

import datetime
import uuid
from types import SimpleNamespace

import pytest
from django.utils import timezone

from actions.models import ActionProposal, Circular, FollowUpReport
from coordinations.models import Mandate
from groups.models import Membership
from messaging.models import OutgoingMessage
from recruitment.models import Application, DeclineReason, Vacancy
from tests.actions.factories import (
    AssignmentFactory,
    CircularFactory,
    ProposalFactory,
    PublishedProposalFactory,
    RecipientFactory,
    ReportFactory,
)
from tests.coordinations.factories import (
    CoordinationFactory,
    MandateFactory,
    ThemeCoordinationFactory,
)
from tests.factories import StaffFactory, UserFactory
from tests.groups.factories import LocalGroupFactory, MembershipFactory, place
from tests.recruitment.factories import ApplicationFactory, VacancyFactory

MILESTONES = [180, 90, 30, 0]
LONG_AGO_DAYS = 400


@pytest.fixture(autouse=True)
def _milestones(settings):
    # The expected figures below are computed for these milestones, whatever the environment.
    settings.MANDATE_MILESTONE_DAYS = MILESTONES


@pytest.fixture
def superuser_client(client, db):
    client.force_login(StaffFactory(email="admin@example.org", is_superuser=True))
    return client


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def lead_mandate(coordination, *, ends_in: int, role=Mandate.Role.LEAD, **fields) -> Mandate:
    """A mandate whose commitment ends exactly ``ends_in`` days from today."""
    end = days(ends_in)
    if role == Mandate.Role.LEAD:
        # Several leads of Mexique at once, one per milestone: each in its own coordinator
        # place, as the database requires of overlapping lead mandates.
        fields.setdefault("lead_seat", coordination.mandates.leads().count() + 1)
    mandate = MandateFactory(
        coordination=coordination,
        role=role,
        start_date=end - datetime.timedelta(days=730),
        **fields,
    )
    Mandate.objects.filter(pk=mandate.pk).update(end_date=end)
    return mandate


def message(status: str, n: int) -> OutgoingMessage:
    return OutgoingMessage.objects.create(
        kind="mandate_milestone",
        concerns_type="coordinations.mandate",
        concerns_id=n,
        milestone="30",
        to_email=f"person{n}@example.org",
        subject="Votre mandat",
        text="Bonjour",
        status=status,
        batch=uuid.uuid4(),
    )


@pytest.fixture
def dataset(
    clock,
    db,
    coordination,
    coordinator,
    other_coordinator,
    vacancy,
    group,
    leader,
    other_group,
    other_leader,
):
    now = timezone.now()
    long_ago = now - datetime.timedelta(days=LONG_AGO_DAYS)

    # Coordinations: Mexique and the Great Lakes are held; two active ones are vacant (a team
    # member does not fill a coordination); an inactive one is left out.
    death_penalty = ThemeCoordinationFactory(name="Peine de mort", slug="peine-de-mort")
    china = CoordinationFactory(name="Chine", slug="chine", countries=["CN"])
    MandateFactory(
        coordination=china,
        role=Mandate.Role.MEMBER,
        commitment_months=12,
        volunteer=UserFactory(first_name="Inès", postal_code=""),
    )
    CoordinationFactory(name="Tibet", slug="tibet", countries=["CN"], is_active=False)

    # Mandates on Mexique whose next milestone comes within 90 days, or whose end is past.
    lead_mandate(coordination, ends_in=10)  # the end itself
    lead_mandate(coordination, ends_in=45)  # 30 days before the end
    lead_mandate(coordination, ends_in=100)  # 90 days before the end
    lead_mandate(coordination, ends_in=200)  # 180 days before the end
    lead_mandate(coordination, ends_in=300)  # nothing within 90 days
    lead_mandate(coordination, ends_in=-5)  # to be decided
    lead_mandate(coordination, ends_in=10, role=Mandate.Role.MEMBER, commitment_months=12)
    lead_mandate(
        coordination,
        ends_in=-40,
        status=Mandate.Status.ENDED,
        ended_on=days(-40),
        end_kind=Mandate.EndKind.COMPLETED,
    )
    # A coordinator whose postal code is unknown: not on the map.
    MandateFactory(
        coordination=death_penalty,
        role=Mandate.Role.MEMBER,
        commitment_months=12,
        volunteer=UserFactory(first_name="Zoé", postal_code="9999"),
    )

    # Vacancies: the Mexique vacancy (no deadline) and one closing in five days are open.
    closing = VacancyFactory(
        title="Stand du 10 décembre", deadline=now + datetime.timedelta(days=5)
    )
    closed = VacancyFactory(title="Ancienne offre", status=Vacancy.Status.CLOSED)
    VacancyFactory(title="Offre échue", deadline=now - datetime.timedelta(days=1))
    VacancyFactory(title="Brouillon", status=Vacancy.Status.DRAFT, published_at=None)

    reason, _created = DeclineReason.objects.get_or_create(
        code="position-filled",
        defaults={"name": "Poste pourvu", "message": "Bonjour {first_name}"},
    )
    Status = Application.Status
    ApplicationFactory(vacancy=vacancy, status=Status.SUBMITTED)
    ApplicationFactory(vacancy=vacancy, status=Status.IN_REVIEW)
    ApplicationFactory(vacancy=vacancy, status=Status.DECLINED, decline_reason=reason)
    ApplicationFactory(vacancy=closing, status=Status.INTERVIEW)
    ApplicationFactory(vacancy=closed, status=Status.ACCEPTED, start_date=days(10))
    ApplicationFactory(vacancy=closed, status=Status.WITHDRAWN)
    ApplicationFactory(vacancy=closed, status=Status.SUBMITTED, submitted_at=long_ago)

    # Circulars: two not assigned (one received long ago), two assigned and not relayed (one
    # overdue), one relayed, one closed.
    not_assigned = CircularFactory(title="Reçue, à assigner")
    CircularFactory(
        title="Reçue il y a longtemps",
        issued_on=long_ago.date() - datetime.timedelta(days=1),
        received_on=long_ago.date(),
    )
    assigned = CircularFactory(title="Assignée")
    AssignmentFactory(circular=assigned, coordination=coordination)
    overdue = CircularFactory(title="En retard", issued_on=days(-21), received_on=days(-20))
    AssignmentFactory(circular=overdue, coordination=coordination, relay_due_on=days(-3))
    relayed = CircularFactory(title="Relayée")
    AssignmentFactory(circular=relayed, coordination=coordination)
    PublishedProposalFactory(coordination=coordination, circular=relayed, title="Relais")
    CircularFactory(title="Clôturée", closed_on=days(0), outcome=Circular.Outcome.RELEASED)

    # Proposals: one published with its follow-up overdue (3 groups, 2 reports), one due
    # later, one closed and one draft past their due date; plus "Relais" above (due later).
    third_group = LocalGroupFactory(name="Groupe de Mons", slug="mons", place=place("7000"))
    MembershipFactory(group=third_group, role=Membership.Role.TREASURER)
    MembershipFactory(group=group, role=Membership.Role.TREASURER)
    late = PublishedProposalFactory(
        coordination=coordination,
        title="Lettres au procureur",
        starts_on=days(-30),
        ends_on=days(-5),
        follow_up_due_on=days(-1),
    )
    for target in (group, other_group, third_group):
        RecipientFactory(proposal=late, group=target)
    ReportFactory(proposal=late, group=group, status=FollowUpReport.Status.DONE)
    ReportFactory(proposal=late, group=other_group, status=FollowUpReport.Status.PLANNED)
    petition = PublishedProposalFactory(coordination=coordination, title="Pétition en cours")
    # Public action pages: 3 participations on the petition, 2 on the overdue proposal (whose
    # count must not multiply the overdue and published figures).
    from actions.models import PublicParticipation

    for proposal, first_names in ((petition, ("Amina", "Karim", "Léa")), (late, ("Hugo", "Zoé"))):
        for first_name in first_names:
            PublicParticipation.objects.create(
                proposal=proposal, first_name=first_name, postal_code="5000"
            )
    ProposalFactory(
        coordination=coordination,
        title="Clôturée",
        status=ActionProposal.Status.CLOSED,
        published_at=now,
        closed_at=now,
        starts_on=days(-30),
        ends_on=days(-10),
        follow_up_due_on=days(-2),
    )
    ProposalFactory(
        coordination=coordination,
        title="Brouillon",
        starts_on=days(-30),
        ends_on=days(-10),
        follow_up_due_on=days(-2),
    )
    # An inactive group without anybody is not counted.
    LocalGroupFactory(name="Groupe dissous", slug="dissous", is_active=False)

    for n, status in enumerate(["failed", "failed", "sent", "pending"]):
        message(status, n)

    # The coordinators' signalements (liaison): one overdue, one open in time, one done late.
    from liaison.models import Signalement

    for status, due in (("received", -1), ("in_progress", 3), ("done", -20)):
        Signalement.objects.create(
            coordination=coordination,
            author=coordinator,
            kind="other",
            title=f"Signalement {status}",
            body="…",
            status=status,
            due_on=days(due),
        )

    return SimpleNamespace(
        now=now,
        long_ago=long_ago,
        late_proposal=late,
        closing_vacancy=closing,
        not_assigned_circular=not_assigned,
        third_group=third_group,
        expected={
            "coordinations_active": 4,
            "coordinations_vacant": 2,
            "mandates_to_decide": 1,
            "mandates_milestone": 4,
            "mandates_started": 4,
            "vacancies_open": 2,
            "applications_waiting": 4,
            "applications_received": 6,
            "circulars_not_assigned": 2,
            "circulars_not_relayed": 2,
            "circulars_overdue": 1,
            "proposals_overdue": 1,
            "circulars_received": 5,
            "proposals_published": 4,
            "public_participations": 5,
            "groups_active": 3,
            "groups_without_leader": 1,
            "groups_without_treasurer": 1,
            "messages_failed": 2,
            "signalements_overdue": 1,
            "signalements_open": 2,
        },
    )
