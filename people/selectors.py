"""Read queries of the people pages: the search (and so every segment), its pages, a person's
timeline.

Every filter is an ``Exists`` on the rows that say it (a mandate, a membership, an
application...), never a join: a person with three memberships is listed once, and the count
is the number of people. The search's pages are read by key (the last name, first name and id
of the row before), so that page 200 costs what page 1 does.
"""

import base64
import binascii
import datetime
import json
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import Consent
from actions.models import FollowUpReport, ProposalRecipient
from coordinations.models import Mandate, MandateRequest, holding_condition, phase_condition
from groups.models import JoinRequest, Membership, Place, VisitRequest
from liaison.models import Signalement
from messaging.models import Mailing, OutgoingMessage
from people.forms import PeopleFilterForm, Role
from people.models import Note, Segment, Tag
from recruitment.models import (
    Application,
    ApplicationEvent,
    ApplicationLanguage,
    CompetencyRating,
    InterestRegistration,
)

User = get_user_model()

PAGE_SIZE = 50
# A competency counts when the person rated themselves at least "at ease" on it.
COMPETENT_FROM = 3
TIMELINE_PAGE = 50


class SegmentInvalid(Exception):
    """A segment whose stored filters the search form no longer accepts (a group closed, a
    tag deleted): it is not evaluated, and staff are told why."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


# The search -----------------------------------------------------------------------------------


def people_search(filters: dict, *, today: datetime.date | None = None) -> QuerySet:
    """The active people matching ``filters`` (a PeopleFilterForm's cleaned data), in name
    order. Each filter narrows; none given: everybody."""
    today = today or timezone.localdate()
    people = User.objects.filter(is_active=True)
    person = OuterRef("pk")
    for word in (filters.get("q") or "").split()[:6]:
        people = people.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    if filters.get("place"):
        people = people.filter(postal_code__in=filters["place"])
    role = filters.get("role") or ""
    province = filters.get("province") or ""
    if province and role not in Role.GROUP_ROLES:
        people = people.filter(
            postal_code__in=Place.objects.filter(province=province).values("postal_code")
        )
    if filters.get("language"):
        people = people.filter(preferred_language=filters["language"])
    if filters.get("speaks"):
        people = people.filter(
            Exists(
                ApplicationLanguage.objects.filter(
                    application__applicant=person, language=filters["speaks"]
                )
            )
        )
    if filters.get("competency"):
        people = people.filter(
            Exists(
                CompetencyRating.objects.filter(
                    application__applicant=person,
                    competency=filters["competency"],
                    level__gte=COMPETENT_FROM,
                )
            )
        )
    people = _by_role(people, filters, role=role, province=province, today=today)
    if filters.get("tags"):
        people = people.filter(
            Exists(Tag.people.through.objects.filter(user=person, tag__in=list(filters["tags"])))
        )
    if filters.get("news") == "yes":
        people = people.filter(receives_news=True)
    elif filters.get("news") == "no":
        people = people.filter(receives_news=False)
    if filters.get("not_reported_on"):
        reported = FollowUpReport.objects.filter(
            proposal=filters["not_reported_on"], group=OuterRef("group")
        )
        unreported = ProposalRecipient.objects.filter(proposal=filters["not_reported_on"]).exclude(
            Exists(reported)
        )
        people = people.filter(
            Exists(
                Membership.objects.filter(
                    volunteer=person,
                    role=Membership.Role.LEADER,
                    group__in=unreported.values("group"),
                )
            )
        )
    return people.order_by("last_name", "first_name", "pk")


def _by_role(people, filters, *, role, province, today):
    person = OuterRef("pk")
    phase = filters.get("mandate") or ""
    ends_before = filters.get("mandate_ends_before")
    if role in Role.GROUP_ROLES:
        memberships = Membership.objects.filter(volunteer=person)
        if role != Role.MEMBER:  # a member of a group is anybody in it, leader included
            memberships = memberships.filter(role=role)
        if filters.get("group"):
            memberships = memberships.filter(group=filters["group"])
        if province:
            memberships = memberships.filter(group__province=province)
        people = people.filter(Exists(memberships))
    elif role == Role.APPLICANT:
        applications = Application.objects.in_progress().filter(applicant=person)
        if filters.get("vacancy"):
            applications = applications.filter(vacancy=filters["vacancy"])
        if filters.get("coordination"):
            applications = applications.filter(vacancy__coordination=filters["coordination"])
        people = people.filter(Exists(applications))
    mandates = Mandate.objects.filter(volunteer=person)
    if role == Role.COORDINATOR:
        # In office today, unless a state of the mandate is asked for (a former coordinator).
        if filters.get("coordination"):
            mandates = mandates.filter(coordination=filters["coordination"])
        if not phase:
            mandates = mandates.filter(holding_condition(today))
    if phase:
        mandates = mandates.filter(phase_condition(phase, today))
    if ends_before:
        mandates = mandates.filter(status=Mandate.Status.ACTIVE, end_date__lt=ends_before)
    if role == Role.COORDINATOR or phase or ends_before:
        people = people.filter(Exists(mandates))
    return people


def search_form_for_segment(segment: Segment) -> PeopleFilterForm:
    return PeopleFilterForm(data=segment.filters)


def segment_people(segment: Segment, *, today: datetime.date | None = None) -> QuerySet:
    """The people of a segment today: its filters, checked by the search form, then searched.
    Raises SegmentInvalid when the form refuses them."""
    form = search_form_for_segment(segment)
    if not form.is_valid():
        raise SegmentInvalid(form.errors)
    return people_search(form.cleaned_data, today=today)


# Pages ----------------------------------------------------------------------------------------


@dataclass
class KeysetPage:
    """One page of the search, read from the key of the row before (``after``) or after
    (``before``) it; ``count`` is the number of people found."""

    rows: list
    count: int
    next_cursor: str = ""
    previous_cursor: str = ""
    has_other_pages: bool = field(init=False)

    def __post_init__(self):
        self.has_other_pages = bool(self.next_cursor or self.previous_cursor)


def _encode(person) -> str:
    key = [person.last_name, person.first_name, person.pk]
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def _decode(cursor: str | None):
    if not cursor or len(cursor) > 2000:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        last, first, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        return None
    if not (isinstance(last, str) and isinstance(first, str) and isinstance(pk, int)):
        return None
    if not 0 < pk < 2**63:
        return None
    return last, first, pk


def _after(key) -> Q:
    last, first, pk = key
    return (
        Q(last_name__gt=last)
        | Q(last_name=last, first_name__gt=first)
        | Q(last_name=last, first_name=first, pk__gt=pk)
    )


def _before(key) -> Q:
    last, first, pk = key
    return (
        Q(last_name__lt=last)
        | Q(last_name=last, first_name__lt=first)
        | Q(last_name=last, first_name=first, pk__lt=pk)
    )


def search_page(people: QuerySet, params, *, per_page: int = PAGE_SIZE, today=None) -> KeysetPage:
    """The page of ``people`` (people_search's order) that ``params`` asks for (``after`` or
    ``before`` a cursor), each row with what the list shows; three queries whatever the page."""
    after, before = _decode(params.get("after")), _decode(params.get("before"))
    if after:
        rows = list(_listed(people.filter(_after(after)), today)[: per_page + 1])
        more_before, more_after = True, len(rows) > per_page
        rows = rows[:per_page]
    elif before:
        ordered = _listed(people.filter(_before(before)), today).order_by(
            "-last_name", "-first_name", "-pk"
        )
        rows = list(ordered[: per_page + 1])
        more_before, more_after = len(rows) > per_page, True
        rows = rows[:per_page][::-1]
    else:
        rows = list(_listed(people, today)[: per_page + 1])
        more_before, more_after = False, len(rows) > per_page
        rows = rows[:per_page]
    tags = _tags_of([row.pk for row in rows])
    for row in rows:
        row.tag_names = tags.get(row.pk, [])
    return KeysetPage(
        rows=rows,
        count=people.count(),
        next_cursor=_encode(rows[-1]) if rows and more_after else "",
        previous_cursor=_encode(rows[0]) if rows and more_before else "",
    )


def _listed(people: QuerySet, today=None) -> QuerySet:
    """People with what a list row shows: commune and province of their postal code, the
    coordination they hold, their group and role there (subqueries: one query in all)."""
    today = today or timezone.localdate()
    place = Place.objects.filter(postal_code=OuterRef("postal_code")).order_by("pk")
    holding = (
        Mandate.objects.filter(volunteer=OuterRef("pk"))
        .filter(holding_condition(today))
        .order_by("start_date", "pk")
    )
    membership = Membership.objects.filter(volunteer=OuterRef("pk")).order_by("role", "pk")
    return people.annotate(
        commune=Subquery(place.values("municipality_fr")[:1]),
        province=Subquery(place.values("province")[:1]),
        coordination_name=Subquery(holding.values("coordination__name")[:1]),
        group_name=Subquery(membership.values("group__name")[:1]),
        group_role=Subquery(membership.values("role")[:1]),
    )


def _tags_of(person_ids: list[int]) -> dict[int, list[str]]:
    tags: dict[int, list[str]] = {}
    if not person_ids:
        return tags
    through = Tag.people.through.objects.filter(user_id__in=person_ids).order_by("tag__name")
    for user_id, name in through.values_list("user_id", "tag__name"):
        tags.setdefault(user_id, []).append(name)
    return tags


def people_for_export(people: QuerySet, today=None) -> QuerySet:
    """The rows of the CSV export of a search, as tuples (people_search's order)."""
    return _listed(people, today).values_list(
        "pk",
        "first_name",
        "last_name",
        "email",
        "phone",
        "postal_code",
        "commune",
        "province",
        "preferred_language",
        "coordination_name",
        "group_name",
        "group_role",
        "receives_news",
    )


def tags_by_person(people: QuerySet) -> dict[int, list[str]]:
    """Every tag of the people of a search, by person (one query)."""
    tags: dict[int, list[str]] = {}
    through = Tag.people.through.objects.filter(user__in=people.values("pk")).order_by("tag__name")
    for user_id, name in through.values_list("user_id", "tag__name"):
        tags.setdefault(user_id, []).append(name)
    return tags


# A person -------------------------------------------------------------------------------------


def person_summary(person, today=None) -> dict:
    """What the top of a person's page says: where they live, what they hold, their tags (and
    every tag, to choose from: ``tag_choices``)."""
    today = today or timezone.localdate()
    place = {}
    if person.postal_code:
        place = (
            Place.objects.filter(postal_code=person.postal_code)
            .order_by("pk")
            .values("municipality_fr", "province")
            .first()
        ) or {}
    # Every tag, each saying whether the person has it: one query for the list and the boxes.
    tags = Tag.objects.order_by("name").annotate(
        chosen=Exists(Tag.people.through.objects.filter(tag=OuterRef("pk"), user=person.pk))
    )
    tag_choices = list(tags.values_list("pk", "name", "chosen"))
    return {
        "commune": place.get("municipality_fr"),
        "province": place.get("province"),
        "mandates": list(
            Mandate.objects.filter(volunteer=person)
            .filter(Q(holding_condition(today)) | Q(status="active", start_date__gt=today))
            .select_related("coordination")
            .order_by("start_date")
        ),
        "memberships": list(
            Membership.objects.filter(volunteer=person).select_related("group").order_by("role")
        ),
        "tags": [(pk, name) for pk, name, chosen in tag_choices if chosen],
        "tag_choices": [(pk, name) for pk, name, _chosen in tag_choices],
    }


@dataclass
class Entry:
    """One line of a person's timeline."""

    when: datetime.datetime
    kind: str  # what it is, for the icon and the filter: "application", "message"...
    title: str
    detail: str = ""
    url: str = ""
    state: str = ""  # a badge: the status of an application, the delivery of a message
    order: int = 0  # ties at the same moment: a stable order
    pk: int = 0
    dated_only: bool = False  # a date without a time (a mandate's start)

    @property
    def key(self) -> tuple:
        return (self.when, self.order, self.pk)

    @property
    def cursor(self) -> str:
        return f"{self.when.isoformat()}~{self.order}~{self.pk}"


def parse_cursor(cursor: str | None):
    """The key of a timeline's "older" link, or None."""
    if not cursor or len(cursor) > 100:
        return None
    try:
        when, order, pk = cursor.split("~")
        moment = datetime.datetime.fromisoformat(when)
        if timezone.is_naive(moment):
            return None
        return (moment, int(order), int(pk))
    except (ValueError, OverflowError):
        return None


def _day(date: datetime.date) -> datetime.datetime:
    """A date on the timeline: the start of that day in Brussels."""
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time.min))


