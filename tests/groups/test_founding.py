"""Founding a group, end to end: a volunteer with no group nearby asks (the finder offers it),
the co-founders are written to, staff approve in the admin, and the group exists with the
founder as its leader and shows in the finder; a refusal tells the founder why."""

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from groups.models import GroupFoundingRequest, LocalGroup, Membership
from messaging.models import OutgoingMessage
from tests.groups.factories import GroupFoundingRequestFactory

pytestmark = pytest.mark.django_db

FOUND = "/en/groups/found/"
CHANGELIST = "/admin/local_groups/groupfoundingrequest/"
# Bastogne: some 70 km from the cast's groups (Namur, Liège).
FAR = "6600"


def ask(client, **data):
    return client.post(
        FOUND,
        {
            "place": FAR,
            "description": "Nous sommes trois à vouloir agir pour les droits humains.",
            "cofounder_emails": "Marie@example.org\nluc@example.org",
            **data,
        },
    )


def run_action(client, action, foundings, **data):
    return client.post(
        CHANGELIST,
        {"action": action, helpers.ACTION_CHECKBOX_NAME: [f.pk for f in foundings], **data},
    )


def sent_to(address, kind):
    return OutgoingMessage.objects.filter(to_email=address, kind=kind)


def test_founding_a_group_end_to_end(client, admin_client, volunteer, group, other_group):
    # The finder shows no group within reach of Bastogne, and offers to start one.
    page = client.get("/en/groups/", {"q": FAR}).content.decode()
    assert "Sign in to start a group here" in page
    client.force_login(volunteer)
    page = client.get("/en/groups/", {"q": FAR}).content.decode()
    assert "Start a group here" in page and f"{reverse('groups:found')}?q={FAR}" in page
    assert "6600" in client.get(FOUND, {"q": FAR}).content.decode()

    response = ask(client)
    assert response.status_code == 302
    founding = GroupFoundingRequest.objects.get()
    assert (founding.founder, founding.place.postal_code, founding.status) == (
        volunteer,
        FAR,
        "pending",
    )
    assert founding.cofounder_emails == ["marie@example.org", "luc@example.org"]
    # The co-founders and the secretariat are written to, through the outbox.
    assert sent_to("marie@example.org", "groups.founding_cofounder").exists()
    assert sent_to("luc@example.org", "groups.founding_cofounder").exists()
    assert OutgoingMessage.objects.filter(kind="groups.founding_submitted").count() == 1
    # My space says it waits.
    assert "waiting for the secretariat" in client.get("/en/me/").content.decode()

    # Staff approve in the admin.
    assert admin_client.get(CHANGELIST).status_code == 200
    response = run_action(admin_client, "approve", [founding])
    assert response.status_code == 302
    founding.refresh_from_db()
    assert founding.status == "approved" and founding.decided_by is not None
    new = founding.group
    assert new.is_active and new.place.postal_code == FAR and new.slug
    assert Membership.objects.get(group=new, role="leader").volunteer == volunteer
    assert new.secretariat_contact == founding.decided_by
    assert sent_to(volunteer.email, "groups.founding_approved").exists()
    assert sent_to("marie@example.org", "groups.founding_invitation").exists()

    # The new group shows in the finder for that postal code, and the offer is gone.
    client.logout()
    page = client.get("/en/groups/", {"q": FAR}).content.decode()
    assert new.name in page and new.get_absolute_url() in page
    assert "start a group here" not in page
    # The founder leads it from My space.
    client.force_login(volunteer)
    assert reverse("groups:tasks", args=[new.slug]) in client.get("/en/me/").content.decode()


def test_refusal_emails_the_reason(admin_client, volunteer):
    founding = GroupFoundingRequestFactory(founder=volunteer)
    # The action first asks for the reason...
    response = run_action(admin_client, "refuse", [founding])
    assert response.status_code == 200 and "reason" in response.context["form"].fields
    founding.refresh_from_db()
    assert founding.status == "pending"
    # ... then refuses with it, and the founder reads it.
    reason = "Un groupe se forme déjà à Marche-en-Famenne : nous vous mettons en contact."
    response = run_action(admin_client, "refuse", [founding], apply="yes", reason=reason)
    assert response.status_code == 302
    founding.refresh_from_db()
    assert (founding.status, founding.reason) == ("refused", reason)
    [message] = sent_to(volunteer.email, "groups.founding_refused")
    assert reason in message.text
    assert not LocalGroup.objects.filter(place=founding.place).exists()


def test_a_decided_request_is_not_decided_again(admin_client, volunteer):
    founding = GroupFoundingRequestFactory(founder=volunteer)
    run_action(admin_client, "approve", [founding])
    run_action(admin_client, "approve", [founding])
    run_action(admin_client, "refuse", [founding], apply="yes", reason="Non.")
    assert LocalGroup.objects.count() == 1
    founding.refresh_from_db()
    assert founding.status == "approved"


@pytest.mark.parametrize(
    ("emails", "error"),
    [
        ("", "This field is required."),
        (" , ;", "at least one co-founder"),
        ("volunteer@example.org", "leave your own address out"),
        ("Volunteer@Example.org\nmarie@example.org", "leave your own address out"),
        ("marie@", "is not an e-mail address"),
    ],
)
def test_at_least_one_co_founder_and_not_oneself(volunteer_client, emails, error):
    response = ask(volunteer_client, cofounder_emails=emails)
    assert response.status_code == 200
    assert error in str(response.context["form"].errors["cofounder_emails"])
    assert not GroupFoundingRequest.objects.exists()
    assert not OutgoingMessage.objects.exists()


def test_an_unknown_commune_is_refused(volunteer_client):
    response = ask(volunteer_client, place="9999")
    assert response.context["form"].has_error("place", "unknown_place")
    assert not GroupFoundingRequest.objects.exists()


def test_no_founding_where_a_group_already_meets(volunteer_client, group):
    response = ask(volunteer_client, place="5000")
    assert response.status_code == 200
    assert "Groupe de Namur" in str(response.context["form"].non_field_errors())
    assert not GroupFoundingRequest.objects.exists()


def test_the_finder_offers_nothing_where_a_group_meets(volunteer_client, group):
    page = volunteer_client.get("/en/groups/", {"q": "5000"}).content.decode()
    assert "Start a group here" not in page


def test_one_pending_request_at_a_time(volunteer_client, volunteer):
    GroupFoundingRequestFactory(founder=volunteer)
    response = ask(volunteer_client)
    assert "already asked to found a group" in str(response.context["form"].non_field_errors())
    assert GroupFoundingRequest.objects.count() == 1


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get(FOUND)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_new_group_takes_a_free_name(admin_client, volunteer, other_volunteer):
    first = GroupFoundingRequestFactory(founder=volunteer)
    second = GroupFoundingRequestFactory(founder=other_volunteer)
    run_action(admin_client, "approve", [first])
    run_action(admin_client, "approve", [second])
    names = sorted(LocalGroup.objects.values_list("name", flat=True))
    assert len(set(names)) == 2 and all("Bastogne" in name for name in names)


def test_the_founders_words_are_in_their_data_export(volunteer_client, volunteer):
    import io
    import json
    import zipfile

    GroupFoundingRequestFactory(founder=volunteer, description="Agir à Bastogne, ensemble.")
    response = volunteer_client.post(reverse("accounts:my_data"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    [row] = json.loads(archive.read("data.json"))["records"]["local_groups.GroupFoundingRequest"]
    assert row["description"] == "Agir à Bastogne, ensemble."
    assert row["cofounder_emails"] == ["cofondatrice@example.org"]
