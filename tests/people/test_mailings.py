"""Messages to a segment or a list of people: each member reached once, in their language,
news only with consent, through the outbox; sending twice or starting again after a crash
duplicates nothing; throttled; sent at a time chosen, to the segment as it is then."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from messaging import mailings
from messaging.models import Mailing, MailingRecipient, OutgoingMessage
from messaging.tasks import relay_messages
from people.models import Segment
from tests.factories import UserFactory
from tests.groups.factories import LocalGroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db

BODY_FR = "Bonjour {first_name}, une nouvelle pour {group} ({coordination}). Votre lien : {link}"
BODY_EN = "Hello {first_name}, news for {group} ({coordination}). Your link: {link}"


def write(client, **fields) -> Mailing:
    data = {
        "kind": "service",
        "subject_fr": "Pour {first_name}",
        "body_fr": BODY_FR,
        "subject_en": "For {first_name}",
        "body_en": BODY_EN,
        "addresses": "",
        **fields,
    }
    response = client.post(reverse("mailings:create"), data)
    assert response.status_code == 302, response.context["form"].errors
    return Mailing.objects.latest("pk")


def send(client, mailing, capture, **data):
    with capture(execute=True):
        response = client.post(reverse("mailings:send", args=[mailing.pk]), {"when": "now", **data})
    mailing.refresh_from_db()
    return response


@pytest.fixture
def leaders(town):
    return Segment.objects.create(name="Responsables", filters={"role": "leader"})


def test_a_message_to_a_segment_reaches_each_member_once_in_their_language(
    town, staff_client, leaders, mailoutbox, django_capture_on_commit_callbacks
):
    mailing = write(staff_client, segment=leaders.pk)
    assert mailing.status == "draft" and mailoutbox == []
    send(staff_client, mailing, django_capture_on_commit_callbacks)
    assert mailing.status == "sent"
    by_address = {m.to[0]: m for m in mailoutbox}
    assert sorted(by_address) == ["alice@example.org", "bruno@example.org"]
    alice, bruno = by_address["alice@example.org"], by_address["bruno@example.org"]
    assert alice.subject == "Pour Alice"
    assert alice.body.startswith("Bonjour Alice, une nouvelle pour Groupe de Liège (")
    assert bruno.subject == "For Bruno"
    assert bruno.body.startswith("Hello Bruno, news for Groupe de Namur (your coordination)")
    # A service message: essential, no unsubscribe.
    assert "List-Unsubscribe" not in alice.extra_headers
    assert "/fr/me/" in alice.body and "/en/me/" in bruno.body  # their personal link
    # Each recipient once, with their message in the outbox; the totals say so.
    assert MailingRecipient.objects.filter(mailing=mailing).count() == 2
    assert OutgoingMessage.objects.filter(kind="mailing.service").count() == 2
    page = staff_client.get(reverse("mailings:detail", args=[mailing.pk]))
    assert page.context["totals"] == {"total": 2, "sent": 2, "failed": 0, "queued": 0}
    assert [r.state for r in page.context["recipients"]] == ["sent", "sent"]


def test_news_go_only_to_those_who_opted_in_with_a_one_click_unsubscribe(
    town, staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    members = Segment.objects.create(name="Membres", filters={"role": "member"})
    mailing = write(staff_client, segment=members.pk, kind="news")
    detail = staff_client.get(reverse("mailings:detail", args=[mailing.pk]))
    assert (detail.context["audience_count"], detail.context["without_consent"]) == (1, 3)
    send(staff_client, mailing, django_capture_on_commit_callbacks)
    [message] = mailoutbox
    assert message.to == ["alice@example.org"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.match(r"<(http://[^>]+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    assert link in message.body  # the same link in the text
    assert (mailing.recipient_count, mailing.without_consent) == (1, 3)


def test_sending_twice_or_recording_again_duplicates_nothing(
    town, staff_client, leaders, mailoutbox, django_capture_on_commit_callbacks, clock
):
    mailing = write(staff_client, segment=leaders.pk)
    send(staff_client, mailing, django_capture_on_commit_callbacks)
    send(staff_client, mailing, django_capture_on_commit_callbacks)  # a second click
    assert len(mailoutbox) == 2
    assert mailings.mailing_schedule(mailing=mailing) is False
    # A worker that took it up again as if the first had died: nothing more.
    Mailing.objects.filter(pk=mailing.pk).update(
        status="sending", lease_until=clock.now - datetime.timedelta(seconds=1)
    )
    MailingRecipient.objects.filter(mailing=mailing).update(outgoing=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert mailings.mailing_record(mailing_id=mailing.pk) == "recorded"
    assert len(mailoutbox) == 2
    assert OutgoingMessage.objects.count() == 2
    assert MailingRecipient.objects.filter(outgoing__isnull=True).count() == 0


def test_a_crash_while_recording_is_finished_by_the_relay_without_duplicates(
    town, staff_client, mailoutbox, django_capture_on_commit_callbacks, clock, monkeypatch
):
    everybody = Segment.objects.create(name="Tout le monde", filters={})
    mailing = write(staff_client, segment=everybody.pk)
    monkeypatch.setattr(mailings, "RECORD_BATCH", 3)
    real = mailings._record_batch
    calls = []

    def dies_on_the_second_batch(*args):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the worker is killed")
        return real(*args)

    monkeypatch.setattr(mailings, "_record_batch", dies_on_the_second_batch)
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("mailings:send", args=[mailing.pk]), {"when": "now"})
    mailing.refresh_from_db()
    # The recipients were fixed, the first batch's messages recorded, then the worker died.
    assert mailing.status == "sending" and mailing.recipient_count == 9
    assert OutgoingMessage.objects.count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        relay_messages()  # the messages recorded go; the mailing's lease is still its worker's
    assert len(mailoutbox) == 3
    clock.shift(datetime.timedelta(minutes=11))
    with django_capture_on_commit_callbacks(execute=True):
        relay_messages()
    mailing.refresh_from_db()
    assert mailing.status == "sent"
    addresses = sorted(m.to[0] for m in mailoutbox)
    assert len(addresses) == 9 == len(set(addresses))


def test_the_recipients_are_fixed_when_it_is_sent_at_the_time_chosen(
    town, staff_client, leaders, mailoutbox, django_capture_on_commit_callbacks, clock
):
    mailing = write(staff_client, segment=leaders.pk)
    when = timezone.localtime(clock.now + datetime.timedelta(days=2))
    response = send(
        staff_client,
        mailing,
        django_capture_on_commit_callbacks,
        when="later",
        send_at=when.strftime("%Y-%m-%dT%H:%M"),
    )
    assert response.status_code == 302
    assert mailing.status == "scheduled" and mailoutbox == []
    # Before the time, Alice hands Liège over and Nina starts leading Huy: the segment is
    # evaluated when the message goes.
    town.alice.group_memberships.update(role="member")
    newcomer = UserFactory(email="newcomer@example.org", first_name="Nina")
    huy = LocalGroupFactory(name="Groupe de Huy", slug="huy")
    MembershipFactory(group=huy, volunteer=newcomer, role="leader")
    with django_capture_on_commit_callbacks(execute=True):
        relay_messages()
    assert mailoutbox == []  # not yet
    clock.shift(datetime.timedelta(days=2, minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        relay_messages()
    assert sorted(m.to[0] for m in mailoutbox) == ["bruno@example.org", "newcomer@example.org"]


def test_sending_is_throttled_and_the_relay_hands_over_the_rest(
    town, staff_client, mailoutbox, django_capture_on_commit_callbacks, clock, settings
):
    settings.MAILING_PER_MINUTE = 2
    everybody = Segment.objects.create(name="Tout le monde", filters={})
    mailing = write(staff_client, segment=everybody.pk)
    send(staff_client, mailing, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2
    for minute, expected in ((1, 4), (2, 6), (3, 8), (4, 9)):
        clock.shift(datetime.timedelta(minutes=1))
        with django_capture_on_commit_callbacks(execute=True):
            relay_messages()
        assert len(mailoutbox) == expected, minute
    totals = mailings.mailing_totals(mailing)
    assert totals == {"total": 9, "sent": 9, "failed": 0, "queued": 0}


def test_a_list_of_people_and_the_previews_for_real_recipients(
    town, staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    mailing = write(
        staff_client, addresses="alice@example.org\nEMMA@example.org; bruno@example.org"
    )
    assert set(mailing.people.values_list("email", flat=True)) == {
        "alice@example.org",
        "bruno@example.org",
        "emma@example.org",
    }
    detail = staff_client.get(reverse("mailings:detail", args=[mailing.pk]))
    previews = detail.context["previews"]
    # Two real recipients in each language: Emma and Bruno in English; Alice in French, and
    # Emma shown in French too (nobody else reads French here).
    assert [(p["message"].language, p["person"].first_name) for p in previews] == [
        ("fr", "Alice"),
        ("fr", "Emma"),
        ("en", "Emma"),
        ("en", "Bruno"),
    ]
    english = [p["message"] for p in previews if p["message"].language == "en"]
    assert {m.subject for m in english} == {"For Bruno", "For Emma"}
    assert "Grands Lacs" in next(m.text for m in english if m.subject == "For Emma")
    send(staff_client, mailing, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 3


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"body_fr": "Bonjour {prenom}"}, "body_fr"),
        ({"subject_en": "Hi {name}"}, "subject_en"),
        ({"addresses": "nobody@example.org"}, "addresses"),
        ({}, "segment"),  # neither a segment nor people
        ({"segment": "SEGMENT", "addresses": "alice@example.org"}, "addresses"),
        ({"body_en": ""}, "body_en"),
    ],
)
def test_the_form_refuses_what_cannot_be_sent(town, staff_client, leaders, fields, field):
    data = {
        "kind": "news",
        "subject_fr": "Sujet",
        "body_fr": "Texte",
        "subject_en": "Subject",
        "body_en": "Text",
        "addresses": "",
        **{k: (leaders.pk if v == "SEGMENT" else v) for k, v in fields.items()},
    }
    response = staff_client.post(reverse("mailings:create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Mailing.objects.exists()


def test_a_time_in_the_past_or_far_away_is_refused(town, staff_client, leaders):
    mailing = write(staff_client, segment=leaders.pk)
    url = reverse("mailings:send", args=[mailing.pk])
    for moment in ("2020-01-01T10:00", "9999-12-31T10:00", ""):
        response = staff_client.post(url, {"when": "later", "send_at": moment})
        assert response.status_code == 200
        assert "send_at" in response.context["send_form"].errors
    mailing.refresh_from_db()
    assert mailing.status == "draft"


def test_a_segment_that_no_longer_holds_is_not_sent(
    town, staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    segment = Segment.objects.create(name="Presse", filters={"tags": [town.presse.pk]})
    mailing = write(staff_client, segment=segment.pk)
    town.presse.delete()
    detail = staff_client.get(reverse("mailings:detail", args=[mailing.pk]))
    assert "tags" in detail.context["segment_errors"]
    send(staff_client, mailing, django_capture_on_commit_callbacks)
    assert mailing.status == "draft" and mailoutbox == []


def test_a_scheduled_message_can_go_back_to_draft_and_a_draft_be_deleted(
    town, staff_client, leaders, clock
):
    mailing = write(staff_client, segment=leaders.pk)
    when = (clock.now + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    staff_client.post(
        reverse("mailings:send", args=[mailing.pk]), {"when": "later", "send_at": when}
    )
    mailing.refresh_from_db()
    assert mailing.status == "scheduled"
    staff_client.post(reverse("mailings:unschedule", args=[mailing.pk]))
    mailing.refresh_from_db()
    assert (mailing.status, mailing.send_at) == ("draft", None)
    staff_client.post(reverse("mailings:delete", args=[mailing.pk]))
    assert not Mailing.objects.exists()


def test_the_list_counts_each_messages_deliveries(
    town, staff_client, leaders, django_capture_on_commit_callbacks
):
    mailing = write(staff_client, segment=leaders.pk)
    send(staff_client, mailing, django_capture_on_commit_callbacks)
    OutgoingMessage.objects.filter(to_email="bruno@example.org").update(status="failed")
    page = staff_client.get(reverse("mailings:list"))
    [listed] = page.context["mailings"]
    assert (listed.sent, listed.queued, listed.failed) == (1, 0, 1)


def test_unknown_placeholders_are_listed():
    text = "{first_name} {prénom} {x} {link} { not one } {{group}}"
    assert mailings.unknown_placeholders(text) == ["prénom", "x"]
