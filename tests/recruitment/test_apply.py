"""The application form: login, the answers it asks for, the CV checks, the refusals."""

import datetime
import io

import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from recruitment.forms import ApplicationForm
from recruitment.models import Application, Competency, EligibilityCondition, VacancyLanguage
from tests.recruitment.conftest import stored_files
from tests.recruitment.factories import PaidJobFactory, VacancyFactory
from tests.recruitment.files import FIVE_MB, docx_bytes, odt_bytes, pdf_bytes

# Dates relative to today, on the fixed clock of tests/clock.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
LETTER = (
    "Je suis l’actualité mexicaine depuis des années et je voudrais mettre ce que je sais au "
    "service des groupes locaux."
)


def apply_url(vacancy):
    return reverse("recruitment:vacancy_apply", args=[vacancy.slug])


def answers(vacancy, **overrides):
    data = {"motivation": LETTER, "consent": "on", "hours_per_week": "6", "can_travel": "on"}
    if vacancy.minimum_commitment_months:
        data["commitment_confirmed"] = "on"
    for competency in vacancy.competencies.all():
        data[f"competency_{competency.pk}"] = "3"
    for condition in vacancy.eligibility_conditions.all():
        data[f"condition_{condition.pk}"] = "on"
    for wanted in vacancy.languages.all():
        data[f"language_{wanted.language}"] = "B2"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_an_anonymous_visitor_is_sent_to_log_in_and_back(client, vacancy):
    response = client.get(apply_url(vacancy))
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={apply_url(vacancy)}"
    assert client.post(apply_url(vacancy), answers(vacancy)).status_code == 302
    assert not Application.objects.exists()


def test_the_form_asks_what_the_vacancy_needs(volunteer_client, vacancy):
    english = Competency.objects.get(code="english")
    vacancy.competencies.set([english])
    VacancyLanguage.objects.create(vacancy=vacancy, language="es", level="B2")
    EligibilityCondition.objects.create(vacancy=vacancy, text="Résider en Belgique")
    response = volunteer_client.get(apply_url(vacancy))
    assert response.status_code == 200
    form = response.context["form"]
    assert f"competency_{english.pk}" in form.fields
    assert "language_es" in form.fields
    assert "commitment_confirmed" in form.fields
    assert form.fields["cv"].required is False  # a volunteer role: the letter is enough
    page = response.content.decode()
    assert "Je m’engage pour au moins 24 mois." in page
    assert "Je confirme\u00a0: Résider en Belgique" in page
    assert 'enctype="multipart/form-data"' in page


def test_applying_saves_everything(
    volunteer_client, volunteer, vacancy, settings, mailoutbox, django_capture_on_commit_callbacks
):
    english = Competency.objects.get(code="english")
    vacancy.competencies.set([english])
    VacancyLanguage.objects.create(vacancy=vacancy, language="es", level="B2")
    condition = EligibilityCondition.objects.create(vacancy=vacancy, text="Résider en Belgique")
    with django_capture_on_commit_callbacks(execute=True):
        response = volunteer_client.post(
            apply_url(vacancy), answers(vacancy, **{f"competency_{english.pk}": "4"})
        )
    application = Application.objects.get()
    assert response.status_code == 302
    assert response.url == application.get_absolute_url()
    assert (application.vacancy, application.applicant) == (vacancy, volunteer)
    assert application.motivation == LETTER
    assert (application.hours_per_week, application.can_travel) == (6, True)
    assert application.commitment_confirmed
    assert list(application.confirmed_conditions.all()) == [condition]
    assert application.competency_ratings.get().level == 4
    assert application.languages.get().level == "B2"
    assert application.privacy_version == settings.PRIVACY_VERSION
    assert len(mailoutbox) == 2


@pytest.mark.parametrize(
    ("name", "content"),
    [("cv.pdf", pdf_bytes()), ("cv.docx", docx_bytes()), ("cv.odt", odt_bytes())],
)
def test_a_job_application_with_a_cv(volunteer_client, name, content, private_media):
    job = PaidJobFactory()
    data = answers(job, cv=SimpleUploadedFile(name, content))
    response = volunteer_client.post(apply_url(job), data)
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.cv_name == name
    [stored] = stored_files(private_media)
    assert stored.read_bytes() == content
    assert str(stored).startswith(str(private_media))


