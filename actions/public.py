"""Public action pages: the reads and writes behind them (the services and selectors of this one
feature, kept apart from actions/services.py and actions/selectors.py).

What is made public is an *action proposal*, never a circular: the proposal is the section's own
call to act, written by the coordination for people in Belgium, with its dates; a circular is the
International Secretariat's material, often in English and with notes for the movement only. The
public page shows the proposal's request, its circular's summary (the case) and the circular's
targets (public authorities, with their public addresses). Only a published proposal can be made
public; closing its follow-up closes the form, not the page.

Counting: one participation per e-mail address per action, whatever its case (a database
constraint on lower(email)); a second one with the same address is answered with the same thanks
and is not stored, so that the page never tells whether an address already acted. Without an
e-mail, once per browser: a signed cookie, per action, remembers that this browser has acted.
An e-mail is stored only with the person's explicit consent (the privacy notice's version and the
date are kept); an address without the box ticked is refused.
"""

import secrets

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from actions.models import ActionProposal, ActionTarget, PublicParticipation

# The signed cookie that remembers a browser has acted (participations without an e-mail).
ACTED_COOKIE = "acted"
ACTED_SALT = "actions.public.acted"
ACTED_MAX_AGE = 365 * 24 * 60 * 60


def new_public_slug(title: str) -> str:
    """A readable address, with a random end: two actions never share one, and the addresses of
    actions that are not public cannot be guessed from another one's."""
    base = slugify(title)[:60].strip("-") or "action"
    while True:
        slug = f"{base}-{secrets.token_hex(3)}"
        if not ActionProposal.objects.filter(public_slug=slug).exists():
            return slug


# Reads ---------------------------------------------------------------------------------------


def public_action(slug: str) -> ActionProposal | None:
    """The public, published (or closed) proposal at this address, with its circular and its
    participation count (one query); None for any other."""
    return (
        ActionProposal.objects.filter(is_public=True, public_slug=slug)
        .exclude(status=ActionProposal.Status.DRAFT)
        .select_related("circular", "coordination")
        .annotate(participant_count=Count("public_participations"))
        .first()
    )


def public_targets(proposal: ActionProposal) -> QuerySet[ActionTarget]:
    if proposal.circular_id is None:
        return ActionTarget.objects.none()
    return ActionTarget.objects.filter(circular_id=proposal.circular_id)


def participation_count(proposal: ActionProposal) -> int:
    return PublicParticipation.objects.filter(proposal=proposal).count()


def participations_in(starts_at, ends_before) -> Q:
    """For an aggregate over proposals: the participations made in a period."""
    return Q(
        public_participations__created_at__gte=starts_at,
        public_participations__created_at__lt=ends_before,
    )


# Writes --------------------------------------------------------------------------------------


@transaction.atomic
def proposal_set_public(*, proposal: ActionProposal, public: bool) -> ActionProposal:
    """Open or close the public page (the model gives the address and the date)."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    proposal = ActionProposal.objects.select_for_update().get(pk=proposal.pk)
    if public and proposal.status == ActionProposal.Status.DRAFT:
        raise ValidationError(_("Only a published proposal can be made public."))
    proposal.is_public = public
    proposal.save(update_fields=["is_public", "updated_at"])
    return proposal


def participation_record(
    *,
    proposal: ActionProposal,
    first_name: str,
    postal_code: str,
    email: str = "",
    consent: bool = False,
) -> PublicParticipation | None:
    """Count one person; None when the address was already counted for this action (the caller
    thanks them all the same)."""
    email = email.strip()
    participation = PublicParticipation(
        proposal=proposal,
        first_name=first_name.strip(),
        postal_code=postal_code.strip(),
        email=email if consent else "",
        consent=bool(email and consent),
        consent_version=settings.PRIVACY_VERSION if email and consent else "",
        consented_at=timezone.now() if email and consent else None,
    )
    if (
        participation.email
        and PublicParticipation.objects.filter(
            proposal=proposal, email__iexact=participation.email
        ).exists()
    ):
        return None
    try:
        with transaction.atomic():
            participation.save()
    except IntegrityError:  # the same address sent twice at the same moment
        return None
    return participation


def participations_erase(email: str) -> int:
    """Delete the participations made with this address (the person erased their account, or
    asked the secretariat)."""
    if not email:
        return 0
    deleted, _ = PublicParticipation.objects.filter(email__iexact=email).delete()
    return deleted


# The browser's memory of having acted ----------------------------------------------------------


def has_acted(request, proposal: ActionProposal) -> bool:
    try:
        value = request.get_signed_cookie(
            f"{ACTED_COOKIE}-{proposal.pk}", salt=ACTED_SALT, max_age=ACTED_MAX_AGE
        )
    except (KeyError, signing.BadSignature):
        return False
    return value == str(proposal.pk)


def remember_acted(response, proposal: ActionProposal) -> None:
    response.set_signed_cookie(
        f"{ACTED_COOKIE}-{proposal.pk}",
        str(proposal.pk),
        salt=ACTED_SALT,
        max_age=ACTED_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
