"""Applying, the pool of interested people, the draft vacancy of a coordination, selectors."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from recruitment import selectors, services
from recruitment.models import (
    Application,
    Competency,
    EligibilityCondition,
    InterestNotification,
    InterestRegistration,
    Vacancy,
    VacancyLanguage,
)
from tests.coordinations.factories import CoordinationFactory, ThemeCoordinationFactory
from tests.factories import StaffFactory
from tests.recruitment.conftest import stored_files
from tests.recruitment.factories import (
    ApplicationFactory,
    CoordinationVacancyFactory,
    InterestRegistrationFactory,
    PaidJobFactory,
    VacancyFactory,
)
from tests.recruitment.files import pdf_bytes, upload

# Dates relative to today, on the fixed clock of tests/clock.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def submit(vacancy, applicant, **overrides):
    arguments = {
        "motivation": "Je voudrais suivre le Mexique pour la section.",
        "consent": True,
        "commitment_confirmed": True,
        "ratings": {c.pk: 3 for c in vacancy.competencies.all()},
        "confirmed_conditions": list(vacancy.eligibility_conditions.all()),
    }
    return services.application_submit(
        vacancy=vacancy, applicant=applicant, **{**arguments, **overrides}
    )


# Applying ---------------------------------------------------------------------------------


def test_an_application_records_consent_history_and_answers(
    vacancy, volunteer, settings, mailoutbox, django_capture_on_commit_callbacks
):
    competency = Competency.objects.get(code="english")
    vacancy.competencies.set([competency])
    with django_capture_on_commit_callbacks(execute=True):
        application = submit(
            vacancy,
            volunteer,
            ratings={competency.pk: 4},
            languages={"es": "B2", "en": ""},
            hours_per_week=6,
            can_travel=True,
        )
    assert application.status == Application.Status.SUBMITTED
    assert application.privacy_version == settings.PRIVACY_VERSION
    assert timezone.now() - application.consent_given_at < datetime.timedelta(minutes=1)
    assert application.commitment_confirmed
    assert [(r.competency.code, r.level) for r in application.competency_ratings.all()] == [
        ("english", 4)
    ]
    assert [(lang.language, lang.level) for lang in application.languages.all()] == [("es", "B2")]
    event = application.events.get()
    assert (event.from_status, event.to_status, event.actor) == ("", "submitted", volunteer)
    assert {m.to[0] for m in mailoutbox} == {"volunteer@example.org", "secretariat@example.org"}


def test_one_application_per_person_and_vacancy(vacancy, volunteer):
    submit(vacancy, volunteer)
    with pytest.raises(ValidationError, match="déjà postulé"):
        submit(vacancy, volunteer)
    assert Application.objects.count() == 1


def test_the_database_refuses_a_second_application_too(application):
    with pytest.raises(IntegrityError):
        ApplicationFactory(vacancy=application.vacancy, applicant=application.applicant)


def test_a_vacancy_past_its_deadline_refuses_applications(volunteer):
    vacancy = VacancyFactory(deadline=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="date limite de cette offre est dépassée"):
        submit(vacancy, volunteer)
    assert not Application.objects.exists()


def test_a_vacancy_open_until_a_minute_from_now_takes_applications(volunteer):
    vacancy = VacancyFactory(deadline=timezone.now() + datetime.timedelta(minutes=1))
    assert submit(vacancy, volunteer).pk


@pytest.mark.parametrize("status", [Vacancy.Status.CLOSED, Vacancy.Status.FILLED])
def test_a_closed_vacancy_refuses_applications(status, volunteer):
    vacancy = VacancyFactory(status=status)
    with pytest.raises(ValidationError, match="clôturée"):
        submit(vacancy, volunteer)
    assert not Application.objects.exists()


def test_an_apply_elsewhere_vacancy_takes_no_application_here(volunteer):
    vacancy = PaidJobFactory(apply_method="email", apply_email="jobs@example.org")
    with pytest.raises(ValidationError, match="ne passent pas par ce portail"):
        submit(vacancy, volunteer)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"consent": False}, "traitement de vos données"),
        ({"commitment_confirmed": False}, "au moins 24 mois"),
        ({"confirmed_conditions": []}, "chaque condition"),
        ({"ratings": {}}, "chaque compétence"),
    ],
)
def test_missing_confirmations_are_refused(overrides, message, vacancy, volunteer):
    EligibilityCondition.objects.create(vacancy=vacancy, text="Résider en Belgique")
    vacancy.competencies.set([Competency.objects.get(code="english")])
    with pytest.raises(ValidationError, match=message):
        submit(vacancy, volunteer, **overrides)
    assert not Application.objects.exists()


def test_a_job_needs_a_cv_and_keeps_it_under_a_generated_private_name(volunteer, private_media):
    job = PaidJobFactory()
    with pytest.raises(ValidationError, match="joindre votre CV"):
        submit(job, volunteer)
    application = submit(job, volunteer, cv=upload("Mon CV.pdf", pdf_bytes()))
    assert application.cv_name == "Mon CV.pdf"
    [stored] = stored_files(private_media)
    assert stored.suffix == ".pdf"
    assert "Mon CV" not in str(stored)
    assert len(stored.stem) == 32  # a uuid
    assert stored.read_bytes() == pdf_bytes()
    with pytest.raises(ValueError):
        application.cv.url  # noqa: B018 - a private file has no public address


def test_a_refused_duplicate_leaves_no_file_behind(volunteer, private_media):
    job = PaidJobFactory()
    submit(job, volunteer, cv=upload("cv.pdf", pdf_bytes()))
    with pytest.raises(ValidationError):
        submit(job, volunteer, cv=upload("cv2.pdf", pdf_bytes()))
    assert len(stored_files(private_media)) == 1


def test_the_service_checks_the_cv_itself(volunteer, private_media):
    with pytest.raises(ValidationError, match="programme"):
        submit(PaidJobFactory(), volunteer, cv=upload("cv.pdf", b"MZ" + b"\0" * 100))
    assert stored_files(private_media) == []
    assert not Application.objects.exists()


# The draft vacancy of a coordination ------------------------------------------------------


def test_a_draft_vacancy_is_prefilled_from_the_coordination():
    contact = StaffFactory()
    coordination = CoordinationFactory(
        name="États-Unis",
        slug="etats-unis",
        countries=["US"],
        working_languages=["fr", "en"],
        summary="La référence de la section sur la politique américaine.",
        description="Peine de mort, Guantánamo, violences policières.",
        secretariat_contact=contact,
    )
    vacancy = services.vacancy_draft_for_coordination(
        coordination=coordination, reason="Fin du mandat de Karim"
    )
    assert vacancy.status == Vacancy.Status.DRAFT
    assert vacancy.kind == Vacancy.Kind.COORDINATION
    assert vacancy.coordination == coordination
    # "pour les États-Unis": the country with its article (config/typography.py).
    assert vacancy.title == "Coordinateur ou coordinatrice bénévole pour les États-Unis"
    assert vacancy.summary == coordination.summary
    assert vacancy.context == coordination.description
    assert vacancy.minimum_commitment_months == 24
    assert vacancy.contact_person == contact
    assert vacancy.internal_note == "Fin du mandat de Karim"
    assert vacancy.apply_method == Vacancy.ApplyMethod.PORTAL
    assert sorted(vacancy.languages.values_list("language", flat=True)) == ["en", "fr"]
    assert set(vacancy.competencies.all()) == set(selectors.default_coordinator_competencies())
    assert vacancy.competencies.count() == 11
    vacancy.full_clean()


def test_the_draft_is_written_in_french_whoever_triggers_it():
    from django.utils import translation

    with translation.override("en"):
        vacancy = services.vacancy_draft_for_coordination(
            coordination=CoordinationFactory(name="Mexique"), reason=""
        )
    assert vacancy.title.startswith("Coordinateur ou coordinatrice bénévole")


def test_asking_twice_returns_the_same_draft():
    coordination = CoordinationFactory()
    first = services.vacancy_draft_for_coordination(coordination=coordination, reason="Fin")
    second = services.vacancy_draft_for_coordination(
        coordination=coordination, reason="Demande de passation"
    )
    assert first == second
    assert Vacancy.objects.count() == 1
    second.refresh_from_db()
    assert second.internal_note == "Fin\nDemande de passation"


def test_an_open_vacancy_is_returned_rather_than_a_new_draft(vacancy, coordination):
    assert services.vacancy_draft_for_coordination(coordination=coordination, reason="") == vacancy
    assert Vacancy.objects.count() == 1


def test_a_filled_vacancy_does_not_stop_a_new_draft(coordination):
    CoordinationVacancyFactory(coordination=coordination, status=Vacancy.Status.FILLED)
    draft = services.vacancy_draft_for_coordination(coordination=coordination, reason="")
    assert draft.status == Vacancy.Status.DRAFT
    assert draft.slug == "coordination-mexique"


def test_a_draft_slug_never_collides(coordination):
    VacancyFactory(title="x", slug="coordination-mexique", status=Vacancy.Status.CLOSED)
    draft = services.vacancy_draft_for_coordination(coordination=coordination, reason="")
    assert draft.slug == "coordination-mexique-2"


# Publishing and the pool ------------------------------------------------------------------


def test_publishing_tells_the_interested_people_once(
    coordination, mailoutbox, django_capture_on_commit_callbacks
):
    draft = services.vacancy_draft_for_coordination(coordination=coordination, reason="")
    by_coordination = InterestRegistrationFactory(
        kind="coordination", coordination=coordination, country=""
    )
    by_country = InterestRegistrationFactory(kind="country", country="MX")
    # The same person interested in two ways hears about it once.
    InterestRegistrationFactory(
        person=by_country.person, kind="coordination", coordination=coordination, country=""
    )
    InterestRegistrationFactory(kind="country", country="US")  # not concerned
    InterestRegistrationFactory(kind="country", country="BE")  # the place, not the subject
    with django_capture_on_commit_callbacks(execute=True):
        services.vacancy_publish(vacancy=draft)
    draft.refresh_from_db()
    assert draft.status == Vacancy.Status.PUBLISHED
    assert draft.published_at is not None
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [by_coordination.person.email, by_country.person.email]
    )
    assert "Une offre vient de s’ouvrir" in mailoutbox[0].subject
    assert InterestNotification.objects.count() == 3

    # Closed and published again: nobody is told twice.
    services.vacancy_close(vacancy=draft)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.vacancy_publish(vacancy=draft)
    assert mailoutbox == []


def test_a_theme_interest_matches_the_thematic_coordination(
    mailoutbox, django_capture_on_commit_callbacks
):
    theme = ThemeCoordinationFactory(name="Peine de mort", theme="Peine de mort")
    registration = InterestRegistrationFactory(kind="theme", country="", theme="peine de mort")
    draft = services.vacancy_draft_for_coordination(coordination=theme, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        services.vacancy_publish(vacancy=draft)
    assert [m.to for m in mailoutbox] == [[registration.person.email]]


def test_a_paid_job_abroad_matches_its_country(mailoutbox, django_capture_on_commit_callbacks):
    registration = InterestRegistrationFactory(kind="country", country="BO")
    posting = VacancyFactory(
        kind=Vacancy.Kind.COOPERATION, country="BO", status=Vacancy.Status.DRAFT, published_at=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.vacancy_publish(vacancy=posting)
    assert [m.to for m in mailoutbox] == [[registration.person.email]]


def test_a_vacancy_past_its_deadline_cannot_be_published():
    draft = VacancyFactory(
        status=Vacancy.Status.DRAFT,
        published_at=None,
        deadline=timezone.now() - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="date limite est dépassée"):
        services.vacancy_publish(vacancy=draft)


def test_registering_interest_records_consent_and_is_idempotent(volunteer, coordination, settings):
    first = services.interest_register(
        person=volunteer, kind="coordination", coordination=coordination, consent=True
    )
    again = services.interest_register(
        person=volunteer, kind="coordination", coordination=coordination, consent=True
    )
    assert first.pk == again.pk
    assert again.privacy_version == settings.PRIVACY_VERSION
    assert again.consent_given_at is not None
    with pytest.raises(ValidationError):
        services.interest_register(person=volunteer, kind="country", country="MX", consent=False)
    with pytest.raises(ValidationError):
        services.interest_register(person=volunteer, kind="country", country="", consent=True)
    assert InterestRegistration.objects.count() == 1


# Selectors for the coordination pages -----------------------------------------------------


def test_open_vacancy_for_coordination(vacancy, coordination, other_coordination):
    assert selectors.open_vacancy_for_coordination(coordination) == vacancy
    assert selectors.open_vacancy_for_coordination(other_coordination) is None
    vacancy.deadline = timezone.now() - datetime.timedelta(hours=1)
    vacancy.save()
    assert selectors.open_vacancy_for_coordination(coordination) is None


def test_open_vacancies_by_coordination_in_one_query(
    vacancy, coordination, other_coordination, django_assert_num_queries
):
    CoordinationVacancyFactory(
        coordination=other_coordination, status=Vacancy.Status.DRAFT, published_at=None
    )
    third = CoordinationFactory(name="Chine", countries=["CN"])
    with django_assert_num_queries(1):
        found = selectors.open_vacancies_by_coordination(
            [coordination.pk, other_coordination.pk, third.pk]
        )
    assert found == {coordination.pk: vacancy}


def test_default_coordinator_competencies_are_the_seeded_ones():
    codes = list(selectors.default_coordinator_competencies().values_list("code", flat=True))
    assert codes[0] == "knows-the-organisation"
    assert "english" in codes and "public-speaking" in codes
    assert "advocacy" not in codes


def test_vacancy_languages_are_unique(vacancy):
    VacancyLanguage.objects.create(vacancy=vacancy, language="fr", level="C1")
    with pytest.raises(IntegrityError):
        VacancyLanguage.objects.create(vacancy=vacancy, language="fr", level="B2")