def _admin_url(obj) -> str:
    try:
        return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""


def person_timeline(person, *, before=None, limit: int = TIMELINE_PAGE) -> tuple[list, str]:
    """Everything about one person, newest first: ``limit`` entries older than the cursor
    ``before`` (a key from ``parse_cursor``), and the cursor of the next page ("" at the end).

    One query per kind of record, each reading at most ``limit`` rows: the page costs the same
    whatever the person's history.
    """
    moment = before[0] if before else None
    entries: list[Entry] = []
    for source in SOURCES:
        entries.extend(source(person, moment, limit))
    if before:
        entries = [entry for entry in entries if entry.key < before]
    entries.sort(key=lambda entry: entry.key, reverse=True)
    page = entries[:limit]
    more = len(entries) > limit
    return page, (page[-1].cursor if more and page else "")


def _upto(queryset, field_name: str, moment, limit: int, *, date_field=False):
    if moment is not None:
        bound = timezone.localtime(moment).date() if date_field else moment
        queryset = queryset.filter(**{f"{field_name}__lte": bound})
    return queryset.order_by(f"-{field_name}", "-pk")[:limit]


def _applications(person, moment, limit):
    statuses = dict(Application.Status.choices)
    for application in _upto(
        Application.objects.filter(applicant=person).select_related("vacancy"),
        "submitted_at",
        moment,
        limit,
    ):
        yield Entry(
            when=application.submitted_at,
            kind="application",
            title=_("Applied to %(vacancy)s") % {"vacancy": application.vacancy.title},
            state=str(statuses.get(application.status, application.status)),
            url=reverse("recruitment:pipeline_application", args=[application.pk]),
            order=10,
            pk=application.pk,
        )


