"""The demo's people pages: a few tags and notes, two segments, one message already sent."""

import pytest
from django.core.management import call_command

from messaging.models import Mailing, MailingRecipient, OutgoingMessage
from people.models import Note, Segment, Tag
from people.selectors import segment_people

pytestmark = pytest.mark.django_db


def counts():
    return (
        Tag.objects.count(),
        Note.objects.count(),
        Segment.objects.count(),
        Mailing.objects.count(),
        MailingRecipient.objects.count(),
        OutgoingMessage.objects.filter(kind="mailing.service").count(),
    )


def test_the_demo_has_tags_notes_segments_and_a_message_sent_once():
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first
    tags, notes, segments, mailings, recipients, messages = first
    assert (tags, notes, segments, mailings) == (3, 2, 2, 1)
    mailing = Mailing.objects.get()
    assert mailing.status == "sent" and recipients == messages == mailing.recipient_count > 0
    # It went to the leaders of Liège province, each once, and the segments are valid.
    leaders = segment_people(mailing.segment)
    assert set(MailingRecipient.objects.values_list("person", flat=True)) == set(
        leaders.values_list("pk", flat=True)
    )
    for segment in Segment.objects.all():
        segment_people(segment)  # raises if the form refuses its filters
