"""Personal data: what the portal holds about one person, its export, and its erasure.

Every model that points at the user (ForeignKey, OneToOne or ManyToMany) is found by
introspection (``user_links``) and must have an entry in ``POLICIES``, the explicit per-model
policy: a test fails when a new link to the user has none.

The actions:

- ``DELETE``: the rows are about the person only and of no use once they are gone (their
  e-mail addresses, reminders written to them, consents, memberships...): deleted.
- ``ANONYMISE``: rows the organisation's counts need (applications per vacancy, mandates and
  the activities logged under them): kept, still attached to the account, which is itself
  anonymised (no name, no e-mail, no phone, no password, inactive); their free text, and
  that of the rows that hang from them (``related``), is blanked and their files deleted.
- ``DETACH``: the person acted for the organisation (wrote a note, registered a circular,
  reported a follow-up): the row stays, the link to them is set to null. The export gives
  which rows and when, and the text they wrote there in their own words (``authored``: a
  follow-up comment, a hand-over note, a visit request), but not text about other people
  (staff's notes on an applicant) nor the organisation's (``others_text``).
- ``REMOVE``: a many-to-many set (interviewers): the person is taken out of it.

The account row itself is deleted when no ``ANONYMISE`` row is left pointing at it.

The export follows the same table: the rows of every link, and for ``DELETE`` and
``ANONYMISE`` rows the rows one hop further that hold the person's own content (``related``:
an application's languages, self-ratings and history, a mandate's activities). Staff's
internal notes about an application are not exported (they are the organisation's
assessment); the pipeline history is, without staff's internal note but with the note the
person wrote themselves (why they withdrew). Staff's notes about the person themselves
(``people.Note``, from the people pages) are exported: they are personal data about them and
the right of access covers them (README, "Personal data").

Erasure also replaces the person's names in the free text the portal writes itself
(``PORTAL_TEXT_FIELDS``), which refers to records rather than people.
"""

import io
import json
import os
import re
import zipfile
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone, translation
from django.utils.translation import gettext

DELETE = "delete"
ANONYMISE = "anonymise"
DETACH = "detach"
REMOVE = "remove"

# Fields never exported, whatever the model.
SECRET_FIELDS = {"password"}


@dataclass(frozen=True)
class Policy:
    action: str
    why: str
    # Text fields of the row blanked when it is anonymised.
    blank: tuple[str, ...] = ()
    # Reverse relations one hop further that hold the person's own content:
    # accessor → text fields blanked on erasure, or None to delete those rows on erasure.
    related: dict[str, tuple[str, ...] | None] = field(default_factory=dict)
    # Fields of the related rows left out of the export.
    related_private: tuple[str, ...] = ()
    # False when the rows' text is about other people: the export gives only which and when.
    export_text: bool = True
    # Text the person wrote in a row otherwise exported by its dates only (a DETACH row, or
    # export_text=False): exported all the same, they are the person's own words.
    authored: tuple[str, ...] = ()
    # The other text fields of such a row: written by someone else, or the organisation's.
    # Every text field of a row not exported whole is in ``authored`` or here (a test checks),
    # so that a new field cannot be left out of the export by oversight.
    others_text: tuple[str, ...] = ()
    # Related rows (accessor → the field naming who wrote them) whose ``related_private`` fields
    # are exported when the person wrote them (their own withdrawal note in the history).
    related_authors: dict[str, str] = field(default_factory=dict)


