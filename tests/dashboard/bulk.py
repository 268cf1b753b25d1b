"""Large data sets built with bulk_create (no save(), no signals): years of activity in a few
seconds. Fields that save() would derive (a mandate's end date, a group's province and
position) are set here."""

import datetime
import uuid

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from actions.models import (
    ActionProposal,
    Circular,
    CircularAssignment,
    FollowUpReport,
    ProposalRecipient,
)
from config.dates import add_months
from coordinations.models import Coordination, Mandate
from groups.models import LocalGroup, Membership, Place
from messaging.models import OutgoingMessage
from recruitment.models import Application, Vacancy


def users(count: int, prefix: str, **fields) -> list[User]:
    User.objects.bulk_create(
        [
            User(
                email=f"{prefix}{n}@example.org",
                first_name=fields.get("first_name", f"Prénom{n}"),
                last_name=fields.get("last_name", f"Nom{n}"),
                postal_code=fields.get("postal_code", "5000"),
                password="!",
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    return list(User.objects.filter(email__startswith=prefix).order_by("pk"))


def coordinations(count: int, prefix: str = "Coordination") -> list[Coordination]:
    Coordination.objects.bulk_create(
        [
            Coordination(
                name=f"{prefix} {n:05d}",
                slug=f"{prefix.lower()}-{n:05d}",
                kind=Coordination.Kind.COUNTRY,
                countries=["MX"],
                summary="Suivre la situation des droits humains.",
            )
            for n in range(count)
        ]
    )
    return list(Coordination.objects.filter(name__startswith=prefix).order_by("name"))


def mandate(coordination, volunteer, start: datetime.date, **fields) -> Mandate:
    months = fields.pop("commitment_months", 24)
    return Mandate(
        coordination=coordination,
        volunteer=volunteer,
        start_date=start,
        commitment_months=months,
        end_date=add_months(start, months),
        **fields,
    )


def large_portal(size: int = 1) -> None:
    """Several years of a busy section, ``size`` times over."""
    today = timezone.localdate()
    now = timezone.now()
    people = users(400 * size, "bulk")
    held = coordinations(150 * size)
    Mandate.objects.bulk_create(
        [
            mandate(
                coordination,
                people[n % len(people)],
                today - datetime.timedelta(days=(n * 37) % 1400),
                # Two leads per coordination, on dates that may overlap: each in its own place
                # (co-coordinators), as the database requires.
                lead_seat=1 + n // len(held),
            )
            for n, coordination in enumerate(held * 2)
        ]
    )
    Vacancy.objects.bulk_create(
        [
            Vacancy(
                kind=Vacancy.Kind.VOLUNTEER,
                title=f"Offre {n}",
                slug=f"offre-{n}",
                summary="Une offre.",
                status=Vacancy.Status.PUBLISHED if n % 3 else Vacancy.Status.CLOSED,
                published_at=now - datetime.timedelta(days=n),
                deadline=now + datetime.timedelta(days=n % 40) if n % 2 else None,
            )
            for n in range(40 * size)
        ]
    )
    vacancies = list(Vacancy.objects.filter(slug__startswith="offre-"))
    statuses = [s for s in Application.Status.values if s not in ("declined", "accepted")]
    Application.objects.bulk_create(
        [
            Application(
                vacancy=vacancy,
                applicant=person,
                status=statuses[(i + j) % len(statuses)],
                motivation="Motivation",
                consent_given_at=now,
                privacy_version=settings.PRIVACY_VERSION,
                submitted_at=now - datetime.timedelta(days=(i * 13 + j) % 900),
            )
            for i, vacancy in enumerate(vacancies)
            for j, person in enumerate(people[:50])
        ],
        batch_size=2000,
    )
    Circular.objects.bulk_create(
        [
            Circular(
                reference=f"BULK {n}/26",
                title="Action",
                kind=Circular.Kind.URGENT_ACTION,
                issued_on=today - datetime.timedelta(days=n + 1),
                received_on=today - datetime.timedelta(days=n),
                summary="Résumé",
            )
            for n in range(300 * size)
        ]
    )
    circulars = list(Circular.objects.filter(reference__startswith="BULK"))
    CircularAssignment.objects.bulk_create(
        [
            CircularAssignment(
                circular=circular,
                coordination=held[n % len(held)],
                relay_due_on=circular.received_on + datetime.timedelta(days=7),
            )
            for n, circular in enumerate(circulars)
            if n % 3
        ]
    )
    place = Place.objects.filter(postal_code="5000").first()
    LocalGroup.objects.bulk_create(
        [
            LocalGroup(
                name=f"Groupe bulk {n}",
                slug=f"groupe-bulk-{n}",
                place=place,
                province=place.province,
                latitude=place.latitude + n / 1000,
                longitude=place.longitude,
                is_active=bool(n % 10),
            )
            for n in range(120 * size)
        ]
    )
    groups = list(LocalGroup.objects.filter(slug__startswith="groupe-bulk-"))
    Membership.objects.bulk_create(
        [
            Membership(group=group, volunteer=people[(n * 3 + k) % len(people)], role=role)
            for n, group in enumerate(groups)
            for k, role in enumerate(["leader", "treasurer", "member"])
            if not (role == "leader" and n % 7 == 0)
        ]
    )
    ActionProposal.objects.bulk_create(
        [
            ActionProposal(
                coordination=held[n % len(held)],
                circular=circulars[n] if n % 2 else None,
                title=f"Proposition {n}",
                request="Écrire",
                starts_on=today - datetime.timedelta(days=n * 5 + 30),
                ends_on=today - datetime.timedelta(days=n * 5),
                follow_up_due_on=today - datetime.timedelta(days=n * 5 - 14),
                status=ActionProposal.Status.PUBLISHED,
                published_at=now - datetime.timedelta(days=n * 5 + 30),
            )
            for n in range(60 * size)
        ]
    )
    proposals = list(ActionProposal.objects.filter(title__startswith="Proposition "))
    ProposalRecipient.objects.bulk_create(
        [ProposalRecipient(proposal=p, group=g) for p in proposals for g in groups[:30]]
    )
    FollowUpReport.objects.bulk_create(
        [
            FollowUpReport(
                proposal=p,
                group=g,
                status=FollowUpReport.Status.values[k % 3],
                letters_sent=k,
            )
            for p in proposals
            for k, g in enumerate(groups[:20])
        ]
    )
    OutgoingMessage.objects.bulk_create(
        [
            OutgoingMessage(
                kind="bulk",
                concerns_type="x",
                concerns_id=n,
                milestone="0",
                to_email=f"r{n}@example.org",
                subject="s",
                text="b",
                status=["sent", "failed", "pending"][n % 3],
                batch=uuid.uuid4(),
            )
            for n in range(600 * size)
        ]
    )
