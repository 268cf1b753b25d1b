"""An applicant's own applications: the page, the CV, withdrawing, My space. Nobody else's."""

import json
import logging

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from recruitment import pipeline
from recruitment.models import Application, ApplicationNote
from tests.recruitment.files import docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db
Status = Application.Status


def with_cv(application, name="Mon CV.pdf", content=None):
    application.cv.save(
        "ignored.pdf" if name.endswith(".pdf") else "ignored.docx",
        ContentFile(content or pdf_bytes()),
        save=False,
    )
    application.cv_name = name
    application.save()
    return application


def detail(application):
    return reverse("recruitment:application_detail", args=[application.pk])


def cv(application):
    return reverse("recruitment:application_cv", args=[application.pk])


def withdraw(application):
    return reverse("recruitment:application_withdraw", args=[application.pk])


# The application page -----------------------------------------------------------------------


def test_the_applicant_sees_their_application_and_history(volunteer_client, application, staff):
    pipeline.application_move(
        application=application,
        to_status=Status.IN_REVIEW,
        actor=staff,
        message="Nous lisons votre dossier.",
        note="NOTE-INTERNE-SECRETE",
    )
    page = volunteer_client.get(detail(application)).content.decode()
    assert application.motivation in page
    assert "En examen" in page
    assert "Nous lisons votre dossier." in page
    assert "NOTE-INTERNE-SECRETE" not in page


def test_internal_notes_and_ratings_are_never_shown_to_the_applicant(
    volunteer_client, application, staff
):
    ApplicationNote.objects.create(
        application=application, author=staff, body="AVIS-CONFIDENTIEL", rating=2
    )
    for url in (detail(application), reverse("accounts:me")):
        page = volunteer_client.get(url).content.decode()
        assert "AVIS-CONFIDENTIEL" not in page
        assert "★" not in page
        assert "Notes internes" not in page
        assert "Sophie" not in page  # nor who handled it


def test_another_person_never_sees_the_application_or_the_cv(client, application, other_volunteer):
    with_cv(application)
    client.force_login(other_volunteer)
    assert client.get(detail(application)).status_code == 404
    assert client.get(cv(application)).status_code == 404
    assert client.get(withdraw(application)).status_code == 404
    assert client.post(withdraw(application)).status_code == 404
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_a_and_b_each_see_only_their_own(client, application, other_application, volunteer):
    client.force_login(volunteer)
    assert client.get(detail(application)).status_code == 200
    assert client.get(detail(other_application)).status_code == 404
    assert client.get(cv(other_application)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, application):
    for url in (detail(application), cv(application), withdraw(application)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_an_unknown_application_is_404(volunteer_client):
    assert (
        volunteer_client.get(reverse("recruitment:application_detail", args=[999])).status_code
        == 404
    )


def test_staff_are_sent_to_the_pipeline_page(staff_client, application):
    response = staff_client.get(detail(application))
    assert response.status_code == 302
    assert response.url == reverse("recruitment:pipeline_application", args=[application.pk])


def test_the_application_page_refuses_post(volunteer_client, application):
    assert volunteer_client.post(detail(application)).status_code == 405


# The CV ------------------------------------------------------------------------------------


def test_the_applicant_downloads_their_cv_as_an_attachment(volunteer_client, application, caplog):
    with_cv(application)
    with caplog.at_level(logging.INFO, logger="portal.security"):
        response = volunteer_client.get(cv(application))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "Mon%20CV.pdf" in response["Content-Disposition"]
        or "Mon CV.pdf" in response["Content-Disposition"]
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert caplog.records == []  # the applicant's own download is not a security event


def test_staff_downloads_are_logged_without_the_content(staff_client, staff, application, caplog):
    with_cv(application, name="cv.docx", content=docx_bytes())
    with caplog.at_level(logging.INFO, logger="portal.security"):
        response = staff_client.get(cv(application))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    [record] = [r for r in caplog.records if r.name == "portal.security"]
    line = record.getMessage()
    event = json.loads(line)
    assert (event["event"], event["application"], event["vacancy"], event["user"]) == (
        "cv_download",
        application.pk,
        application.vacancy_id,
        staff.pk,
    )
    assert "PK" not in line and "cv.docx" not in line


def test_no_cv_is_404(volunteer_client, application):
    assert volunteer_client.get(cv(application)).status_code == 404


def test_a_missing_file_is_404(volunteer_client, application):
    with_cv(application)
    application.cv.storage.delete(application.cv.name)
    assert volunteer_client.get(cv(application)).status_code == 404


def test_the_cv_refuses_post(volunteer_client, application):
    with_cv(application)
    assert volunteer_client.post(cv(application)).status_code == 405


# Withdrawing -------------------------------------------------------------------------------


def test_withdrawing_asks_for_confirmation_first(volunteer_client, application):
    response = volunteer_client.get(withdraw(application))
    assert response.status_code == 200
    assert "Voulez-vous vraiment retirer" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_withdrawing_after_confirmation(volunteer_client, volunteer, application):
    response = volunteer_client.post(withdraw(application), {"note": "Je déménage."})
    assert response.status_code == 302
    assert response.url == reverse("accounts:me")
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    event = application.events.get()
    assert (event.from_status, event.to_status, event.actor, event.note) == (
        Status.SUBMITTED,
        Status.WITHDRAWN,
        volunteer,
        "Je déménage.",
    )


def test_a_final_application_cannot_be_withdrawn(volunteer_client, application, decline_reason):
    Application.objects.filter(pk=application.pk).update(
        status=Status.DECLINED, decline_reason=decline_reason
    )
    page = volunteer_client.get(withdraw(application)).content.decode()
    assert "ne peut plus être retirée" in page
    response = volunteer_client.post(withdraw(application), follow=True)
    assert (
        "ne peut pas passer de «\u202fRefusée\u202f» à «\u202fRetirée\u202f»"
        in response.content.decode()
    )
    application.refresh_from_db()
    assert application.status == Status.DECLINED


def test_a_too_long_reason_is_refused(volunteer_client, application):
    response = volunteer_client.post(withdraw(application), {"note": "x" * 1001})
    assert response.status_code == 200
    assert "note" in response.context["form"].errors
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


# My space ----------------------------------------------------------------------------------


def test_my_space_lists_my_applications_with_their_history(
    volunteer_client, application, other_application, staff
):
    pipeline.application_move(application=application, to_status=Status.IN_REVIEW, actor=staff)
    page = volunteer_client.get(reverse("accounts:me")).content.decode()
    assert "Mes candidatures" in page
    assert application.vacancy.title in page
    assert detail(application) in page
    assert withdraw(application) in page
    assert detail(other_application) not in page
    assert "désormais «\u202fEn examen\u202f»" in page


def test_my_space_offers_the_board_when_i_have_not_applied(volunteer_client):
    page = volunteer_client.get(reverse("accounts:me")).content.decode()
    assert "Vous n’avez encore postulé à aucune offre." in page


def test_my_space_section_query_budget(volunteer_client, volunteer, django_assert_num_queries):
    from recruitment.myspace import applications
    from tests.recruitment.factories import ApplicationFactory

    class Request:
        user = volunteer

    # The applications with their history and the interviews to come, the interests.
    ApplicationFactory.create_batch(3, applicant=volunteer)
    with django_assert_num_queries(4):
        applications(Request())
    ApplicationFactory.create_batch(10, applicant=volunteer)
    with django_assert_num_queries(4):
        applications(Request())