def _application_moves(person, moment, limit):
    statuses = dict(Application.Status.choices)
    events = ApplicationEvent.objects.filter(application__applicant=person).exclude(
        from_status=""  # the submission itself: the application's own entry
    )
    for event in _upto(events.select_related("application__vacancy"), "created_at", moment, limit):
        yield Entry(
            when=event.created_at,
            kind="application",
            title=_("Application to %(vacancy)s: %(from)s → %(to)s")
            % {
                "vacancy": event.application.vacancy.title,
                "from": statuses.get(event.from_status, event.from_status),
                "to": statuses.get(event.to_status, event.to_status),
            },
            detail=event.message,
            url=reverse("recruitment:pipeline_application", args=[event.application_id]),
            order=11,
            pk=event.pk,
        )


def _mandates(person, moment, limit):
    mandates = Mandate.objects.filter(volunteer=person).select_related("coordination")
    roles = dict(Mandate.Role.choices)
    end_kinds = dict(Mandate.EndKind.choices)
    for mandate in _upto(mandates, "start_date", moment, limit, date_field=True):
        yield Entry(
            when=_day(mandate.start_date),
            kind="mandate",
            title=_("%(role)s of %(coordination)s: mandate from %(start)s to %(end)s")
            % {
                "role": roles.get(mandate.role, mandate.role),
                "coordination": mandate.coordination.name,
                "start": mandate.start_date.strftime("%d/%m/%Y"),
                "end": mandate.end_date.strftime("%d/%m/%Y"),
            },
            state=str(Mandate.Phase(mandate.phase_on()).label),
            url=_admin_url(mandate),
            order=20,
            pk=mandate.pk,
            dated_only=True,
        )
    ended = mandates.filter(ended_on__isnull=False)
    for mandate in _upto(ended, "ended_on", moment, limit, date_field=True):
        yield Entry(
            when=_day(mandate.ended_on),
            kind="mandate",
            title=_("Mandate on %(coordination)s ended")
            % {"coordination": mandate.coordination.name},
            state=str(end_kinds.get(mandate.end_kind, mandate.end_kind)),
            detail=mandate.end_reason,
            url=_admin_url(mandate),
            order=21,
            pk=mandate.pk,
            dated_only=True,
        )


