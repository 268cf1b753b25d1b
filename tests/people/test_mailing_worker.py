"""A message to a segment sent by real Celery workers, through a Redis of its own, to a mail
server that counts what it accepts (tests/messaging/faults.py): the worker is killed while it
sends, another takes over, a second "send" and a recording started again change nothing; each
member of the segment receives the message exactly once.

Needs redis-server and aiosmtpd: skipped without them, a failure in CI (require_service).
"""

import datetime
import time

import pytest
from django.utils import timezone

from messaging import mailings
from messaging.models import Mailing, MailingRecipient
from people.models import Segment
from tests.factories import UserFactory
from tests.groups.factories import LocalGroupFactory, MembershipFactory, place
from tests.messaging.test_faults import WAIT, Beat, delivered, services  # noqa: F401
from tests.workers import wait_until

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def namur_leaders(places):
    """Five groups of Namur province, each with a leader (two read English), and a member."""
    leaders = []
    for number, code in enumerate(("5000", "5100", "5300", "5500", "5600")):
        group = LocalGroupFactory(name=f"Groupe {code}", slug=f"groupe-{code}", place=place(code))
        leader = UserFactory(
            email=f"leader{number}@example.org",
            first_name=f"Leader{number}",
            preferred_language="en" if number % 2 else "fr",
        )
        MembershipFactory(group=group, volunteer=leader, role="leader")
        MembershipFactory(group=group, volunteer=UserFactory(email=f"member{number}@example.org"))
        leaders.append(leader)
    return leaders


def test_a_worker_killed_while_sending_a_mailing_duplicates_nothing(services, namur_leaders):  # noqa: F811
    segment = Segment.objects.create(
        name="Responsables, province de Namur", filters={"role": "leader", "province": "namur"}
    )
    mailing = Mailing.objects.create(
        kind=Mailing.Kind.SERVICE,
        segment=segment,
        subject_fr="Pour {first_name}",
        body_fr="Bonjour {first_name} de {group}.",
        subject_en="For {first_name}",
        body_en="Hello {first_name} from {group}.",
    )
    services.sink.stall_next = True  # the first message reaches the server, which never answers
    first = services.start_worker(MAILING_PER_MINUTE="1000")
    beat = Beat()
    assert mailings.mailing_schedule(mailing=mailing)  # the worker records it, then sends
    assert services.sink.stalled.wait(WAIT), "the worker never reached the mail server"
    first.kill()  # SIGKILL in the middle of the first message
    first.wait(timeout=30)
    # Sent again by a hurried person, and a second worker: nothing more is recorded.
    assert not mailings.mailing_schedule(mailing=mailing)
    second = services.start_worker(MAILING_PER_MINUTE="1000")
    wait_until(
        delivered(services.sink, len(namur_leaders), beat),
        seconds=WAIT,
        what="every leader's message",
        processes=[second],
    )
    # The recording started again, as after a worker that died while recording: nothing new.
    Mailing.objects.filter(pk=mailing.pk).update(
        status=Mailing.Status.SENDING, lease_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        beat.tick()
        if Mailing.objects.get(pk=mailing.pk).status == Mailing.Status.SENT:
            break
        time.sleep(0.3)
    time.sleep(2)
    beat.tick()
    time.sleep(2)
    accepted = services.sink.accepted
    assert services.sink.duplicates() == 0
    recipients = sorted(address for message in accepted for address in message["to"])
    assert recipients == sorted(leader.email for leader in namur_leaders)
    assert MailingRecipient.objects.filter(mailing=mailing).count() == len(namur_leaders)
    totals = mailings.mailing_totals(mailing)
    assert totals == {"total": 5, "sent": 5, "failed": 0, "queued": 0}
    # Each in their language.
    subjects = {m["to"][0]: m["subject"] for m in accepted}
    assert subjects["leader0@example.org"] == "Pour Leader0"
    assert subjects["leader1@example.org"] == "For Leader1"