POLICIES: dict[tuple[str, str], Policy] = {
    ("admin.LogEntry", "user"): Policy(
        ANONYMISE,
        "The admin's audit trail stays, attached to the anonymised account.",
        export_text=False,
        others_text=("object_id", "object_repr", "change_message"),  # written by the admin
    ),
    ("account.EmailAddress", "user"): Policy(DELETE, "Their e-mail addresses (allauth)."),
    # The export says which authenticators and when, never their secret (``export_text``).
    ("mfa.Authenticator", "user"): Policy(
        DELETE,
        "Their second factor (allauth): authenticator app, recovery codes.",
        export_text=False,
    ),
    ("messaging.OutgoingMessage", "recipient"): Policy(
        DELETE, "Messages written to them: their name and e-mail address."
    ),
    ("accounts.Consent", "user"): Policy(DELETE, "Nothing is left to consent about."),
    ("coordinations.Coordination", "secretariat_contact"): Policy(
        DETACH,
        "The coordination stays; it has no contact until staff choose one.",
        others_text=("name", "slug", "theme", "summary", "description"),
    ),
    ("coordinations.Mandate", "volunteer"): Policy(
        ANONYMISE,
        "Mandates count in the coverage figures: an active one is ended, all are kept.",
        blank=("end_reason",),
        related={"activities": ("note",), "requests": ("message",), "onboarding": ("note",)},
    ),
    ("coordinations.OnboardingProgress", "ticked_by"): Policy(
        DETACH, "Staff ticked a step.", authored=("note",)
    ),
    ("coordinations.HandoverNote", "author"): Policy(
        DETACH, "Handover notes belong to the coordination.", authored=("title", "body", "link")
    ),
    ("local_groups.Membership", "volunteer"): Policy(DELETE, "They leave their groups."),
    ("local_groups.JoinRequest", "volunteer"): Policy(DELETE, "Their requests to join."),
    ("local_groups.JoinRequest", "decided_by"): Policy(
        DETACH,
        "A leader decided a request.",
        others_text=("message",),  # the volunteer's
    ),
    ("local_groups.LocalGroup", "secretariat_contact"): Policy(
        DETACH,
        "The group stays; it has no contact at the secretariat until staff choose one.",
        others_text=(
            "name",
            "slug",
            "meeting_address",
            "meeting_rhythm",
            "description",
            "individuals_at_risk",
            "themes",
            "website",
        ),
    ),
    ("local_groups.GroupFoundingRequest", "founder"): Policy(
        DELETE, "Their request to found a group, in their own words; the group, if any, stays."
    ),
    ("local_groups.GroupFoundingRequest", "decided_by"): Policy(
        DETACH,
        "Staff decided a request to found a group.",
        authored=("reason",),
        others_text=("description",),  # the founder's
    ),
    ("local_groups.VisitRequest", "coordinator"): Policy(
        DELETE, "Visits asked of them: nobody can answer them any more."
    ),
    ("local_groups.VisitRequest", "requested_by"): Policy(
        DETACH,
        "The group's request stays with the group.",
        authored=("topic", "message"),
        others_text=("answer",),  # the coordinator's
    ),
    ("recruitment.Vacancy", "contact_person"): Policy(
        DETACH,
        "The vacancy stays.",
        others_text=(
            "organisation_name",
            "organisation_url",
            "title",
            "slug",
            "summary",
            "context",
            "responsibilities",
            "profile",
            "offer",
            "how_to_apply",
            "city",
            "salary_currency",
            "salary_note",
            "allowance",
            "apply_email",
            "apply_email_subject",
            "apply_url",
            "internal_note",
        ),
    ),
    ("recruitment.Application", "applicant"): Policy(
        ANONYMISE,
        "Applications per vacancy are counted: kept without letter or CV; open ones withdrawn.",
        blank=("motivation", "cv_name"),
        related={
            "languages": None,
            "competency_ratings": None,
            "events": ("note", "message"),
            "notes": ("body",),
        },
        related_private=("note",),
        # Staff's note on a move is theirs; the applicant's own note (why they withdrew) is not.
        related_authors={"events": "actor"},
    ),
    # About someone else's application (an applicant's own withdrawal note is exported with
    # their application's history).
    ("recruitment.ApplicationEvent", "actor"): Policy(
        DETACH, "Staff moved an application.", others_text=("note", "message")
    ),
    ("recruitment.ApplicationNote", "author"): Policy(
        DETACH, "Staff wrote a note.", others_text=("body",)
    ),
    ("recruitment.Interview", "created_by"): Policy(
        DETACH, "Staff scheduled an interview.", others_text=("place", "video_url")
    ),
    ("recruitment.Interview", "cancelled_by"): Policy(
        DETACH, "Staff cancelled an interview.", others_text=("place", "video_url")
    ),
    ("recruitment.Interview", "interviewers"): Policy(
        REMOVE, "They sat on an interview panel.", others_text=("place", "video_url")
    ),
    ("recruitment.InterestRegistration", "person"): Policy(
        DELETE, "Their wish to hear about vacancies, and what they were told."
    ),
    ("actions.Circular", "registered_by"): Policy(
        DETACH,
        "Staff registered a circular.",
        # The International Secretariat's material, and the organisation's outcome.
        others_text=(
            "reference",
            "index_number",
            "title",
            "summary",
            "letter_text",  # the SI's suggested letter
            "link",
            "outcome_note",
        ),
    ),
    ("actions.CircularAttachment", "uploaded_by"): Policy(
        DETACH, "Staff uploaded a file.", others_text=("title", "original_name")
    ),
    ("actions.CircularAssignment", "assigned_by"): Policy(
        DETACH, "Staff assigned a circular.", authored=("note",)
    ),
    ("actions.CircularAssignment", "acknowledged_by"): Policy(
        DETACH, "A coordinator acknowledged a circular.", others_text=("note",)
    ),
    ("actions.ActionProposal", "proposed_by"): Policy(
        DETACH,
        "The proposal belongs to the coordination.",
        authored=("title", "request"),
        others_text=("public_slug",),  # the public page's address, made from the title
    ),
    ("actions.ActionProposal", "published_by"): Policy(
        DETACH,
        "The proposal belongs to the coordination.",
        others_text=("title", "request", "public_slug"),  # exported under proposed_by
    ),
    ("liaison.SecretariatContact", "user"): Policy(
        DETACH,
        "The role stays in the directory, vacant until staff name someone.",
        others_text=("area", "work_email"),
    ),
    ("liaison.Signalement", "author"): Policy(
        DETACH,
        "The signalement belongs to the coordination and the secretariat's follow-up.",
        authored=("title", "body", "draft", "attachment_name"),
    ),
    ("liaison.SignalementReply", "author"): Policy(
        DETACH, "The thread stays with its signalement.", authored=("body",)
    ),
    # People (the secretariat's pages): notes, tags, saved searches.
    ("people.Note", "person"): Policy(
        DELETE,
        "Staff's notes about them: personal data, so in their export (right of access).",
    ),
    ("people.Note", "author"): Policy(
        DETACH, "Staff wrote a note about someone.", others_text=("body",)
    ),
    ("people.Tag", "people"): Policy(
        REMOVE, "The tags staff put on them.", others_text=("name", "description")
    ),
    ("people.Segment", "created_by"): Policy(
        DETACH, "Staff saved a search.", others_text=("name",)
    ),
    # Messages to several people: who wrote them, who was chosen, who received them.
    ("messaging.Mailing", "created_by"): Policy(
        DETACH,
        "The message stays with the others the organisation sent.",
        authored=("subject_fr", "body_fr", "subject_en", "body_en"),
    ),
    ("messaging.Mailing", "people"): Policy(
        REMOVE,
        "They were chosen to receive a message.",
        others_text=("subject_fr", "body_fr", "subject_en", "body_en"),
    ),
    ("messaging.MailingRecipient", "person"): Policy(
        DELETE, "Which messages to several people went to them, and how."
    ),
    ("actions.FollowUpReport", "reported_by"): Policy(
        DETACH,
        "The group's report, and the letters it counts, stay.",
        authored=("comment", "materials_used"),
    ),
    # Events (events/): places, attendance, trainings, volunteering time, the private calendar.
    ("events.Event", "created_by"): Policy(
        DETACH,
        "The event belongs to its organisers.",
        others_text=(
            "title",
            "title_en",
            "slug",
            "description",
            "description_en",
            "venue",
            "address",
            "video_url",
            "check_in_code",
        ),
    ),
    ("events.Participation", "person"): Policy(
        ANONYMISE,
        "Their places and attendance: the hours count in their groups' and coordinations' "
        "totals, kept without a name.",
    ),
    ("events.Participation", "attendance_marked_by"): Policy(
        DETACH, "An organiser marked someone's attendance."
    ),
    ("events.TrainingCompletion", "person"): Policy(DELETE, "The trainings they completed."),
    ("events.TrainingCompletion", "recorded_by"): Policy(
        DETACH, "Staff or an organiser recorded a completed training."
    ),
    ("events.VolunteerTime", "person"): Policy(
        ANONYMISE,
        "Time they gave, logged by their group's leader: counted in the group's hours, kept "
        "without a name or a description.",
        blank=("description",),
    ),
    ("events.VolunteerTime", "logged_by"): Policy(
        DETACH, "A leader logged a member's time.", authored=("description",)
    ),
    ("events.CalendarFeed", "person"): Policy(
        DELETE, "Their private calendar address.", export_text=False, others_text=("token",)
    ),
}

