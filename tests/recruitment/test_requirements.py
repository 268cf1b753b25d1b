"""Language requirements as postings write them ("English, and French or Spanish", with levels),
checked the same way by the application form and the service; working time "as available"."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from recruitment import services
from recruitment.forms import NO_LEVEL
from recruitment.models import Application, Vacancy, VacancyLanguage
from tests.recruitment.factories import PaidJobFactory, VacancyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
LETTER = (
    "Je suis les défenseurs des droits humains depuis des années et je voudrais mettre ce que "
    "je sais au service de ce programme."
)


def in_english(url: str) -> str:
    return url.replace("/fr/", "/en/", 1)


def apply_url(vacancy, language="en"):
    url = reverse("recruitment:vacancy_apply", args=[vacancy.slug])
    return in_english(url) if language == "en" else url


@pytest.fixture
def posting(db):
    """ "English (C1), and French or Spanish (B2)", Dutch an asset."""
    job = VacancyFactory(title="Chargé de plaidoyer")
    VacancyLanguage.objects.create(vacancy=job, language="en", level="C1")
    VacancyLanguage.objects.create(vacancy=job, language="fr", level="B2", group=1)
    VacancyLanguage.objects.create(vacancy=job, language="es", level="B2", group=1)
    VacancyLanguage.objects.create(vacancy=job, language="nl", level="B1", required=False)
    return job


def answers(**languages):
    data = {"motivation": LETTER, "consent": "on"}
    data.update({f"language_{code}": level for code, level in languages.items()})
    return data


def post(client, vacancy, **languages):
    return client.post(apply_url(vacancy), answers(**languages))


# The form -----------------------------------------------------------------------------------


def test_english_c1_and_spanish_b2_meet_english_and_french_or_spanish(
    volunteer_client, volunteer, posting
):
    response = post(volunteer_client, posting, en="C1", fr=NO_LEVEL, es="B2", nl="")
    application = Application.objects.get()
    assert response.status_code == 302
    assert application.applicant == volunteer
    assert sorted(application.languages.values_list("language", "level")) == [
        ("en", "C1"),
        ("es", "B2"),
    ]


def test_french_alone_also_meets_the_group(volunteer_client, posting):
    assert post(volunteer_client, posting, en="C2", fr="C1", es=NO_LEVEL).status_code == 302
    assert Application.objects.count() == 1


def test_english_only_is_refused_and_the_group_is_named(volunteer_client, posting):
    response = post(volunteer_client, posting, en="C1", fr=NO_LEVEL, es=NO_LEVEL)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors() == ["This role asks for French or Spanish (at least B2)."]
    assert "French or Spanish (at least B2)" in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("levels", "field", "message"),
    [
        (
            {"en": "B2", "fr": "C1", "es": NO_LEVEL},
            "language_en",
            "This role asks for English (at least C1).",
        ),
        (
            {"en": "C1", "fr": "B1", "es": "A2"},
            None,
            "This role asks for French or Spanish (at least B2).",
        ),
    ],
)
def test_levels_below_those_asked_are_refused(volunteer_client, posting, levels, field, message):
    response = post(volunteer_client, posting, **levels)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors[field or "__all__"] == [message]
    assert not Application.objects.exists()


def test_a_required_language_left_unanswered_is_refused(volunteer_client, posting):
    response = post(volunteer_client, posting, en="", fr="C1", es=NO_LEVEL)
    assert response.status_code == 200
    assert response.context["form"].errors["language_en"] == [
        "Say your level in this language, or that you do not speak it."
    ]
    assert not Application.objects.exists()


def test_an_asset_may_be_left_unanswered(volunteer_client, posting):
    response = post(volunteer_client, posting, en="C1", fr="B2", es=NO_LEVEL)
    assert response.status_code == 302
    assert not Application.objects.get().languages.filter(language="nl").exists()


def test_levels_start_empty_including_french(volunteer_client):
    vacancy = VacancyFactory()
    VacancyLanguage.objects.create(vacancy=vacancy, language="fr", level="B1")
    VacancyLanguage.objects.create(vacancy=vacancy, language="en", level="B1", required=False)
    response = volunteer_client.get(apply_url(vacancy, language="fr"))
    form = response.context["form"]
    for name in ("language_fr", "language_en"):
        assert form[name].value() in ("", None)
        assert not form.initial.get(name)
        # The first choice is the empty one, not "I do not speak it" (a choice of its own).
        choices = dict(form.fields[name].choices)
        assert next(iter(choices)) == ""
        assert NO_LEVEL in choices and choices[""] != choices[NO_LEVEL]
    page = response.content.decode()
    assert '<option value="" selected>' in page
    assert f'<option value="{NO_LEVEL}" selected>' not in page
    assert form.fields["language_fr"].required is True  # asked for: must be answered
    assert form.fields["language_en"].required is False  # an asset


def test_the_vacancy_page_writes_the_requirements_as_a_posting_does(client, posting):
    page = client.get(in_english(posting.get_absolute_url())).content.decode()
    assert "English (C1), and French or Spanish (B2)" in page
    assert "Dutch" in page and "an asset" in page


def test_alternatives_with_different_levels_each_show_theirs(posting):
    posting.languages.filter(language="es").update(level="C1")
    from django.utils import translation

    with translation.override("en"):
        assert posting.language_requirements_display() == (
            "English (C1), and French (B2) or Spanish (C1)"
        )


# The service checks the same way ------------------------------------------------------------


def submit(vacancy, applicant, languages):
    return services.application_submit(
        vacancy=vacancy,
        applicant=applicant,
        motivation=LETTER,
        consent=True,
        languages=languages,
    )


def test_the_service_refuses_an_unmet_group(posting, volunteer):
    with pytest.raises(ValidationError) as caught:
        submit(posting, volunteer, {"en": "C1", "fr": NO_LEVEL})
    assert caught.value.code == "languages"
    assert not Application.objects.exists()


def test_the_service_accepts_one_of_the_group(posting, volunteer):
    application = submit(posting, volunteer, {"en": "C1", "es": "C2", "fr": NO_LEVEL})
    assert sorted(application.languages.values_list("language", flat=True)) == ["en", "es"]


# The model ----------------------------------------------------------------------------------


def test_an_asset_cannot_belong_to_a_group(posting):
    row = VacancyLanguage(vacancy=posting, language="de", level="B1", required=False, group=1)
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    assert "group" in caught.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_the_admin_edits_the_group_of_each_language(admin_client, posting):
    url = reverse("admin:recruitment_vacancy_change", args=[posting.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="languages-0-group"' in page


# Working time "as available" ----------------------------------------------------------------


def test_working_time_as_available_shows_as_such(client):
    vacancy = VacancyFactory(workload_unit=Vacancy.WorkloadUnit.AS_AVAILABLE)
    page = client.get(in_english(vacancy.get_absolute_url())).content.decode()
    assert "As available" in page
    assert "hours a week" not in page


def test_working_time_as_available_takes_no_figure():
    vacancy = PaidJobFactory.build(
        slug="as-available", workload_unit=Vacancy.WorkloadUnit.AS_AVAILABLE, workload_value=6
    )
    with pytest.raises(ValidationError) as caught:
        vacancy.full_clean()
    assert "workload_value" in caught.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        vacancy.save()


def test_a_coordination_draft_invents_no_hours(coordination):
    vacancy = services.vacancy_draft_for_coordination(coordination=coordination, reason="Fin")
    assert (vacancy.workload_unit, vacancy.workload_value) == ("as_available", None)
