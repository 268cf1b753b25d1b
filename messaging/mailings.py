"""Messages to several people (a segment, a list, the leaders who have not reported): written
once, sent to each person once, in their language, through the outbox.

Sending happens in three steps, each safe to repeat:

1. ``mailing_schedule`` marks the draft "scheduled" for now or a time to come (a second click
   finds it scheduled already and does nothing); the worker starts at once for "now", the
   relay (every minute) finds a time that has come.
2. ``mailing_record`` claims it with a lease, as the outbox claims a message, and **fixes the
   recipients**: the segment is evaluated then (not when it was written), news go only to those
   who opted in, and each person gets one ``MailingRecipient`` row (unique per mailing and
   person). This happens once: the rows are the snapshot.
3. It then writes one outbox row per recipient, a batch at a time, each under the
   deduplication key "mailing:<mailing>:<person>" (unique), and links it to its recipient in
   the same transaction. A worker that dies in the middle leaves the lease to run out; the
   relay takes the mailing up again and records only the recipients without a message.

Delivery is the outbox's (messaging.services): a lease per message, retries, failures shown to
staff. It is throttled: at most MAILING_PER_MINUTE messages are due each minute, the rest are
due a minute later each and handed over by the relay.
"""

import datetime
import logging
import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from config.pagecache import public_pages_changed
from messaging.models import Mailing, MailingRecipient, OutgoingMessage
from messaging.services import message_build, messages_publish_on_commit
from messaging.unsubscribe import NEWS, unsubscribe_headers, unsubscribe_url

logger = logging.getLogger(__name__)
Status = Mailing.Status

LANGUAGES = ("fr", "en")
# Outbox rows written per transaction while recording a mailing.
RECORD_BATCH = 200
PLACEHOLDERS = ("first_name", "last_name", "group", "coordination", "link")
PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")
PREVIEWS_PER_LANGUAGE = 2


def unknown_placeholders(text: str) -> list[str]:
    """The {names} in ``text`` that are not placeholders of a mailing."""
    return sorted({name for name in PLACEHOLDER_RE.findall(text) if name not in PLACEHOLDERS})


def language_of(person) -> str:
    return person.preferred_language if person.preferred_language in LANGUAGES else "fr"


# Who receives it ------------------------------------------------------------------------------


def audience(mailing: Mailing, *, today: datetime.date | None = None):
    """(the people a mailing would reach now, how many of the chosen are left out for want of
    consent to the news). Raises people.selectors.SegmentInvalid for a segment whose filters
    no longer hold."""
    from accounts.models import User

    if mailing.segment_id:
        from people.selectors import segment_people

        chosen = segment_people(mailing.segment, today=today)
    else:
        chosen = User.objects.filter(pk__in=mailing.people.values("pk"), is_active=True)
    chosen = chosen.order_by("last_name", "first_name", "pk")
    if mailing.kind != Mailing.Kind.NEWS:
        return chosen, 0
    consented = chosen.filter(receives_news=True)
    return consented, chosen.count() - consented.count()


def _proposal_of(mailing: Mailing):
    """The proposal whose report link is the personal link: a follow-up reminder's, or the one
    named by the segment ("leaders of groups that have not reported on")."""
    if mailing.proposal_id or not mailing.segment_id:
        return mailing.proposal
    from actions.models import ActionProposal

    proposal_id = (mailing.segment.filters or {}).get("not_reported_on")
    if not isinstance(proposal_id, int):
        return None
    return ActionProposal.objects.filter(pk=proposal_id).first()