# Related rows not exported (see the module's docstring).
NOT_EXPORTED_RELATED = {("recruitment.Application", "notes")}

# Free text the portal writes itself in rows that are not the person's: a draft vacancy's
# internal note says why it was opened. The portal refers to records there ("mandate #12"),
# never to a person by name; but notes written before it did, or a name staff typed into one,
# may still name someone. Erasure replaces the person's full name (in either order) and e-mail
# address there with a marker, and leaves the rest of the text, the organisation's, alone. A
# first or last name alone is not replaced: it may be another person's, or an ordinary word.
PORTAL_TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "recruitment.Vacancy": ("internal_note",),
}


@dataclass(frozen=True)
class Link:
    model: type[models.Model]
    field: models.Field

    @property
    def key(self) -> tuple[str, str]:
        return (self.model._meta.label, self.field.name)

    @property
    def policy(self) -> Policy:
        return POLICIES[self.key]

    def rows(self, user):
        return self.model._default_manager.filter(**{self.field.name: user}).order_by("pk")


def user_links() -> list[Link]:
    """Every field of every installed model that points at the user model."""
    User = get_user_model()
    links = []
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if (
                model_field.is_relation
                and not model_field.auto_created
                and model_field.concrete
                and model_field.related_model is User
            ):
                links.append(Link(model, model_field))
    return links