def test_exactly_five_megabytes_is_accepted_through_the_form(volunteer_client, private_media):
    job = PaidJobFactory()
    response = volunteer_client.post(
        apply_url(job), answers(job, cv=SimpleUploadedFile("cv.pdf", pdf_bytes(FIVE_MB)))
    )
    assert response.status_code == 302
    assert stored_files(private_media)[0].stat().st_size == FIVE_MB


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cv.pdf", b"MZ\x90\x00" + b"\0" * 500, "Ce fichier est un programme"),
        ("cv.pdf", b"<!DOCTYPE html><html><body>CV</body></html>", "page web renommée en PDF"),
        ("cv.pdf", b"", "Le fichier est vide."),
        ("cv.pdf", None, "Ce fichier dépasse 5,0\xa0Mio, le poids maximum d’un CV"),
        ("dossier／cv.pdf", pdf_bytes(), "ne peut pas contenir de chemin de dossier"),
        ("cv.exe", pdf_bytes(), "Envoyez votre CV en PDF"),
    ],
)
def test_a_bad_cv_is_refused_with_a_message_and_nothing_is_saved(
    volunteer_client, private_media, name, content, message, mailoutbox
):
    job = PaidJobFactory()
    if content is None:
        content = pdf_bytes(FIVE_MB + 1)
    response = volunteer_client.post(
        apply_url(job), answers(job, cv=SimpleUploadedFile(name, content))
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["cv"])
    assert message in response.content.decode()
    assert not Application.objects.exists()
    assert stored_files(private_media) == []
    assert mailoutbox == []
    # What was typed is kept.
    assert LETTER in response.content.decode()


def test_a_path_given_with_the_file_is_refused_by_the_form(private_media, volunteer):
    """A browser or a script may send "../../x.pdf": the form refuses it with a message.

    (Django's parser strips ordinary paths before the form sees them; the form checks the name
    it is given in any case, as the security tests do.)"""
    job = PaidJobFactory()
    form = ApplicationForm(
        answers(job), {"cv": File(io.BytesIO(pdf_bytes()), name="../../etc/cv.pdf")}, vacancy=job
    )
    assert not form.is_valid()
    assert "chemin de dossier" in form.errors["cv"][0]
    assert stored_files(private_media) == []


def test_a_job_needs_a_cv(volunteer_client):
    job = PaidJobFactory()
    response = volunteer_client.post(apply_url(job), answers(job))
    assert response.status_code == 200
    assert "cv" in response.context["form"].errors
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("motivation", "Trop court."),
        ("consent", None),
        ("commitment_confirmed", None),
        ("hours_per_week", "200"),
    ],
)
def test_bad_answers_are_refused_field_by_field(volunteer_client, vacancy, field, value):
    response = volunteer_client.post(apply_url(vacancy), answers(vacancy, **{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Application.objects.exists()


def test_every_eligibility_condition_must_be_confirmed(volunteer_client, vacancy):
    condition = EligibilityCondition.objects.create(
        vacancy=vacancy, text="Avoir la citoyenneté canadienne ou la résidence permanente"
    )
    response = volunteer_client.post(
        apply_url(vacancy), answers(vacancy, **{f"condition_{condition.pk}": None})
    )
    assert f"condition_{condition.pk}" in response.context["form"].errors
    assert "Les candidat·es doivent remplir cette condition." in response.content.decode()
    assert not Application.objects.exists()


def test_one_application_per_person(volunteer_client, application):
    vacancy = application.vacancy
    response = volunteer_client.get(apply_url(vacancy))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vous avez déjà postulé à cette offre." in page
    assert "form" not in response.context
    response = volunteer_client.post(apply_url(vacancy), answers(vacancy))
    assert "Vous avez déjà postulé à cette offre." in response.content.decode()
    assert Application.objects.count() == 1


def test_a_vacancy_past_its_deadline_says_so(volunteer_client):
    vacancy = VacancyFactory(deadline=timezone.now() - datetime.timedelta(minutes=1))
    for response in (
        volunteer_client.get(apply_url(vacancy)),
        volunteer_client.post(apply_url(vacancy), answers(vacancy)),
    ):
        assert response.status_code == 200
        assert "La date limite de cette offre est dépassée" in response.content.decode()
    assert not Application.objects.exists()


def test_a_closed_vacancy_says_so(volunteer_client):
    vacancy = VacancyFactory(status="closed")
    response = volunteer_client.post(apply_url(vacancy), answers(vacancy))
    assert "Cette offre est clôturée" in response.content.decode()
    assert not Application.objects.exists()


def test_an_apply_elsewhere_vacancy_shows_the_instructions(volunteer_client):
    job = PaidJobFactory(
        apply_method="email",
        apply_email="applications@example.org",
        apply_email_subject="Human Rights Advisor",
    )
    page = volunteer_client.get(apply_url(job)).content.decode()
    assert "applications@example.org" in page
    assert "Human Rights Advisor" in page
    assert "<textarea" not in page


def test_a_draft_cannot_be_applied_to(volunteer_client):
    draft = VacancyFactory(status="draft", published_at=None)
    assert volunteer_client.get(apply_url(draft)).status_code == 404


def test_the_apply_page_refuses_other_methods(volunteer_client, vacancy):
    assert volunteer_client.put(apply_url(vacancy)).status_code == 405
    assert volunteer_client.delete(apply_url(vacancy)).status_code == 405
