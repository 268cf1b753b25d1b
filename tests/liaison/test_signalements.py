"""A coordinator's signalement reaches the routed contact (e-mail and queue), the thread goes
both ways with e-mails, staff move its status; nobody else sees it."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from liaison import services
from liaison.models import Signalement, SignalementRoute
from messaging.models import OutgoingMessage
from tests.coordinations.factories import MandateFactory
from tests.factories import UserFactory
from tests.recruitment.files import docx_bytes, pdf_bytes, pdf_with

pytestmark = pytest.mark.django_db

CREATE = reverse("liaison:create")
MY_LIST = reverse("liaison:my_list")
QUEUE = reverse("liaison:queue")


def send(client, coordination, **fields):
    data = {
        "coordination": coordination.pk,
        "kind": "public_action",
        "title": "Visite d'État du président mexicain",
        "body": "Je propose un rassemblement place Royale.",
        "draft": "",
        **fields,
    }
    return client.post(CREATE, data)


def submit(coordinator, coordination, **fields):
    return services.signalement_submit(
        author=coordinator,
        coordination=coordination,
        **{"kind": "urgent_si_info", "title": "Arrestation", "body": "Urgent.", **fields},
    )


def mails_to(address):
    return list(OutgoingMessage.objects.filter(to_email=address))


def test_a_signalement_reaches_the_routed_contact_by_email_and_in_their_queue(
    coordinator_client, coordination, directory, campaigner_client
):
    response = send(coordinator_client, coordination)
    signalement = Signalement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == signalement.get_absolute_url()
    # The campaigner who follows Mexique, not the first campaigner of the directory.
    assert signalement.contact == directory["campaigner"]
    assert signalement.status == "received"
    assert signalement.due_on == timezone.localdate() + datetime.timedelta(days=10)
    [mail] = mails_to("diego@secretariat.example.org")
    assert mail.kind == "liaison.submitted"
    assert "Visite d'État du président mexicain" in mail.text
    assert reverse("liaison:staff_detail", args=[signalement.pk]) in mail.text
    assert not mails_to(directory["africa"].email)

    queue = campaigner_client.get(QUEUE, {"contact": directory["campaigner"].pk})
    assert queue.status_code == 200
    assert [s.pk for s in queue.context["signalements"]] == [signalement.pk]
    assert "Visite d&#x27;État du président mexicain" in queue.content.decode()


@pytest.mark.parametrize(
    ("kind", "routed_to"),
    [
        ("urgent_si_info", "campaigner"),
        ("media_request", "press"),
        ("blog_post", "press"),
        ("individual_at_risk", "individuals"),
        ("other", "campaigner"),
    ],
)
def test_each_kind_goes_to_its_contact(coordinator, coordination, directory, kind, routed_to):
    signalement = submit(coordinator, coordination, kind=kind, draft="Le brouillon.")
    assert signalement.contact == directory[routed_to]
    assert mails_to(directory[routed_to].email)


def test_staff_route_a_kind_elsewhere(coordinator, coordination, directory):
    SignalementRoute.objects.create(kind="other", role="group_support", contact=directory["press"])
    SignalementRoute.objects.create(kind="public_action", role="group_support")
    assert submit(coordinator, coordination, kind="other").contact == directory["press"]
    assert (
        submit(coordinator, coordination, kind="public_action").contact
        == directory["group_support"]
    )


def test_a_blog_post_proposal_needs_its_draft(coordinator_client, coordination, directory):
    response = send(coordinator_client, coordination, kind="blog_post")
    assert response.status_code == 200
    assert "draft" in response.context["form"].errors
    assert not Signalement.objects.exists()
    send(coordinator_client, coordination, kind="blog_post", draft="Plus de 100 000 disparus…")
    assert Signalement.objects.get().draft == "Plus de 100 000 disparus…"


def test_a_staff_reply_reaches_the_coordinator_by_email_and_on_their_thread(
    coordinator, coordination, directory, campaigner_client, coordinator_client
):
    signalement = submit(coordinator, coordination)
    response = campaigner_client.post(
        reverse("liaison:staff_reply", args=[signalement.pk]),
        {"body": "Merci, je relaie au service presse."},
    )
    assert response.status_code == 302
    [mail] = [m for m in mails_to(coordinator.email) if m.kind == "liaison.reply_to_coordinator"]
    assert "Merci, je relaie au service presse." in mail.text
    assert signalement.get_absolute_url() in mail.text
    signalement.refresh_from_db()
    assert signalement.status == "in_progress"  # the first answer takes it in hand
    thread = coordinator_client.get(signalement.get_absolute_url())
    assert "Merci, je relaie au service presse." in thread.content.decode()


def test_a_coordinator_reply_reaches_the_contact(
    coordinator, coordination, directory, coordinator_client
):
    signalement = submit(coordinator, coordination)
    response = coordinator_client.post(
        reverse("liaison:my_reply", args=[signalement.pk]), {"body": "Une précision : ce matin."}
    )
    assert response.status_code == 302
    [mail] = [
        m for m in mails_to(directory["campaigner"].email) if m.kind == "liaison.reply_to_contact"
    ]
    assert "Une précision : ce matin." in mail.text
    assert signalement.replies.get().from_secretariat is False
    signalement.refresh_from_db()
    assert signalement.status == "received"


def test_staff_change_the_status_and_the_coordinator_is_told(
    coordinator, coordination, directory, campaigner_client
):
    signalement = submit(coordinator, coordination)
    response = campaigner_client.post(
        reverse("liaison:status", args=[signalement.pk]),
        {"status": "declined", "note": "Déjà relayé par la section néerlandophone."},
    )
    assert response.status_code == 302
    signalement.refresh_from_db()
    assert signalement.status == "declined"
    [mail] = [m for m in mails_to(coordinator.email) if m.kind == "liaison.status"]
    assert "Déjà relayé par la section néerlandophone." in mail.text
    assert signalement.replies.get().from_secretariat


def test_only_staff_change_a_status(coordinator, coordination, directory):
    from django.core.exceptions import ValidationError

    signalement = submit(coordinator, coordination)
    with pytest.raises(ValidationError):
        services.signalement_set_status(signalement=signalement, by=coordinator, status="done")
    signalement.refresh_from_db()
    assert signalement.status == "received"


def test_the_queue_shows_the_overdue_first_then_by_due_date(
    coordinator, coordination, directory, campaigner_client
):
    today = timezone.localdate()
    in_time = submit(coordinator, coordination, kind="other", title="Dans les temps")
    urgent = submit(coordinator, coordination, kind="urgent_si_info", title="Urgent")
    late = submit(
        coordinator,
        coordination,
        kind="other",
        title="En retard",
        today=today - datetime.timedelta(days=30),
    )
    done_late = submit(
        coordinator, coordination, title="Fini", today=today - datetime.timedelta(days=40)
    )
    Signalement.objects.filter(pk=done_late.pk).update(status="done")
    response = campaigner_client.get(QUEUE, {"status": "all"})
    assert [s.pk for s in response.context["signalements"]] == [
        late.pk,
        urgent.pk,
        in_time.pk,
        done_late.pk,
    ]
    # By default the queue shows what is open; "overdue only" what is late.
    assert [s.pk for s in campaigner_client.get(QUEUE).context["signalements"]] == [
        late.pk,
        urgent.pk,
        in_time.pk,
    ]
    overdue = campaigner_client.get(QUEUE, {"overdue": "on"})
    assert [s.pk for s in overdue.context["signalements"]] == [late.pk]
    assert (
        "Overdue"
        in campaigner_client.get(reverse("liaison:queue").replace("/fr/", "/en/")).content.decode()
    )


def test_another_coordinator_gets_404_on_someone_elses_signalement(
    coordinator, coordination, directory, other_coordinator_client
):
    signalement = submit(coordinator, coordination)
    for url in (
        reverse("liaison:my_detail", args=[signalement.pk]),
        reverse("liaison:attachment", args=[signalement.pk]),
    ):
        assert other_coordinator_client.get(url).status_code == 404
    response = other_coordinator_client.post(
        reverse("liaison:my_reply", args=[signalement.pk]), {"body": "Intrus"}
    )
    assert response.status_code == 404
    assert not signalement.replies.exists()
    # Nor may they send one for a coordination that is not theirs.
    response = send(other_coordinator_client, coordination)
    assert response.status_code == 200
    assert Signalement.objects.count() == 1


@pytest.mark.parametrize("person", ["volunteer", "leader"])
def test_volunteers_and_leaders_get_404(client, request, person, coordinator, coordination):
    signalement = submit(coordinator, coordination)
    client.force_login(request.getfixturevalue(person))
    assert client.get(MY_LIST).status_code == 404
    assert client.get(CREATE).status_code == 404
    assert send(client, coordination).status_code == 404
    assert client.get(reverse("liaison:my_detail", args=[signalement.pk])).status_code == 404
    assert client.get(QUEUE).status_code == 404
    assert Signalement.objects.count() == 1


def test_an_upcoming_coordinator_may_already_send(client, coordination, directory):
    newcomer = UserFactory()
    MandateFactory(
        coordination=coordination,
        volunteer=newcomer,
        start_date=timezone.localdate() + datetime.timedelta(days=20),
    )
    client.force_login(newcomer)
    assert send(client, coordination).status_code == 302
    assert Signalement.objects.get().author == newcomer


def test_an_attachment_carrying_javascript_is_refused(coordinator_client, coordination, directory):
    script = pdf_with(b"<</Type/Action/S/JavaScript/JS(app.alert(1))>>")
    response = send(
        coordinator_client,
        coordination,
        attachment=SimpleUploadedFile("programme.pdf", script, content_type="application/pdf"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["attachment"]
    assert not Signalement.objects.exists()
    assert not OutgoingMessage.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [("programme.pdf", pdf_bytes(), "pdf"), ("note.docx", docx_bytes(), "docx")],
)
def test_a_clean_attachment_is_kept_privately_and_served_to_its_sender_and_staff(
    settings,
    tmp_path,
    coordinator_client,
    campaigner_client,
    coordination,
    directory,
    name,
    content,
    kind,
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    send(coordinator_client, coordination, attachment=SimpleUploadedFile(name, content))
    signalement = Signalement.objects.get()
    assert signalement.attachment_name == name
    assert name not in signalement.attachment.name  # a generated name on disk
    url = reverse("liaison:attachment", args=[signalement.pk])
    for client in (coordinator_client, campaigner_client):
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == content
        assert response["X-Content-Type-Options"] == "nosniff"


def test_a_file_that_is_not_a_document_is_refused(coordinator_client, coordination, directory):
    response = send(
        coordinator_client,
        coordination,
        attachment=SimpleUploadedFile("photo.exe", b"MZ\x90\x00"),
    )
    assert response.context["form"].errors["attachment"]
    assert not Signalement.objects.exists()
