"""Letters ready to sign: the circular's Word template or the portal's own letter, filled in on
the server for one group and one authority, in the circular's language."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from actions import letters, services
from actions.validators import check_zip_document, validate_circular_document
from groups.models import Membership
from tests.actions.factories import PublishedProposalFactory, RecipientFactory, TargetFactory
from tests.actions.letter_files import DOCX_TYPE, docx_text, docx_upload
from tests.factories import UserFactory
from tests.groups.factories import MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def target(assigned_circular):
    return TargetFactory(
        circular=assigned_circular,
        authority="Fiscal General de la República",
        salutation="Señor Fiscal General:",
        address="Avenida de la Reforma 211\nCiudad de México\nMéxico",
    )


@pytest.fixture
def member(group):
    user = UserFactory(email="member@example.org", first_name="Louise", last_name="Martin")
    MembershipFactory(group=group, volunteer=user, role=Membership.Role.MEMBER)
    return user


def _proposal(coordination, circular, group, documents, targets):
    proposal = PublishedProposalFactory(coordination=coordination, circular=circular)
    proposal.documents.set(documents)
    proposal.targets.set(targets)
    RecipientFactory(proposal=proposal, group=group)
    return proposal


def letter_url(group, proposal, target, **query):
    url = reverse(
        "actions:action_letter",
        kwargs={"group": group.slug, "pk": proposal.pk, "target": target.pk},
    )
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def letter_date(language: str) -> str:
    with translation.override(language):
        return date_format(timezone.localdate(), "j F Y")


def test_the_portal_letter_passes_the_checked_upload_path():
    """The base template is a Word file like any other: the uploads' inspection accepts it."""
    content = letters.BASE_TEMPLATE.read_bytes()
    upload = SimpleUploadedFile("base_letter.docx", content, content_type=DOCX_TYPE)
    validate_circular_document(upload)  # raises when refused
    check_zip_document(upload, "docx")


def test_a_member_gets_the_template_filled_in_for_the_target_and_the_group(
    client, assigned_circular, coordination, group, member, target, secretariat
):
    template = services.attachment_add(
        circular=assigned_circular, file=docx_upload(), uploaded_by=secretariat
    )
    proposal = _proposal(coordination, assigned_circular, group, [template], [target])
    client.force_login(member)
    response = client.get(letter_url(group, proposal, target))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    text = docx_text(response.content)
    assert "Avenida de la Reforma 211\nCiudad de México\nMéxico" in text
    assert "Groupe de Namur" in text
    assert "Fiscal General de la República" in text
    assert "Señor Fiscal General:" in text
    assert letter_date("en") in text  # the circular is in English
    assert "Louise Martin" in text
    assert "{{" not in text
    # What reaches the member passes the uploads' inspection too.
    check_zip_document(SimpleUploadedFile("l.docx", response.content, DOCX_TYPE), "docx")


def test_a_pdf_circular_gets_the_portal_letter_in_the_circulars_language(
    client, assigned_circular, coordination, group, leader, target, secretariat
):
    from tests.actions.factories import pdf_upload

    assigned_circular.language = "fr"
    assigned_circular.letter_text = "Nous vous demandons de libérer immédiatement M. Pérez."
    assigned_circular.save()
    pdf = services.attachment_add(
        circular=assigned_circular, file=pdf_upload(), uploaded_by=secretariat
    )
    proposal = _proposal(coordination, assigned_circular, group, [pdf], [target])
    client.force_login(leader)
    response = client.get(letter_url(group, proposal, target))
    assert response.status_code == 200
    text = docx_text(response.content)
    assert "Avenida de la Reforma 211\nCiudad de México\nMéxico" in text
    assert "Groupe de Namur" in text
    assert "Señor Fiscal General:" in text
    assert "Nous vous demandons de libérer immédiatement M. Pérez." in text
    french_date = letter_date("fr")
    assert french_date in text
    assert any(
        month in french_date
        for month in (
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        )
    )
    assert "Claire Dumont" in text


def test_a_word_document_without_placeholders_gets_the_portal_letter(
    client, assigned_circular, coordination, group, leader, target, secretariat
):
    plain = services.attachment_add(
        circular=assigned_circular,
        file=docx_upload("background.docx", lines=("Background on the case.",)),
        uploaded_by=secretariat,
    )
    proposal = _proposal(coordination, assigned_circular, group, [plain], [target])
    client.force_login(leader)
    text = docx_text(client.get(letter_url(group, proposal, target)).content)
    assert "Background on the case." not in text
    assert "Groupe de Namur" in text and "Ciudad de México" in text


def test_values_are_escaped_and_the_template_runs_in_a_sandbox(
    client, assigned_circular, coordination, group, leader, target, secretariat
):
    group.name = 'Groupe <w:p> & "Namur"'
    group.save()
    hostile = services.attachment_add(
        circular=assigned_circular,
        file=docx_upload(
            "hostile.docx", lines=("{{ group_name }}", "{{ signatory.__class__.__mro__ }}")
        ),
        uploaded_by=secretariat,
    )
    proposal = _proposal(coordination, assigned_circular, group, [hostile], [target])
    client.force_login(leader)
    response = client.get(letter_url(group, proposal, target))
    # The sandbox refuses the attribute: no letter, the page says so.
    assert response.status_code == 302
    assert response.url == reverse(
        "actions:action_page", kwargs={"group": group.slug, "pk": proposal.pk}
    )
    escaped = services.attachment_add(
        circular=assigned_circular, file=docx_upload(), uploaded_by=secretariat
    )
    proposal.documents.set([escaped])
    response = client.get(letter_url(group, proposal, target))
    assert response.status_code == 200
    assert 'Groupe <w:p> & "Namur"' in docx_text(response.content)


def test_a_template_not_chosen_for_the_groups_cannot_be_used(
    client, assigned_circular, coordination, group, leader, target, secretariat
):
    chosen = services.attachment_add(
        circular=assigned_circular, file=docx_upload(), uploaded_by=secretariat
    )
    other = services.attachment_add(
        circular=assigned_circular, file=docx_upload("internal.docx"), uploaded_by=secretariat
    )
    proposal = _proposal(coordination, assigned_circular, group, [chosen], [target])
    client.force_login(leader)
    assert client.get(letter_url(group, proposal, target, document=chosen.pk)).status_code == 200
    assert client.get(letter_url(group, proposal, target, document=other.pk)).status_code == 404


def test_a_word_template_with_a_macro_is_refused_at_upload(assigned_circular, secretariat):
    import io
    import zipfile

    from tests.actions.letter_files import docx_bytes

    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx_bytes("{{ group_name }}"))) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1macro")
    upload = SimpleUploadedFile("template.docx", buffer.getvalue(), DOCX_TYPE)
    with pytest.raises(ValidationError):
        services.attachment_add(circular=assigned_circular, file=upload, uploaded_by=secretariat)
    renamed = SimpleUploadedFile("template.docx", b"MZ\x90\x00program", DOCX_TYPE)
    with pytest.raises(ValidationError):
        services.attachment_add(circular=assigned_circular, file=renamed, uploaded_by=secretariat)
    assert not assigned_circular.attachments.exists()


def test_the_circulars_page_serves_a_word_template_as_word(
    client, assigned_circular, coordinator, secretariat
):
    template = services.attachment_add(
        circular=assigned_circular, file=docx_upload(), uploaded_by=secretariat
    )
    assert template.file.name.endswith(".docx")
    client.force_login(coordinator)
    response = client.get(template.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert 'filename="lettre-type.docx"' in response["Content-Disposition"]