def links_without_policy() -> list[tuple[str, str]]:
    return [link.key for link in user_links() if link.key not in POLICIES]


def text_fields(model) -> list[str]:
    """The free-text fields of a model (choices are not free text)."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField))
        and not f.choices
        and f.name not in SECRET_FIELDS
    ]


def _exported_whole(policy: Policy) -> bool:
    return policy.action in (DELETE, ANONYMISE) and policy.export_text


def text_fields_unclassified() -> list[tuple[str, str, str]]:
    """Text fields of rows the export gives by their dates only, that the policy neither
    exports as the person's own words (``authored``) nor sets aside (``others_text``); and
    names in either list that are no text field of the model (stale)."""
    wrong = []
    for link in user_links():
        policy = POLICIES.get(link.key)
        if policy is None:
            continue
        fields = set(text_fields(link.model))
        declared = set(policy.authored) | set(policy.others_text)
        if _exported_whole(policy):
            declared -= set(policy.others_text)  # nothing to set aside: the row goes whole
            wrong += [(*link.key, name) for name in sorted(declared - fields)]
            continue
        wrong += [(*link.key, name) for name in sorted(fields ^ declared)]
    return wrong


# Export --------------------------------------------------------------------------------------


def _row(obj, *, leave_out=(), files: list | None = None, only_dates=False) -> dict:
    data = {"id": obj.pk}
    for model_field in obj._meta.concrete_fields:
        name = model_field.name
        if name in SECRET_FIELDS or name in leave_out or model_field.primary_key:
            continue
        if only_dates and not isinstance(model_field, (models.DateField, models.ForeignKey)):
            continue
        value = model_field.value_from_object(obj)
        if isinstance(model_field, models.FileField):
            if value and files is not None:
                files.append((obj, model_field, value.name))
                data[name] = _archive_name(obj, model_field, value.name)
            else:
                data[name] = ""
            continue
        data[model_field.attname if model_field.is_relation else name] = value
    return data


def _wrote(obj, author_field: str | None, user) -> bool:
    """Whether ``user`` is the one ``author_field`` of ``obj`` names."""
    if author_field is None:
        return False
    return getattr(obj, obj._meta.get_field(author_field).attname) == user.pk


def _archive_name(obj, model_field, stored_name: str) -> str:
    """A name we generate: nothing the person typed reaches the archive's paths."""
    extension = os.path.splitext(stored_name)[1].lower()
    if not extension[1:].isalnum():
        extension = ""
    return f"files/{obj._meta.model_name}-{obj.pk}-{model_field.name}{extension}"