def _mandate_requests(person, moment, limit):
    requests = MandateRequest.objects.filter(mandate__volunteer=person).select_related(
        "mandate__coordination"
    )
    for request in _upto(requests, "created_at", moment, limit):
        yield Entry(
            when=request.created_at,
            kind="mandate",
            title=_("%(request)s (%(coordination)s)")
            % {
                "request": request.get_kind_display(),
                "coordination": request.mandate.coordination.name,
            },
            detail=request.message,
            state=_("Handled") if request.handled_at else _("Waiting"),
            url=_admin_url(request),
            order=22,
            pk=request.pk,
        )


def _memberships(person, moment, limit):
    memberships = Membership.objects.filter(volunteer=person).select_related("group")
    for membership in _upto(memberships, "since", moment, limit, date_field=True):
        yield Entry(
            when=_day(membership.since),
            kind="group",
            title=_("%(role)s of %(group)s")
            % {"role": membership.get_role_display(), "group": membership.group.name},
            url=reverse("groups:members", args=[membership.group.slug]),
            order=30,
            pk=membership.pk,
            dated_only=True,
        )


def _join_requests(person, moment, limit):
    requests = JoinRequest.objects.filter(volunteer=person).select_related("group")
    for request in _upto(requests, "created_at", moment, limit):
        yield Entry(
            when=request.created_at,
            kind="group",
            title=_("Asked to join %(group)s") % {"group": request.group.name},
            state=request.get_status_display(),
            url=reverse("groups:members", args=[request.group.slug]),
            order=31,
            pk=request.pk,
        )