def _unreported_groups_led(proposal, person_ids) -> dict[int, int]:
    """For each of these people, a group they lead that has not reported on ``proposal``."""
    from actions.models import FollowUpReport, ProposalRecipient
    from groups.models import Membership

    reported = FollowUpReport.objects.filter(proposal=proposal).values("group")
    targeted = ProposalRecipient.objects.filter(proposal=proposal).values("group")
    groups = {}
    for person_id, group_id in (
        Membership.objects.filter(
            volunteer_id__in=person_ids, role=Membership.Role.LEADER, group__in=targeted
        )
        .exclude(group__in=reported)
        .order_by("group__name")
        .values_list("volunteer_id", "group_id")
    ):
        groups.setdefault(person_id, group_id)
    return groups


@transaction.atomic
def _fix_recipients(mailing: Mailing, now: datetime.datetime) -> None:
    """The snapshot: who receives the mailing, fixed once (a repeat finds it done)."""
    mailing = Mailing.objects.select_for_update().get(pk=mailing.pk)
    if mailing.recipients_fixed_at is not None:
        return
    people, without_consent = audience(mailing, today=timezone.localdate(now))
    people = list(people.only("pk", "preferred_language"))
    proposal = _proposal_of(mailing)
    groups = _unreported_groups_led(proposal, [p.pk for p in people]) if proposal else {}
    MailingRecipient.objects.bulk_create(
        [
            MailingRecipient(
                mailing=mailing,
                person=person,
                group_id=groups.get(person.pk),
                language=language_of(person),
                position=position,
                created_at=now,
            )
            for position, person in enumerate(people)
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    Mailing.objects.filter(pk=mailing.pk).update(
        recipients_fixed_at=now,
        recipient_count=len(people),
        without_consent=without_consent,
        proposal=proposal,
        filters=mailing.segment.filters if mailing.segment_id else {},
    )


# What each person reads -----------------------------------------------------------------------


@dataclass
class Rendered:
    language: str
    subject: str
    text: str
    headers: dict


def personal_values(recipients: list[MailingRecipient], mailing: Mailing, today=None) -> dict:
    """For each recipient (by person id), the placeholders' values that need the database:
    their group and their coordination (two queries for the whole batch)."""
    from coordinations.models import Mandate
    from groups.models import Membership

    today = today or timezone.localdate()
    ids = [r.person_id for r in recipients]
    groups: dict[int, str] = {}
    rank = {Membership.Role.LEADER: 0, Membership.Role.TREASURER: 1, Membership.Role.MEMBER: 2}
    memberships = sorted(
        Membership.objects.filter(volunteer_id__in=ids).select_related("group"),
        key=lambda m: (rank.get(m.role, 3), m.group.name),
    )
    for membership in memberships:
        groups.setdefault(membership.volunteer_id, membership.group.name)
    coordinations: dict[int, str] = {}
    for mandate in (
        Mandate.objects.holding_on(today)
        .filter(volunteer_id__in=ids)
        .select_related("coordination")
        .order_by("start_date", "pk")
    ):
        coordinations.setdefault(mandate.volunteer_id, mandate.coordination.name)
    return {"groups": groups, "coordinations": coordinations}


def _link(mailing: Mailing, recipient: MailingRecipient, proposal) -> str:
    """The personal link: a leader's signed report link when the mailing is about a proposal
    and the group they lead that has not reported, their own My space otherwise."""
    if proposal is not None and recipient.group_id:
        from actions.links import report_token

        token = report_token(
            proposal_id=proposal.pk, group_id=recipient.group_id, leader_id=recipient.person_id
        )
        return settings.SITE_URL + reverse("actions:report_by_link", args=[token])
    return settings.SITE_URL + reverse("accounts:me")


def personalise(text: str, values: dict) -> str:
    """Replace each {placeholder} (unknown names are left as they are)."""
    return PLACEHOLDER_RE.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def render_for(mailing: Mailing, recipient: MailingRecipient, values: dict, proposal) -> Rendered:
    """The message one recipient reads, in their language: the subject and text staff wrote,
    personalised, then the footer (with the unsubscribe link for news)."""
    person = recipient.person
    language = recipient.language or language_of(person)
    with translation.override(language):
        group_name = (
            recipient.group.name
            if recipient.group_id
            else values["groups"].get(person.pk, _("your group"))
        )
        placeholders = {
            "first_name": person.first_name or _("Volunteer"),
            "last_name": person.last_name,
            "group": group_name,
            "coordination": values["coordinations"].get(person.pk, _("your coordination")),
            "link": _link(mailing, recipient, proposal),
        }
        subject = personalise(getattr(mailing, f"subject_{language}"), placeholders)
        body = personalise(getattr(mailing, f"body_{language}"), placeholders)
        headers = {}
        context = {"mailing": mailing, "person": person}
        if not mailing.essential:
            context["unsubscribe_url"] = unsubscribe_url(person, NEWS)
            headers = unsubscribe_headers(context["unsubscribe_url"])
        footer = render_to_string("messaging/email/mailing_footer.txt", context)
    return Rendered(
        language, " ".join(subject.split())[:300], f"{body.rstrip()}\n\n{footer}", headers
    )


def previews(mailing: Mailing, *, today=None) -> list[dict]:
    """The message as two real recipients of each language will read it (recipients of the
    other language shown in this one when a language has fewer than two)."""
    people, _without = audience(mailing, today=today)
    sample = list(people.filter(preferred_language__in=LANGUAGES)[:50])
    proposal = _proposal_of(mailing)
    shown = []
    for language in LANGUAGES:
        chosen = [p for p in sample if language_of(p) == language][:PREVIEWS_PER_LANGUAGE]
        chosen += [p for p in sample if p not in chosen][: PREVIEWS_PER_LANGUAGE - len(chosen)]
        if not chosen:
            continue
        groups = _unreported_groups_led(proposal, [p.pk for p in chosen]) if proposal else {}
        recipients = [
            MailingRecipient(
                mailing=mailing, person=p, group_id=groups.get(p.pk), language=language
            )
            for p in chosen
        ]
        values = personal_values(recipients, mailing, today)
        for recipient in recipients:
            rendered = render_for(mailing, recipient, values, proposal)
            shown.append({"person": recipient.person, "message": rendered})
    return shown


# Writing --------------------------------------------------------------------------------------


@transaction.atomic
def mailing_save(*, mailing: Mailing, people, actor) -> Mailing:
    """Save a draft (or a scheduled message not sent yet): to its segment, or to ``people``."""
    if mailing.pk is None:
        mailing.created_by = actor
    if mailing.segment_id:
        people = []
    mailing.save()
    mailing.people.set(people)
    return mailing


@transaction.atomic
def mailing_delete(*, mailing: Mailing) -> None:
    """Delete a draft (a message sent stays: it is what people received)."""
    Mailing.objects.filter(pk=mailing.pk, status=Status.DRAFT).delete()


# Sending --------------------------------------------------------------------------------------


def _record_on_commit(mailing_id: int) -> None:
    from messaging.tasks import record_mailing

    def publish():
        from config.celery import app

        try:
            record_mailing.apply_async(args=[mailing_id], retry=False)
        except Exception:
            if app.conf.task_always_eager:
                raise  # not the broker: a fault of the recording itself
            # The relay finds the scheduled mailing within a minute.
            logger.warning("mailing: the broker is unreachable", extra={"mailing": mailing_id})

    transaction.on_commit(publish)


@transaction.atomic
def mailing_schedule(*, mailing: Mailing, send_at: datetime.datetime | None = None) -> bool:
    """Send a draft now (``send_at`` None) or at a time to come; False when it is not a draft
    (already scheduled or sent: a second click sends nothing more)."""
    now = timezone.now()
    when = send_at or now
    changed = Mailing.objects.filter(pk=mailing.pk, status=Status.DRAFT).update(
        status=Status.SCHEDULED, send_at=when
    )
    if not changed:
        return False
    mailing.status, mailing.send_at = Status.SCHEDULED, when
    if when <= now:
        _record_on_commit(mailing.pk)
    logger.info("mailing scheduled", extra={"mailing": mailing.pk, "send_at": when.isoformat()})
    return True


@transaction.atomic
def mailing_unschedule(*, mailing: Mailing) -> bool:
    """Back to draft, if it has not started."""
    changed = Mailing.objects.filter(pk=mailing.pk, status=Status.SCHEDULED).update(
        status=Status.DRAFT, send_at=None
    )
    if changed:
        mailing.status, mailing.send_at = Status.DRAFT, None
    return bool(changed)


def _claim(mailing_id: int, now: datetime.datetime) -> bool:
    lease = now + datetime.timedelta(seconds=settings.MESSAGE_LEASE_SECONDS)
    return bool(
        Mailing.objects.filter(pk=mailing_id)
        .filter(
            Q(status=Status.SCHEDULED, send_at__lte=now)
            | Q(status=Status.SENDING, lease_until__lt=now)
        )
        .update(status=Status.SENDING, lease_until=lease)
    )


def mailing_record(*, mailing_id: int) -> str:
    """Fix the recipients and write their messages to the outbox, if the mailing is due and
    nobody else is doing it; say what happened."""
    now = timezone.now()
    if not _claim(mailing_id, now):
        return "not due"
    mailing = Mailing.objects.get(pk=mailing_id)
    from people.selectors import SegmentInvalid

    try:
        _fix_recipients(mailing, now)
    except SegmentInvalid:
        # A group closed or a tag deleted since it was written: back to draft, where staff
        # read why, rather than a message to people nobody chose.
        Mailing.objects.filter(pk=mailing.pk, status=Status.SENDING).update(
            status=Status.DRAFT, send_at=None, lease_until=None
        )
        logger.warning("mailing: its segment no longer holds", extra={"mailing": mailing.pk})
        return "segment invalid"
    mailing.refresh_from_db()
    proposal = mailing.proposal
    recorded = 0
    while True:
        with transaction.atomic():
            batch = list(
                mailing.recipients.filter(outgoing__isnull=True)
                .select_related("person", "group")
                .order_by("position", "pk")[:RECORD_BATCH]
            )
            if not batch:
                break
            recorded += _record_batch(mailing, batch, proposal)
            # Still ours for a while: a long mailing is not taken over while it progresses.
            Mailing.objects.filter(pk=mailing.pk, status=Status.SENDING).update(
                lease_until=timezone.now()
                + datetime.timedelta(seconds=settings.MESSAGE_LEASE_SECONDS)
            )
    Mailing.objects.filter(pk=mailing.pk, status=Status.SENDING).update(
        status=Status.SENT, recorded_at=timezone.now(), lease_until=None
    )
    logger.info("mailing recorded", extra={"mailing": mailing.pk, "messages": recorded})
    return "recorded"


def _due_at(mailing: Mailing, position: int) -> datetime.datetime:
    """When a recipient's message is due: MAILING_PER_MINUTE a minute, in the recipients'
    order, from the moment they were fixed."""
    minutes = position // settings.MAILING_PER_MINUTE
    return mailing.recipients_fixed_at + datetime.timedelta(minutes=minutes)


def _record_batch(mailing: Mailing, batch: list[MailingRecipient], proposal) -> int:
    """One transaction: the batch's outbox rows, linked to their recipients."""
    now = timezone.now()
    values = personal_values(batch, mailing)
    marker = uuid.uuid4()
    rows = []
    for recipient in batch:
        rendered = render_for(mailing, recipient, values, proposal)
        message = message_build(
            to=recipient.person.email,
            subject=rendered.subject,
            text=rendered.text,
            kind=f"mailing.{mailing.kind}",
            language=rendered.language,
            recipient=recipient.person,
            concerns=mailing,
            dedup_key=recipient.dedup_key,
            headers=rendered.headers,
            essential=mailing.essential,
            batch=marker,
        )
        message.next_attempt_at = max(now, _due_at(mailing, recipient.position))
        rows.append(message)
    OutgoingMessage.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    public_pages_changed()  # the dashboard counts messages; bulk inserts send no signal
    # The rows under these keys, this batch's or (never in practice: the link is written in
    # the same transaction) an earlier attempt's.
    by_key = {
        key: (pk, due)
        for key, pk, due in OutgoingMessage.objects.filter(
            dedup_key__in=[r.dedup_key for r in batch]
        ).values_list("dedup_key", "pk", "next_attempt_at")
    }
    for recipient in batch:
        recipient.outgoing_id = by_key[recipient.dedup_key][0]
    MailingRecipient.objects.bulk_update(batch, ["outgoing"])
    # What is due now goes to the worker at once; the rest is the relay's, minute by minute.
    messages_publish_on_commit(sorted(pk for pk, due in by_key.values() if due <= now))
    return len(batch)


def mailings_record_due(*, limit: int = 20) -> int:
    """Record the mailings whose time has come, and those a dead worker left half recorded
    (the relay's job, every minute)."""
    now = timezone.now()
    due = list(
        Mailing.objects.filter(
            Q(status=Status.SCHEDULED, send_at__lte=now)
            | Q(status=Status.SENDING, lease_until__lt=now)
        )
        .order_by("send_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for mailing_id in due:
        mailing_record(mailing_id=mailing_id)
    return len(due)


# What staff read ------------------------------------------------------------------------------


def delivery_counts(mailings):
    """The mailings with ``queued``, ``sent`` and ``failed``: how their recipients' messages
    stand (one query)."""
    sent = Q(recipients__outgoing__status=OutgoingMessage.Status.SENT)
    failed = Q(recipients__outgoing__status=OutgoingMessage.Status.FAILED)
    return mailings.annotate(
        total=Count("recipients"),
        sent=Count("recipients", filter=sent),
        failed=Count("recipients", filter=failed),
    ).annotate(queued=F("total") - F("sent") - F("failed"))


def mailing_totals(mailing: Mailing) -> dict:
    totals = mailing.recipients.aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(outgoing__status=OutgoingMessage.Status.SENT)),
        failed=Count("pk", filter=Q(outgoing__status=OutgoingMessage.Status.FAILED)),
    )
    totals["queued"] = totals["total"] - totals["sent"] - totals["failed"]
    return totals


def recipient_state(recipient: MailingRecipient) -> str:
    """queued, sent or failed: the state of one recipient's message."""
    message = recipient.outgoing
    if message is not None and message.status in ("sent", "failed"):
        return message.status
    return "queued"


# Follow-up reminders --------------------------------------------------------------------------

# A group is reminded at most once in this time, by hand or by the morning sweep.
REMIND_AGAIN_AFTER = datetime.timedelta(hours=48)


def last_reminders(proposal, targeted=None) -> dict[int, datetime.datetime]:
    """When each targeted group's leaders were last reminded about ``proposal`` (by staff or a
    coordinator from the results page, or by the morning sweep), by group id. ``targeted``:
    the proposal's ProposalRecipient rows when the caller has them (two queries then)."""
    from actions.models import ProposalRecipient

    last: dict[int, datetime.datetime] = {}

    def keep(group_id, moment):
        if group_id and (group_id not in last or moment > last[group_id]):
            last[group_id] = moment

    by_hand = (
        MailingRecipient.objects.filter(
            mailing__proposal=proposal, mailing__kind=Mailing.Kind.FOLLOW_UP
        )
        .order_by()
        .values("group_id")
        .annotate(last=Max("created_at"))
    )
    for row in by_hand:
        keep(row["group_id"], row["last"])
    if targeted is None:
        targeted = ProposalRecipient.objects.filter(proposal=proposal).only("pk", "group_id")
    group_of = {row.pk: row.group_id for row in targeted}
    by_sweep = (
        OutgoingMessage.objects.filter(
            kind="follow_up_reminder",
            concerns_type="actions.proposalrecipient",
            concerns_id__in=list(group_of),
        )
        .order_by()
        .values("concerns_id")
        .annotate(last=Max("created_at"))
    )
    for row in by_sweep:
        keep(group_of.get(row["concerns_id"]), row["last"])
    return last


@dataclass
class RemindOutcome:
    mailing: Mailing | None
    groups: list  # reminded now
    too_soon: list  # (group, when it may be reminded again)
    without_leader: list


def follow_up_remind(*, proposal, actor) -> RemindOutcome:
    """Remind the leaders of the groups that have not reported on ``proposal``, each with the
    signed link to report for their group, through a mailing (the same path as any message);
    a group reminded less than REMIND_AGAIN_AFTER ago is left out. Raises ValidationError when
    nobody is left to remind."""
    from actions.models import ActionProposal
    from actions.notifications import leaders_of
    from actions.selectors import proposals_for_results

    now = timezone.now()
    with transaction.atomic():
        # One reminder at a time per proposal: a second click waits, then sees the first.
        proposal = ActionProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != ActionProposal.Status.PUBLISHED:
            raise ValidationError(
                _(
                    "Only the groups of a published proposal, whose follow-up is open, can be reminded."
                )
            )
        missing = proposals_for_results(proposal)["missing"]
        last = last_reminders(proposal)
        too_soon = [
            (group, last[group.pk] + REMIND_AGAIN_AFTER)
            for group in missing
            if group.pk in last and now - last[group.pk] < REMIND_AGAIN_AFTER
        ]
        waiting = [g for g in missing if g.pk not in {group.pk for group, _when in too_soon}]
        leaders = leaders_of([g.pk for g in waiting])
        without_leader = [g for g in waiting if not leaders.get(g.pk)]
        groups = [g for g in waiting if leaders.get(g.pk)]
        if not groups:
            if too_soon:
                raise ValidationError(
                    _(
                        "The groups that have not reported were all reminded less than 48 hours "
                        "ago: they can be reminded again from %(when)s."
                    )
                    % {
                        "when": timezone.localtime(min(when for _g, when in too_soon)).strftime(
                            "%d/%m/%Y %H:%M"
                        )
                    }
                )
            raise ValidationError(_("No group leader is left to remind."))
        mailing = Mailing.objects.create(
            kind=Mailing.Kind.FOLLOW_UP,
            proposal=proposal,
            created_by=actor,
            status=Status.SCHEDULED,
            send_at=now,
            recipients_fixed_at=now,
            **_reminder_text(proposal),
        )
        rows = []
        for group in groups:
            for person in leaders[group.pk]:
                rows.append(
                    MailingRecipient(
                        mailing=mailing,
                        person=person,
                        group=group,
                        key=f"g{group.pk}",
                        language=language_of(person),
                        position=len(rows),
                        created_at=now,
                    )
                )
        MailingRecipient.objects.bulk_create(rows)
        Mailing.objects.filter(pk=mailing.pk).update(recipient_count=len(rows))
        _record_on_commit(mailing.pk)
    logger.info("follow-up reminders", extra={"proposal": proposal.pk, "groups": len(groups)})
    return RemindOutcome(mailing, groups, too_soon, without_leader)


def _reminder_text(proposal) -> dict:
    """The reminder's subject and text in both languages, with the placeholders that each
    leader's message fills in (their first name, their group, their report link)."""
    fields = {}
    for language in LANGUAGES:
        with translation.override(language):
            context = {"proposal": proposal}
            fields[f"subject_{language}"] = " ".join(
                render_to_string("messaging/email/follow_up_nudge_subject.txt", context).split()
            )[:200]
            fields[f"body_{language}"] = render_to_string(
                "messaging/email/follow_up_nudge.txt", context
            )
    return fields
