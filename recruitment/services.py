"""Operations on vacancies, applying and the pool of interested people, each in one transaction.

The pipeline's moves (review, interview, accept, decline, withdraw) live in
``recruitment.pipeline``, the one module that holds the state machine.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from config.typography import country_with_article, single_country
from coordinations.models import MINIMUM_LEAD_COMMITMENT_MONTHS, Coordination
from recruitment import notifications
from recruitment.models import (
    CEFR_RANK,
    RESERVED_SLUGS,
    Application,
    ApplicationEvent,
    ApplicationLanguage,
    CompetencyRating,
    InterestNotification,
    InterestRegistration,
    Vacancy,
    VacancyLanguage,
    join_requirements,
)
from recruitment.selectors import default_coordinator_competencies
from recruitment.validators import validate_cv

# The level asked by default for a coordination's working languages.
DEFAULT_LANGUAGE_LEVEL = "B2"


def unique_vacancy_slug(title: str, *, exclude_pk: int | None = None) -> str:
    """A slug from the title that no other vacancy (and no reserved address) uses."""
    base = slugify(title)[:180] or "vacancy"
    taken = (
        set(
            Vacancy.objects.filter(slug__startswith=base)
            .exclude(pk=exclude_pk)
            .values_list("slug", flat=True)
        )
        | RESERVED_SLUGS
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def vacancy_draft_for_coordination(*, coordination: Coordination, reason: str) -> Vacancy:
    """The draft vacancy of a coordination, prefilled from it for staff to review and publish.

    Called when a lead mandate ends or its holder asks to hand over. If the coordination already
    has a draft, or a published vacancy still taking applications, that one is returned (with
    the reason added to its internal note) rather than a second one.
    """
    Coordination.objects.select_for_update().filter(pk=coordination.pk).first()
    existing = (
        Vacancy.objects.filter(coordination=coordination)
        .filter(Q(status=Vacancy.Status.DRAFT) | Q(pk__in=Vacancy.objects.open().values("pk")))
        .order_by("status")  # a draft first
        .first()
    )
    if existing:
        if reason and reason not in existing.internal_note:
            existing.internal_note = "\n".join(filter(None, [existing.internal_note, reason]))
            existing.save(update_fields=["internal_note", "updated_at"])
        return existing
    # The vacancy's text is written in the portal's main language, whoever triggers it.
    with translation.override(settings.LANGUAGE_CODE):
        country = single_country(coordination)
        if country:
            # Translators: for_country is "for Iran", "for the United States" ("pour l’Iran",
            # "pour les États-Unis"): the preposition and the article come with it.
            title = _("Volunteer coordinator %(for_country)s") % {
                "for_country": country_with_article(country, "for")
            }
        else:
            title = _("Volunteer coordinator: %(coordination)s") % {
                "coordination": coordination.name
            }
        how_to_apply = _(
            "Apply through this portal: tell us why this coordination matters to you and what "
            "you would bring to it. The coordination support team will then meet you."
        )
        offer = _(
            "The support of the coordination support team, trainings specific to the role, and "
            "close work with the secretariat's campaigners. You organise your time and mostly "
            "work from home."
        )
    vacancy = Vacancy.objects.create(
        kind=Vacancy.Kind.COORDINATION,
        coordination=coordination,
        title=title,
        slug=unique_vacancy_slug(f"coordination {coordination.slug}"),
        summary=coordination.summary,
        context=coordination.description,
        offer=offer,
        how_to_apply=how_to_apply,
        country="BE",
        remote_possible=True,
        start_kind=Vacancy.StartKind.ASAP,
        # Coordinators give the time they have: no figure is invented for them.
        workload_unit=Vacancy.WorkloadUnit.AS_AVAILABLE,
        minimum_commitment_months=MINIMUM_LEAD_COMMITMENT_MONTHS,
        contact_person=coordination.secretariat_contact,
        apply_method=Vacancy.ApplyMethod.PORTAL,
        status=Vacancy.Status.DRAFT,
        internal_note=reason,
    )
    VacancyLanguage.objects.bulk_create(
        VacancyLanguage(vacancy=vacancy, language=code, level=DEFAULT_LANGUAGE_LEVEL)
        for code in dict.fromkeys(coordination.working_languages or [])
    )
    vacancy.competencies.set(default_coordinator_competencies())
    return vacancy


@transaction.atomic
def vacancy_publish(*, vacancy: Vacancy, now: datetime.datetime | None = None) -> Vacancy:
    """Publish a draft (or reopen a closed vacancy) and tell the people waiting for it."""
    now = now or timezone.now()
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.status == Vacancy.Status.FILLED:
        raise ValidationError(_("This vacancy is filled: it cannot be published again."))
    if vacancy.status == Vacancy.Status.PUBLISHED:
        raise ValidationError(_("This vacancy is already published."))
    if vacancy.deadline and vacancy.deadline <= now:
        raise ValidationError(_("The deadline has passed: set a new one before publishing."))
    vacancy.full_clean(exclude=["status", "published_at"])
    vacancy.status = Vacancy.Status.PUBLISHED
    vacancy.published_at = vacancy.published_at or now
    vacancy.save(update_fields=["status", "published_at", "updated_at"])
    announce_to_interested(vacancy=vacancy)
    return vacancy


def interested_registrations(vacancy: Vacancy):
    """Registrations of interest that this vacancy matches: its coordination, country or theme."""
    matches = Q(pk__in=[])
    countries = {code for code in [str(vacancy.country or "")] if code}
    if vacancy.coordination_id:
        coordination = vacancy.coordination
        matches |= Q(kind=InterestRegistration.Kind.COORDINATION, coordination=coordination)
        countries |= {country.code for country in coordination.countries}
        if coordination.theme:
            matches |= Q(kind=InterestRegistration.Kind.THEME, theme__iexact=coordination.theme)
    if vacancy.kind == Vacancy.Kind.COORDINATION:
        # The place of a coordination is Belgium; people follow the countries it covers.
        countries.discard("BE")
        countries |= {country.code for country in vacancy.coordination.countries}
    if countries:
        matches |= Q(kind=InterestRegistration.Kind.COUNTRY, country__in=sorted(countries))
    return InterestRegistration.objects.filter(matches, person__is_active=True)


def announce_to_interested(*, vacancy: Vacancy) -> int:
    """E-mail each matching person once per vacancy (even with several matching interests)."""
    registrations = list(
        interested_registrations(vacancy)
        .exclude(notifications__vacancy=vacancy)
        .select_related("person", "coordination")
        .order_by("person_id", "pk")
    )
    already_told = set(
        InterestNotification.objects.filter(vacancy=vacancy).values_list(
            "registration__person_id", flat=True
        )
    )
    by_person: dict[int, list[InterestRegistration]] = {}
    for registration in registrations:
        by_person.setdefault(registration.person_id, []).append(registration)
    InterestNotification.objects.bulk_create(
        [InterestNotification(registration=r, vacancy=vacancy) for r in registrations],
        ignore_conflicts=True,
    )
    told = 0
    for person_id, theirs in by_person.items():
        if person_id in already_told:
            continue
        notifications.notify_interest_match(theirs[0].person, vacancy, theirs)
        told += 1
    return told


@transaction.atomic
def vacancy_close(*, vacancy: Vacancy) -> Vacancy:
    """Stop taking applications (the applications already in keep their course)."""
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.status != Vacancy.Status.PUBLISHED:
        raise ValidationError(_("Only a published vacancy can be closed."))
    vacancy.status = Vacancy.Status.CLOSED
    vacancy.save(update_fields=["status", "updated_at"])
    return vacancy


def application_refusal(vacancy: Vacancy, applicant: User) -> str | None:
    """Why this person cannot apply to this vacancy now, or None when they can."""
    if not vacancy.applies_through_portal:
        return _("Applications for this vacancy are not made through this portal.")
    if vacancy.status != Vacancy.Status.PUBLISHED:
        return _("This vacancy is closed: it no longer takes applications.")
    if not vacancy.is_open:
        return _("The deadline for this vacancy has passed: applications are closed.")
    if applicant.is_authenticated and vacancy.applications.filter(applicant=applicant).exists():
        return _("You have already applied to this vacancy.")
    return None


@transaction.atomic
def application_submit(
    *,
    vacancy: Vacancy,
    applicant: User,
    motivation: str,
    consent: bool,
    cv=None,
    ratings: dict[int, int] | None = None,
    languages: dict[str, str] | None = None,
    hours_per_week: int | None = None,
    can_travel: bool = False,
    commitment_confirmed: bool = False,
    confirmed_conditions=(),
) -> Application:
    """Record an application: one per person and vacancy, only while the vacancy is open.

    ``ratings`` maps competency ids to a self-rating (1 to 4), ``languages`` language codes to a
    CEFR level. The CV is checked again here by content, whatever the form did.
    """
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    refusal = application_refusal(vacancy, applicant)
    if refusal:
        raise ValidationError(refusal, code="closed")
    if not consent:
        raise ValidationError(
            _("Please agree to the processing of your data: we cannot consider it otherwise."),
            code="consent",
        )
    if vacancy.minimum_commitment_months and not commitment_confirmed:
        raise ValidationError(
            ngettext(
                "This role asks for a commitment of at least %(months)d month: please confirm it.",
                "This role asks for a commitment of at least %(months)d months: please confirm it.",
                vacancy.minimum_commitment_months,
            )
            % {"months": vacancy.minimum_commitment_months},
            code="commitment",
        )
    conditions = list(vacancy.eligibility_conditions.all())
    confirmed_ids = {condition.pk for condition in confirmed_conditions}
    if any(condition.pk not in confirmed_ids for condition in conditions):
        raise ValidationError(_("Please confirm each eligibility condition."), code="eligibility")
    if vacancy.requires_cv and not cv:
        raise ValidationError(_("Please attach your CV."), code="cv")
    sought = {competency.pk for competency in vacancy.competencies.all()}
    ratings = {pk: level for pk, level in (ratings or {}).items() if pk in sought}
    if set(ratings) != sought:
        raise ValidationError(_("Please rate yourself on each competency sought."), code="ratings")
    # Only real CEFR levels are kept ("I do not speak it" is no level).
    languages = {code: level for code, level in (languages or {}).items() if level in CEFR_RANK}
    unmet = [r for r in vacancy.language_requirements() if not r.met_by(languages)]
    if unmet:
        raise ValidationError(
            _("This role asks for %(requirement)s.")
            % {"requirement": join_requirements(unmet, minimum=True)},
            code="languages",
        )
    cv_name = ""
    if cv:
        validate_cv(cv)
        cv_name = cv.name
    now = timezone.now()
    application = Application(
        vacancy=vacancy,
        applicant=applicant,
        motivation=motivation,
        cv_name=cv_name,
        hours_per_week=hours_per_week,
        can_travel=can_travel,
        commitment_confirmed=commitment_confirmed,
        consent_given_at=now,
        privacy_version=settings.PRIVACY_VERSION,
        submitted_at=now,
    )
    if cv:
        # The file is written before the row exists: remove it again if anything below fails,
        # so that a refused or failed application leaves no CV behind.
        application.cv.save(cv.name, cv, save=False)
    try:
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            raise ValidationError(
                _("You have already applied to this vacancy."), code="duplicate"
            ) from None
        application.confirmed_conditions.set(conditions)
        CompetencyRating.objects.bulk_create(
            CompetencyRating(application=application, competency_id=pk, level=level)
            for pk, level in ratings.items()
        )
        ApplicationLanguage.objects.bulk_create(
            ApplicationLanguage(application=application, language=code, level=level)
            for code, level in languages.items()
        )
        ApplicationEvent.objects.create(
            application=application,
            from_status="",
            to_status=Application.Status.SUBMITTED,
            actor=applicant,
            created_at=now,
        )
        notifications.notify_application_received(application)
    except Exception:
        _delete_file(application)
        raise
    return application


def _delete_file(application: Application) -> None:
    if application.cv and application.cv.name:
        application.cv.storage.delete(application.cv.name)


@transaction.atomic
def interest_register(
    *,
    person: User,
    kind: str,
    consent: bool,
    coordination: Coordination | None = None,
    country: str = "",
    theme: str = "",
) -> InterestRegistration:
    """Keep someone in the pool for a coordination, a country or a theme (once for each)."""
    if not consent:
        raise ValidationError(
            _("Please agree to be kept informed: we cannot keep your details otherwise.")
        )
    subject = {
        InterestRegistration.Kind.COORDINATION: {"coordination": coordination},
        InterestRegistration.Kind.COUNTRY: {"country": country},
        InterestRegistration.Kind.THEME: {"theme": theme.strip()},
    }.get(kind)
    if subject is None or not next(iter(subject.values())):
        raise ValidationError(_("Choose what you are interested in."))
    registration, _created = InterestRegistration.objects.update_or_create(
        person=person,
        kind=kind,
        **subject,
        defaults={"consent_given_at": timezone.now(), "privacy_version": settings.PRIVACY_VERSION},
    )
    return registration


@transaction.atomic
def interest_withdraw(*, registration: InterestRegistration) -> None:
    """Forget a registration of interest (and the record of what it was told)."""
    registration.delete()
