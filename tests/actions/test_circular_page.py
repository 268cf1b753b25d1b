"""One circular's page, and its PDF documents served from private storage."""

import pytest
from django.urls import reverse

from actions import services
from actions.models import CircularAttachment
from tests.actions.factories import CircularFactory, TargetFactory, pdf_upload
from tests.coordinations.factories import CoordinationFactory

pytestmark = pytest.mark.django_db


def detail(circular):
    return reverse("actions:circular_detail", args=[circular.pk])


@pytest.fixture
def attachment(assigned_circular, staff):
    return services.attachment_add(
        circular=assigned_circular, file=pdf_upload(), title="UA en anglais", uploaded_by=staff
    )


def download(attachment):
    return reverse("actions:attachment_download", args=[attachment.circular_id, attachment.pk])


def test_the_assigned_coordinator_reads_the_circular(coordinator_client, assigned_circular):
    TargetFactory(circular=assigned_circular)
    response = coordinator_client.get(detail(assigned_circular))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Procureur général de la République" in page
    assert "Confirmer la réception" in page and "Proposer aux groupes" in page
    # The secretariat's tools are not shown to the coordinator.
    assert "Noter l’issue" not in page


def test_staff_see_the_vacancy_flag_on_the_page(staff_client):
    CoordinationFactory(name="Rwanda", slug="rwanda", countries=["RW"])
    circular = CircularFactory(countries=["RW", "BI"])
    page = staff_client.get(detail(circular)).content.decode()
    assert "Coordination vacante." in page and "Rwanda" in page
    assert "Aucune coordination ne couvre" in page and "Burundi" in page


def test_another_coordinator_gets_404(client, other_coordinator, assigned_circular):
    client.force_login(other_coordinator)
    assert client.get(detail(assigned_circular)).status_code == 404


def test_a_volunteer_gets_404(volunteer_client, assigned_circular):
    assert volunteer_client.get(detail(assigned_circular)).status_code == 404


def test_anonymous_is_sent_to_log_in(client, assigned_circular):
    response = client.get(detail(assigned_circular))
    assert response.status_code == 302 and "login" in response.url


def test_the_page_refuses_post(coordinator_client, assigned_circular):
    assert coordinator_client.post(detail(assigned_circular)).status_code == 405


def test_an_update_is_readable_by_whoever_received_the_original(
    coordinator_client, assigned_circular
):
    update = CircularFactory(reference="UA 123/26-1", parent=assigned_circular)
    assert coordinator_client.get(detail(update)).status_code == 200
    page = coordinator_client.get(detail(assigned_circular)).content.decode()
    assert "UA 123/26-1" in page


def test_missing_circular_is_404(staff_client):
    assert staff_client.get(reverse("actions:circular_detail", args=[999])).status_code == 404


def test_the_pdf_is_downloaded_never_displayed(coordinator_client, attachment):
    response = coordinator_client.get(download(attachment))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="UA-123-26.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_documents_are_for_those_who_may_read_the_circular(
    client, other_coordinator, volunteer, attachment
):
    assert client.get(download(attachment)).status_code == 302
    for person in (other_coordinator, volunteer):
        client.force_login(person)
        assert client.get(download(attachment)).status_code == 404


def test_a_document_of_another_circular_is_404(staff_client, attachment):
    other = CircularFactory()
    url = reverse("actions:attachment_download", args=[other.pk, attachment.pk])
    assert staff_client.get(url).status_code == 404


def test_download_refuses_post(staff_client, attachment):
    assert staff_client.post(download(attachment)).status_code == 405


def test_staff_add_a_document(staff_client, circular):
    url = reverse("actions:attachment_upload", args=[circular.pk])
    response = staff_client.post(url, {"file": pdf_upload("fi.pdf"), "title": "Complément"})
    assert response.status_code == 302
    assert circular.attachments.get().title == "Complément"


def test_a_document_that_is_not_a_pdf_is_refused(staff_client, circular):
    url = reverse("actions:attachment_upload", args=[circular.pk])
    fake = pdf_upload("page.pdf", b"<html><script>alert(1)</script></html>")
    response = staff_client.post(url, {"file": fake})
    assert response.status_code == 400
    assert "PDF" in str(response.context["attachment_form"].errors["file"])
    assert not CircularAttachment.objects.exists()


def test_adding_a_document_is_for_staff_only(coordinator_client, assigned_circular):
    url = reverse("actions:attachment_upload", args=[assigned_circular.pk])
    response = coordinator_client.post(url, {"file": pdf_upload()})
    assert response.status_code == 404
    assert coordinator_client.get(url).status_code == 404
    assert not CircularAttachment.objects.exists()


def test_adding_a_document_refuses_get(staff_client, circular):
    url = reverse("actions:attachment_upload", args=[circular.pk])
    # By GET: the circular's page, where the form is.
    assert staff_client.get(url).url == reverse("actions:circular_detail", args=[circular.pk])