def _visits(person, moment, limit):
    visits = VisitRequest.objects.filter(
        Q(coordinator=person) | Q(requested_by=person)
    ).select_related("group", "coordination")
    for visit in _upto(visits, "created_at", moment, limit):
        asked_of_them = visit.coordinator_id == person.pk
        title = (
            _("Asked to visit %(group)s (%(coordination)s)")
            if asked_of_them
            else _("Asked a coordinator of %(coordination)s to visit %(group)s")
        )
        yield Entry(
            when=visit.created_at,
            kind="visit",
            title=title % {"group": visit.group.name, "coordination": visit.coordination.name},
            detail=visit.topic,
            state=visit.get_status_display(),
            url=_admin_url(visit),
            order=40,
            pk=visit.pk,
        )


def _signalements(person, moment, limit):
    signalements = Signalement.objects.filter(author=person).select_related("coordination")
    for signalement in _upto(signalements, "created_at", moment, limit):
        yield Entry(
            when=signalement.created_at,
            kind="signalement",
            title=_("Signalement: %(title)s") % {"title": signalement.title},
            state=signalement.get_status_display(),
            url=reverse("liaison:staff_detail", args=[signalement.pk]),
            order=50,
            pk=signalement.pk,
        )


def _reports(person, moment, limit):
    reports = FollowUpReport.objects.filter(reported_by=person).select_related("proposal", "group")
    for report in _upto(reports, "reported_at", moment, limit):
        yield Entry(
            when=report.reported_at,
            kind="report",
            title=_("Reported for %(group)s on %(proposal)s")
            % {"group": report.group.name, "proposal": report.proposal.title},
            state=report.get_status_display(),
            url=reverse("actions:proposal_results", args=[report.proposal_id]),
            order=60,
            pk=report.pk,
        )