def personal_data(user) -> tuple[dict, list[tuple[str, FieldFile]]]:
    """Everything the portal holds about ``user``: a JSON-ready dict, and the files as
    (name in the archive, stored file)."""
    files: list = []
    records: dict[str, list[dict]] = {}
    for link in user_links():
        policy = POLICIES.get(link.key)
        label = link.model._meta.label
        rows = records.setdefault(label, [])
        for obj in link.rows(user):
            if policy is None or not _exported_whole(policy):
                entry = _row(obj, only_dates=True)
                # ... with what they wrote there, in their own words.
                for name in policy.authored if policy else ():
                    entry[name] = link.model._meta.get_field(name).value_from_object(obj)
                entry["your_part"] = link.field.name
                rows.append(entry)
                continue
            entry = _row(obj, files=files)
            entry["your_part"] = link.field.name
            for accessor in policy.related:
                if (label, accessor) in NOT_EXPORTED_RELATED:
                    continue
                author = policy.related_authors.get(accessor)
                entry[accessor] = [
                    _row(
                        child,
                        leave_out=() if _wrote(child, author, user) else policy.related_private,
                        files=files,
                    )
                    for child in getattr(obj, accessor).all().order_by("pk")
                ]
            rows.append(entry)
    account = _row(user)
    account["groups"] = list(user.groups.values_list("name", flat=True))
    data = {
        "generated_at": timezone.now(),
        "privacy_version": settings.PRIVACY_VERSION,
        "account": account,
        "records": {label: rows for label, rows in sorted(records.items()) if rows},
    }
    attached = [
        (_archive_name(obj, model_field, name), getattr(obj, model_field.name))
        for obj, model_field, name in files
    ]
    return data, attached


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        try:
            return super().default(o)
        except TypeError:
            return str(o)  # e.g. a country


def personal_data_zip(user, target=None):
    """Write the export as a zip into ``target`` (a new in-memory file by default) and return
    it, rewound: data.json and files/ (a file missing from storage is listed, not fatal)."""
    data, files = personal_data(user)
    missing = []
    buffer = target if target is not None else io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, stored in files:
            try:
                with stored.open("rb") as handle:
                    archive.writestr(name, handle.read())
            except (FileNotFoundError, OSError):
                missing.append(name)
        data["missing_files"] = missing
        archive.writestr("data.json", json.dumps(data, cls=_Encoder, ensure_ascii=False, indent=2))
    buffer.seek(0)
    return buffer


# Erasure -------------------------------------------------------------------------------------


def _blank(queryset, fields) -> int:
    if not fields:
        return 0
    return queryset.update(**dict.fromkeys(fields, ""))


def _end_active_mandates(user) -> None:
    from coordinations.models import Mandate
    from coordinations.services import mandate_end

    for mandate in Mandate.objects.filter(volunteer=user, status=Mandate.Status.ACTIVE):
        mandate_end(
            mandate=mandate,
            ended_on=max(timezone.localdate(), mandate.start_date),
            end_kind=Mandate.EndKind.OTHER,
        )


def _withdraw_open_applications(user) -> None:
    from recruitment.models import Application
    from recruitment.pipeline import application_withdraw

    for application in Application.objects.filter(applicant=user).in_progress():
        application_withdraw(application=application, actor=user)


def _scrub_admin_log(user, identifiers: list[str]) -> None:
    """The admin log names the objects it records ("Lucas Dupont → Mexique"): forget the names."""
    about_them = Q(content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk))
    for identifier in identifiers:
        about_them |= Q(object_repr__icontains=identifier)
    LogEntry.objects.filter(about_them).update(object_repr="–", change_message="")


def _identifiers(user) -> list[str]:
    """What names the person in text: their e-mail address and full name, in either order."""
    names = [user.email]
    first, last = user.first_name.strip(), user.last_name.strip()
    if user.get_full_name().strip():
        names.append(user.get_full_name().strip())
    if first and last:
        names.append(f"{last} {first}")
    return names


