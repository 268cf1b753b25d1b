"""Demo data for the public action pages: one public action with its participants (idempotent:
run again, it finds the same action and the same people)."""

import datetime

from django.conf import settings
from django.utils import timezone

from actions.models import ActionProposal, PublicParticipation

FIRST_NAMES = [
    "Amina", "Lucas", "Chloé", "Mehdi", "Julie", "Thomas", "Sarah", "Nicolas", "Léa", "Karim",
    "Emma", "Hugo", "Inès", "Louis", "Camille", "Youssef", "Manon", "Arthur", "Zoé", "Antoine",
    "Fatou", "Maxime", "Laura", "Samuel", "Élise",
]  # fmt: skip
POSTAL_CODES = ["1000", "1050", "1300", "1348", "4000", "4020", "5000", "6000", "7000", "7500"]


def load(out) -> None:
    published = ActionProposal.objects.filter(status=ActionProposal.Status.PUBLISHED).order_by(
        "-published_at", "pk"
    )
    # The one already public; else the latest open action with authorities to write to.
    proposal = (
        ActionProposal.objects.filter(is_public=True).order_by("pk").first()
        or published.filter(circular__targets__isnull=False).distinct().first()
        or published.first()
    )
    if proposal is None:
        return
    if not proposal.is_public:
        proposal.is_public = True
        proposal.save()
    now = timezone.now()
    for number, first_name in enumerate(FIRST_NAMES):
        # One in three left an address, with consent; the others only their name and code.
        email = f"participant{number + 1}@example.org" if number % 3 == 0 else ""
        participation, created = PublicParticipation.objects.get_or_create(
            proposal=proposal,
            first_name=first_name,
            postal_code=POSTAL_CODES[number % len(POSTAL_CODES)],
            email=email,
            defaults={
                "consent": bool(email),
                "consent_version": settings.PRIVACY_VERSION if email else "",
                "consented_at": now if email else None,
            },
        )
        if created:
            # Spread over the last days, as a shared link brings people in.
            PublicParticipation.objects.filter(pk=participation.pk).update(
                created_at=now - datetime.timedelta(hours=5 * number)
            )
    out.write(
        f"  public action: {proposal.title} ({proposal.get_public_url()}), "
        f"{proposal.public_participations.count()} participants"
    )