def delivery_state(message: OutgoingMessage) -> str:
    """How a message's delivery went, in three words: waiting, sent, failed."""
    if message.status == OutgoingMessage.Status.SENT:
        return pgettext("message", "Sent")
    if message.status == OutgoingMessage.Status.FAILED:
        return pgettext("message", "Failed")
    return pgettext("message", "Queued")


def _messages(person, moment, limit):
    messages = (
        OutgoingMessage.objects.filter(recipient=person)
        .defer("text", "html", "attachments", "headers")
        .select_related("mailing_recipient")
    )
    for message in _upto(messages, "created_at", moment, limit):
        link = getattr(message, "mailing_recipient", None)
        is_reminder = (message.dedup_key or "").startswith("reminder:")
        yield Entry(
            when=message.created_at,
            kind="reminder" if is_reminder else "message",
            title=(_("Reminder: %(subject)s") if is_reminder else _("Message: %(subject)s"))
            % {"subject": message.subject},
            state=delivery_state(message),
            detail=message.last_error if message.status == OutgoingMessage.Status.FAILED else "",
            url=(
                reverse("mailings:detail", args=[link.mailing_id]) if link else _admin_url(message)
            ),
            order=70,
            pk=message.pk,
        )


def _consents(person, moment, limit):
    consents = Consent.objects.filter(user=person)
    for consent in _upto(consents, "given_at", moment, limit):
        if consent.withdrawn_at == consent.given_at:
            continue  # a withdrawal recorded alone (no consent was on record): see below
        yield Entry(
            when=consent.given_at,
            kind="consent",
            title=_("Consent given: %(purpose)s") % {"purpose": consent.get_purpose_display()},
            detail=consent.subject,
            state=_("Privacy text of %(version)s") % {"version": consent.privacy_version},
            url=_admin_url(consent),
            order=80,
            pk=consent.pk,
        )
    withdrawn = consents.filter(withdrawn_at__isnull=False)
    for consent in _upto(withdrawn, "withdrawn_at", moment, limit):
        yield Entry(
            when=consent.withdrawn_at,
            kind="consent",
            title=_("Consent withdrawn: %(purpose)s") % {"purpose": consent.get_purpose_display()},
            detail=consent.subject,
            url=_admin_url(consent),
            order=81,
            pk=consent.pk,
        )


def _interests(person, moment, limit):
    interests = InterestRegistration.objects.filter(person=person).select_related("coordination")
    for interest in _upto(interests, "consent_given_at", moment, limit):
        yield Entry(
            when=interest.consent_given_at,
            kind="consent",
            title=_("Asked to be told of vacancies: %(subject)s")
            % {"subject": interest.subject_display()},
            state=_("Privacy text of %(version)s") % {"version": interest.privacy_version},
            url=_admin_url(interest),
            order=82,
            pk=interest.pk,
        )


def _notes(person, moment, limit):
    notes = Note.objects.filter(person=person).select_related("author")
    for note in _upto(notes, "created_at", moment, limit):
        author = note.author.get_full_name() or note.author.email if note.author else "—"
        yield Entry(
            when=note.created_at,
            kind="note",
            title=_("Note by %(author)s") % {"author": author},
            detail=note.body,
            url=f"#note-{note.pk}",
            order=90,
            pk=note.pk,
        )


SOURCES = (
    _applications,
    _application_moves,
    _mandates,
    _mandate_requests,
    _memberships,
    _join_requests,
    _visits,
    _signalements,
    _reports,
    _messages,
    _consents,
    _interests,
    _notes,
)


# Segments and messages ----------------------------------------------------------------------


def segments_with_use() -> QuerySet:
    return Segment.objects.order_by("name")


def mailings_for_staff() -> QuerySet:
    return (
        Mailing.objects.select_related("segment", "created_by", "proposal")
        .defer("body_fr", "body_en")
        .order_by("-created_at", "-pk")
    )