def erased_marker() -> str:
    """What stands in for an erased name, in the language the portal writes its notes in."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("[erased]")


def _scrub_portal_text(identifiers: list[str]) -> int:
    """Replace the person's names in the portal's own free text (``PORTAL_TEXT_FIELDS``)."""
    pattern = re.compile(
        "|".join(re.escape(i) for i in sorted(identifiers, key=len, reverse=True)), re.IGNORECASE
    )
    marker = erased_marker()
    changed = 0
    for label, names in PORTAL_TEXT_FIELDS.items():
        model = apps.get_model(label)
        naming = Q()
        for name in names:
            for identifier in identifiers:
                naming |= Q(**{f"{name}__icontains": identifier})
        for obj in model._default_manager.filter(naming).only("pk", *names):
            scrubbed = {name: pattern.sub(marker, getattr(obj, name)) for name in names}
            changed += model._default_manager.filter(pk=obj.pk).update(**scrubbed)
    return changed


@transaction.atomic
def user_erase(*, user) -> dict[str, int]:
    """Erase a person: every row about them deleted or anonymised (see POLICIES), their files
    deleted once the transaction commits. Returns how many rows each model lost or changed."""
    User = get_user_model()
    user = User.objects.select_for_update().get(pk=user.pk)
    identifiers = _identifiers(user)
    files: list[FieldFile] = []
    counts: dict[str, int] = {}
    _end_active_mandates(user)
    _withdraw_open_applications(user)
    for link in user_links():
        policy = link.policy
        rows = link.rows(user)
        label = link.model._meta.label
        if policy.action == REMOVE:
            through = link.field.remote_field.through
            counts[label] = through.objects.filter(
                **{link.field.m2m_reverse_field_name(): user}
            ).delete()[0]
            continue
        if policy.action == DETACH:
            counts[label] = rows.update(**{link.field.name: None})
            continue
        file_fields = [
            f for f in link.model._meta.concrete_fields if isinstance(f, models.FileField)
        ]
        for obj in rows:
            files.extend(getattr(obj, f.name) for f in file_fields if getattr(obj, f.name))
        for accessor, text_fields in policy.related.items():
            related = link.model._meta.get_field(accessor).related_model
            remote = link.model._meta.get_field(accessor).field.name
            children = related._default_manager.filter(**{f"{remote}__in": rows})
            if text_fields is None:
                children.delete()
            else:
                _blank(children, text_fields)
        if policy.action == DELETE:
            counts[label] = rows.delete()[0]
        else:
            updates = dict.fromkeys(policy.blank, "")
            updates.update({f.name: "" for f in file_fields})
            counts[label] = rows.update(**updates) if updates else rows.count()
    # Messages sent to their address from outside their account (e.g. before they signed up).
    from messaging.models import OutgoingMessage

    OutgoingMessage.objects.filter(to_email__iexact=user.email).delete()
    # "I have acted" on a public action page with their address (no account link: by address).
    from actions.public import participations_erase

    participations_erase(user.email)
    # ... and messages to others that name them (e.g. staff told that a mandate ends): emptied,
    # and those not sent yet are not sent at all (an empty message would help nobody).
    naming = Q()
    for identifier in identifiers:
        naming |= Q(subject__icontains=identifier) | Q(text__icontains=identifier)
        naming |= Q(html__icontains=identifier)
    OutgoingMessage.objects.filter(naming).exclude(status=OutgoingMessage.Status.SENT).update(
        status=OutgoingMessage.Status.FAILED,
        last_error="Emptied when a person named in it erased their data.",
    )
    OutgoingMessage.objects.filter(naming).update(
        subject="–", text="", html="", attachments=[], reply_to=[]
    )
    _scrub_admin_log(user, identifiers)
    _scrub_portal_text(identifiers)

    kept = any(link.rows(user).exists() for link in user_links() if link.policy.action == ANONYMISE)
    if kept:
        user.email = f"erased-{user.pk}@erased.invalid"
        user.first_name = user.last_name = user.phone = user.postal_code = ""
        user.is_active = user.is_staff = user.is_superuser = False
        user.receives_digests = user.receives_news = False
        user.last_login = None
        user.set_unusable_password()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
    else:
        user.delete()
    stored = [(f.storage, f.name) for f in files]
    transaction.on_commit(lambda: _delete_files(stored))
    return counts


def _delete_files(stored) -> None:
    for storage, name in stored:
        storage.delete(name)


# Consents ------------------------------------------------------------------------------------


@transaction.atomic
def digests_set(*, user, on: bool) -> None:
    """Give or withdraw consent to the summaries: the preference and a dated record change
    together. Turning off summaries that were on without a recorded consent (staff, for whom
    they are part of the job) records the choice as made now, never as a consent given when
    the account was created."""
    from accounts.models import Consent

    now = timezone.now()
    get_user_model().objects.filter(pk=user.pk).update(receives_digests=on)
    user.receives_digests = on
    current = Consent.objects.filter(
        user=user, purpose=Consent.Purpose.DIGESTS, withdrawn_at__isnull=True
    )
    if on:
        if not current.exists():
            Consent.objects.create(
                user=user,
                purpose=Consent.Purpose.DIGESTS,
                given_at=now,
                privacy_version=settings.PRIVACY_VERSION,
            )
    elif not current.update(withdrawn_at=now):
        Consent.objects.create(
            user=user,
            purpose=Consent.Purpose.DIGESTS,
            given_at=now,
            privacy_version=settings.PRIVACY_VERSION,
            withdrawn_at=now,
        )


@transaction.atomic
def news_set(*, user, on: bool) -> bool:
    """Give or withdraw consent to the section's news by e-mail: the preference and a dated
    record (with the privacy text's version) change together. Return whether the consent
    changed: a second withdrawal (a one-click unsubscribe clicked twice) records nothing."""
    from accounts.models import Consent

    get_user_model().objects.filter(pk=user.pk).update(receives_news=on)
    user.receives_news = on
    current = Consent.objects.filter(
        user=user, purpose=Consent.Purpose.NEWS, withdrawn_at__isnull=True
    )
    if not on:
        return bool(current.update(withdrawn_at=timezone.now()))
    if current.exists():
        return False
    Consent.objects.create(
        user=user,
        purpose=Consent.Purpose.NEWS,
        given_at=timezone.now(),
        privacy_version=settings.PRIVACY_VERSION,
    )
    return True


@transaction.atomic
def interest_consent_withdraw(*, registration) -> None:
    """Stop the vacancy alerts of one registration, and record the consent withdrawn (its date
    and version come from the registration, which is then forgotten)."""
    from accounts.models import Consent
    from recruitment.services import interest_withdraw

    Consent.objects.create(
        user=registration.person,
        purpose=Consent.Purpose.INTEREST,
        subject=registration.subject_display()[:200],
        given_at=registration.consent_given_at,
        privacy_version=registration.privacy_version,
        withdrawn_at=timezone.now(),
    )
    interest_withdraw(registration=registration)


def consents_of(user) -> dict:
    """What the person consented to, for My space and the consents page."""
    from accounts.models import Consent
    from recruitment.models import Application, InterestRegistration

    records = list(Consent.objects.filter(user=user))
    return {
        "digests_on": user.receives_digests,
        "news_on": user.receives_news,
        "news": next(
            (c for c in records if c.purpose == Consent.Purpose.NEWS and c.withdrawn_at is None),
            None,
        ),
        # Staff may receive the summaries without a consent: they are part of their work.
        "digests_with_the_job": user.is_staff,
        "digests": next(
            (c for c in records if c.purpose == Consent.Purpose.DIGESTS and c.withdrawn_at is None),
            None,
        ),
        "interests": list(
            InterestRegistration.objects.filter(person=user).select_related("coordination")
        ),
        "applications": list(
            Application.objects.filter(applicant=user)
            .select_related("vacancy")
            .order_by("-submitted_at")
        ),
        "withdrawn": [c for c in records if c.withdrawn_at is not None],
    }


def held_summary(user) -> list[tuple[str, int]]:
    """What the export will contain: each kind of record held about the person, with a count
    (a record linked to them twice, e.g. an interview they scheduled and sat on, counts once)."""
    held: dict[str, set] = {}
    for link in user_links():
        pks = set(link.rows(user).values_list("pk", flat=True))
        if pks:
            held.setdefault(str(link.model._meta.verbose_name_plural), set()).update(pks)
    return sorted((name, len(pks)) for name, pks in held.items())


def retention_months() -> int:
    return settings.APPLICATION_RETENTION_MONTHS
