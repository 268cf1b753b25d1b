"""The people search's filters (the same form validates a segment's stored filters), notes and
tags."""

import datetime
import hashlib
import re

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from actions.models import ActionProposal
from config import versions
from config.dates import DateRange, add_months
from config.fields import BoundedDateField, BoundedDateTimeField, KnownChoices
from config.widgets import KeptSelect
from coordinations.models import WORKING_LANGUAGES, Coordination, Mandate
from groups import geo
from groups.models import LocalGroup, Place, Province
from messaging import mailings
from messaging.mailings import PLACEHOLDERS as MAILING_PLACEHOLDERS
from messaging.models import Mailing
from people.models import Note, Segment, Tag
from recruitment.models import Competency, Vacancy

POSTAL_CODE_RE = re.compile(r"^(\d{4})(?:\s|$)")
# "Mandates ending before": from a year back (a segment saved last spring) to five years ahead.
MANDATE_END_DATES = DateRange(
    lambda today: add_months(today, -12), lambda today: add_months(today, 12 * 5)
)


class Role:
    COORDINATOR = "coordinator"
    LEADER = "leader"
    TREASURER = "treasurer"
    MEMBER = "member"
    APPLICANT = "applicant"

    GROUP_ROLES = (LEADER, TREASURER, MEMBER)
    CHOICES = [
        ("", _("Any role")),
        (COORDINATOR, _("Coordinator (of…)")),
        (LEADER, _("Leader of a group (of…)")),
        (TREASURER, _("Treasurer of a group (of…)")),
        (MEMBER, _("Member of a group (of…)")),
        (APPLICANT, _("Applicant, application in progress (to…)")),
    ]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class KnownChoice(forms.ModelChoiceField):
    """One object chosen by number: a number no column can hold is refused before the query
    (SQLite answers it with an OverflowError, a server error)."""

    def to_python(self, value):
        if value not in self.empty_values and self.to_field_name is None:
            try:
                number = int(str(value))
            except (TypeError, ValueError):
                number = 0
            if not -(2**63) <= number < 2**63:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ColumnChoiceIterator(forms.models.ModelChoiceIterator):
    """The options as (value, label) pairs read from two columns: a list of hundreds of groups
    or proposals costs a list of tuples, not hundreds of objects."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = getattr(self.field, "read_rows", None)
        yield from rows if rows is not None else column_rows(self.field, self.queryset)


def column_rows(field, queryset, limit: int | None = None) -> list[tuple]:
    """(value, label) of the rows of ``queryset``, for ``field``'s options."""
    rows = queryset.values_list(field.to_field_name or "pk", field.label_field)
    return list(rows if limit is None else rows[:limit])


class RowsSelect(KeptSelect):
    """A drop-down list of rows of a table, kept in the shared cache against the versions of
    the table's ``areas`` (config/versions.py), per language, value and attributes: kept, it
    costs two cache calls, not a query and hundreds of options. ``kept_as`` names the list
    (the field's queryset), unique among the portal's. Versions not kept (no fragment cache):
    a ``KeptSelect`` known by its options."""

    def __init__(self, attrs=None, choices=(), *, kept_as: str, areas: tuple[str, ...]):
        super().__init__(attrs, choices)
        self.list_name = kept_as
        self.areas = tuple(areas)

    def render(self, name, value, attrs=None, renderer=None):
        if not versions.enabled():
            return super().render(name, value, attrs, renderer)
        made_of = repr(
            (
                name,
                self.format_value(value),
                sorted(self.attrs.items()),
                sorted((attrs or {}).items()),
            )
        )
        key = versions.fragment_key(
            self.list_name, self.areas, hashlib.sha256(made_of.encode()).hexdigest()[:32]
        )
        html = versions.cached_html(
            None, key, lambda: forms.Select.render(self, name, value, attrs, renderer)
        )
        return mark_safe(html)  # Django's own rendering, kept


# Up to this many options, a drop-down list; beyond (groups at the movement's scale: a hundred
# thousand), a text box where the name is typed: a page of megabytes helps nobody choose.
LIST_MAX = 500


class ListedChoice(KnownChoice):
    """One object chosen in a long drop-down list, whose options are rows of ``areas``' tables:
    read as two columns (``label_field`` says what ``str()`` of an object says), and rendered
    once per version of those areas, value and language (``RowsSelect``). Beyond ``LIST_MAX``
    rows, a text box: the object is found by its ``to_field_name`` (links, segments) or by its
    label as typed (``typed``)."""

    iterator = ColumnChoiceIterator

    def __init__(self, *, label_field: str, areas: tuple[str, ...], kept_as: str, **kwargs):
        self.label_field = label_field
        self.areas = tuple(areas)
        self.kept_as = kept_as
        kwargs.setdefault("widget", RowsSelect(kept_as=kept_as, areas=areas))
        super().__init__(**kwargs)

    def too_long(self) -> bool:
        """Whether the list has more than LIST_MAX rows (known once per version of its areas,
        not on every request). Found out by reading its first LIST_MAX + 1 options, which
        the drop-down list then shows: one query whatever the length."""
        key = versions.fragment_key(f"{self.kept_as}:count", self.areas)
        count = cache.get(key)
        if count is None:
            rows = column_rows(self, self.queryset, limit=LIST_MAX + 1)
            count = len(rows)
            if count <= LIST_MAX:
                self.read_rows = rows  # for this request's rendering, if it is not kept
            cache.set(key, count, versions.seconds() or 60)
        return count > LIST_MAX

    def typed(self):
        """Found by name as typed in the text box (``too_long``)."""
        self.widget = forms.TextInput(attrs={"class": "form-control"})
        self.help_text = " ".join(
            str(part) for part in (_("Type the exact name."), self.help_text) if part
        )

    def to_python(self, value):
        if value in self.empty_values or not self.to_field_name:
            return super().to_python(value)
        value = str(value)
        if "\x00" in value or len(value) > 200:  # no name has them; PostgreSQL refuses NUL
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        found = self.queryset.filter(**{self.to_field_name: value}).first() or (
            self.queryset.filter(**{f"{self.label_field}__iexact": value.strip()})
            .order_by("pk")
            .first()
        )
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return found


class RowsSelectMultiple(RowsSelect, forms.SelectMultiple):
    """``RowsSelect`` for several choices."""


class ListedChoices(KnownChoices):
    """Several objects chosen in a list of rows of ``areas``' tables (``ListedChoice``)."""

    iterator = ColumnChoiceIterator

    def __init__(self, *, label_field: str, areas: tuple[str, ...], kept_as: str, **kwargs):
        self.label_field = label_field
        kwargs.setdefault("widget", RowsSelectMultiple(kept_as=kept_as, areas=areas))
        super().__init__(**kwargs)


def _blank(label):
    return [("", label)]


class PeopleFilterForm(forms.Form):
    """Who to find: every filter is optional and they combine (all must hold).

    The province is that of the person's postal code, except with a group role (leader,
    treasurer, member), where it is that of their group: "the leaders of Liège province" are
    the leaders of the groups of Liège, wherever they live.
    """

    q = forms.CharField(label=_("Name or e-mail address"), max_length=100, required=False)
    place = forms.CharField(
        label=_("Postal code or commune"),
        max_length=100,
        required=False,
        help_text=_("Where the person lives, as in their profile."),
    )
    province = forms.ChoiceField(
        label=_("Province"),
        choices=_blank(_("Any province")) + Province.choices,
        required=False,
        widget=KeptSelect(kept_as="people.search.province"),
        help_text=_("Where they live; with a group role, where their group is."),
    )
    language = forms.ChoiceField(
        label=_("Language of the messages"),
        choices=_blank(_("Any language")) + list(settings.LANGUAGES),
        required=False,
        widget=KeptSelect(kept_as="people.search.language"),
    )
    speaks = forms.ChoiceField(
        label=_("Speaks"),
        choices=_blank(_("Any language")) + WORKING_LANGUAGES,
        required=False,
        widget=KeptSelect(kept_as="people.search.speaks"),
        help_text=_("As said in one of their applications."),
    )
    competency = forms.ModelChoiceField(
        label=_("Competency"),
        queryset=Competency.objects.all(),
        # Bilingual names: the objects give each its label in the language of the page.
        widget=RowsSelect(kept_as="people.search.competency", areas=("recruitment",)),
        to_field_name="code",
        required=False,
        empty_label=_("Any competency"),
        help_text=_("Rated 3 or 4 by the person in one of their applications."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.CHOICES,
        required=False,
        widget=KeptSelect(kept_as="people.search.role"),
    )
    coordination = ListedChoice(
        label=_("Coordination"),
        label_field="name",
        areas=("coordinations",),
        kept_as="people.search.coordination",
        queryset=Coordination.objects.active(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any coordination"),
        help_text=_("With the role coordinator or applicant."),
    )
    group = ListedChoice(
        label=_("Group"),
        label_field="name",
        areas=("local_groups",),
        kept_as="people.search.group",
        queryset=LocalGroup.objects.active(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any group"),
        help_text=_("With a group role."),
    )
    vacancy = ListedChoice(
        label=_("Vacancy"),
        label_field="title",
        areas=("recruitment",),
        kept_as="people.search.vacancy",
        queryset=Vacancy.objects.exclude(status=Vacancy.Status.DRAFT).order_by("title"),
        to_field_name="slug",
        required=False,
        empty_label=_("Any vacancy"),
        help_text=_("With the role applicant."),
    )
    mandate = forms.ChoiceField(
        label=_("Mandate"),
        choices=_blank(_("Any or none")) + Mandate.Phase.choices,
        required=False,
        widget=KeptSelect(kept_as="people.search.mandate"),
        help_text=_("A mandate in this state today."),
    )
    mandate_ends_before = BoundedDateField(
        label=_("Commitment ends before"),
        required=False,
        bounds=MANDATE_END_DATES,
        widget=DateInput(),
        help_text=_("A mandate not ended by anyone whose 24 months end before this date."),
    )
    tags = ListedChoices(
        label=_("Tags"),
        queryset=Tag.objects.all(),
        label_field="name",
        areas=("people",),
        kept_as="people.search.tags",
        required=False,
        help_text=_("Any of the tags chosen."),
    )
    news = forms.ChoiceField(
        label=_("Section's news"),
        choices=[
            ("", _("Either")),
            ("yes", _("Opted in to the news")),
            ("no", _("Not opted in")),
        ],
        required=False,
        widget=KeptSelect(kept_as="people.search.news"),
    )
    not_reported_on = ListedChoice(
        label=_("Leaders of groups that have not reported on"),
        label_field="title",
        areas=("actions",),
        kept_as="people.search.not_reported_on",
        queryset=ActionProposal.objects.filter(status=ActionProposal.Status.PUBLISHED).order_by(
            "-published_at", "-pk"
        ),
        required=False,
        empty_label=_("No proposal chosen"),
    )

    # The fields a segment stores, in this order (the keyset cursors are not filters).
    FILTERS = (
        "q",
        "place",
        "province",
        "language",
        "speaks",
        "competency",
        "role",
        "coordination",
        "group",
        "vacancy",
        "mandate",
        "mandate_ends_before",
        "tags",
        "news",
        "not_reported_on",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, ListedChoice) and field.to_field_name and field.too_long():
                field.typed()

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def clean_place(self) -> list[str] | None:
        """The postal codes of what was typed: a postal code, or a commune or locality (all
        its postal codes)."""
        typed = self.cleaned_data["place"].strip()
        if not typed:
            return None
        code = POSTAL_CODE_RE.match(typed)
        if code or typed.isdigit():
            if not code or not Place.objects.filter(postal_code=code.group(1)).exists():
                raise ValidationError(_("This is not a Belgian postal code."), code="unknown")
            return [code.group(1)]
        key = geo.normalize(typed)
        codes = (
            sorted(
                set(
                    Place.objects.filter(search_names__contains=f"|{key}|").values_list(
                        "postal_code", flat=True
                    )
                )
            )
            if key
            else []
        )
        if not codes:
            raise ValidationError(
                _("No Belgian commune or locality has this name."), code="unknown"
            )
        return codes

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if data.get("group") and role not in Role.GROUP_ROLES:
            self.add_error("group", _("Choose the role leader, treasurer or member with a group."))
        if data.get("vacancy") and role != Role.APPLICANT:
            self.add_error("vacancy", _("Choose the role applicant with a vacancy."))
        if data.get("coordination") and role not in (Role.COORDINATOR, Role.APPLICANT):
            self.add_error(
                "coordination", _("Choose the role coordinator or applicant with a coordination.")
            )
        return data

    @property
    def raw_place(self) -> str:
        return (self.data.get("place") or "").strip()

    def stored_data(self) -> dict:
        """The valid filters as data a segment keeps (and a query string carries): only those
        set, objects by their slug, code or number, dates in ISO."""
        data = {}
        for name in self.FILTERS:
            value = self.cleaned_data.get(name)
            if name == "tags" and value is not None:
                value = list(value)
            if value in (None, "", []):
                continue
            if name == "place":
                value = self.raw_place
            elif name in ("competency",):
                value = value.code
            elif name in ("coordination", "group", "vacancy"):
                value = value.slug
            elif name == "not_reported_on":
                value = value.pk
            elif name == "tags":
                value = sorted(tag.pk for tag in value)
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            data[name] = value
        return data

    def is_filtered(self) -> bool:
        return bool(self.is_bound and self.is_valid() and self.stored_data())


class SegmentForm(forms.ModelForm):
    """Save the current search under a name (the filters come from the search form)."""

    class Meta:
        model = Segment
        fields = ["name"]
        labels = {"name": _("Name of the segment")}
        help_texts = {"name": _("For example: Leaders, province of Liège.")}


class NoteForm(forms.ModelForm):
    class Meta:
        model = Note
        fields = ["body"]
        labels = {"body": _("New note")}
        help_texts = {
            "body": _(
                "Internal to the secretariat. The person reads it if they download their data "
                "(their right of access): write what you would say to them."
            )
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}


class TagsForm(forms.Form):
    tags = KnownChoices(
        label=_("Tags"),
        queryset=Tag.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("New tags are created in the admin."),
    )


# Messages to several people -------------------------------------------------------------------

# A message is sent now or within the year; never in the past.
SEND_TIMES = DateRange(lambda today: today, lambda today: add_months(today, 12))
MAX_ADDRESSES = 500
ADDRESS_SEPARATORS = re.compile(r"[\s,;]+")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MailingForm(forms.ModelForm):
    """Write a message to a segment or a list of people, in French and in English."""

    addresses = forms.CharField(
        label=_("Or these people"),
        required=False,
        max_length=30000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Their e-mail addresses, one per line (people with an account)."),
    )

    class Meta:
        model = Mailing
        fields = ["kind", "segment", "subject_fr", "body_fr", "subject_en", "body_en"]
        widgets = {
            "body_fr": forms.Textarea(attrs={"rows": 10}),
            "body_en": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {
            "segment": _("The segment is evaluated when the message is sent."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (value, label) for value, label in Mailing.Kind.choices if value != "follow_up"
        ]
        self.fields["segment"].queryset = Segment.objects.order_by("name")
        self.fields["segment"].required = False
        self.fields["segment"].empty_label = _("No segment: the people below")
        placeholders = ", ".join(f"{{{name}}}" for name in MAILING_PLACEHOLDERS)
        for name in ("body_fr", "body_en"):
            self.fields[name].help_text = _(
                "You may write %(placeholders)s: each person's first name, last name, group, "
                "coordination and personal link (their report link when the segment names a "
                "proposal, their space on the portal otherwise)."
            ) % {"placeholders": placeholders}
        if self.instance.pk and not self.is_bound:
            self.initial["addresses"] = "\n".join(
                self.instance.people.order_by("email").values_list("email", flat=True)
            )

    def clean_addresses(self) -> list:
        from accounts.models import User

        addresses = sorted(
            {a.lower() for a in ADDRESS_SEPARATORS.split(self.cleaned_data["addresses"]) if a}
        )
        if len(addresses) > MAX_ADDRESSES:
            raise ValidationError(
                _("At most %(count)d addresses: make a segment for more people.")
                % {"count": MAX_ADDRESSES}
            )
        people = list(User.objects.filter(email__in=addresses, is_active=True))
        unknown = sorted(set(addresses) - {person.email for person in people})
        if unknown:
            raise ValidationError(
                _("Nobody has an account with these addresses: %(addresses)s")
                % {"addresses": ", ".join(unknown[:20])}
            )
        return people

    def clean(self):
        data = super().clean()
        segment, people = data.get("segment"), data.get("addresses")
        if "addresses" not in self.errors:
            if segment and people:
                self.add_error("addresses", _("Choose a segment or a list of people, not both."))
            elif not segment and not people:
                self.add_error("segment", _("Choose a segment or give a list of people."))
        for name in ("subject_fr", "body_fr", "subject_en", "body_en"):
            unknown = mailings.unknown_placeholders(data.get(name) or "")
            if unknown:
                self.add_error(
                    name,
                    _("Unknown placeholders: %(names)s. Possible ones: %(possible)s.")
                    % {
                        "names": ", ".join(f"{{{n}}}" for n in unknown),
                        "possible": ", ".join(f"{{{n}}}" for n in MAILING_PLACEHOLDERS),
                    },
                )
        return data


class SendForm(forms.Form):
    """Send now, or at a time to come."""

    when = forms.ChoiceField(
        label=_("When"),
        choices=[("now", _("Now")), ("later", _("At a time I choose"))],
        widget=forms.RadioSelect,
    )
    send_at = BoundedDateTimeField(
        label=_("Date and time"), required=False, bounds=SEND_TIMES, widget=DateTimeInput()
    )

    def clean(self):
        data = super().clean()
        if data.get("when") == "later" and "send_at" not in self.errors:
            moment = data.get("send_at")
            if moment is None:
                self.add_error("send_at", _("Give the date and time to send it."))
            elif moment <= timezone.now():
                self.add_error("send_at", _("Choose a time to come."))
        return data

    def moment(self):
        """None for now, else the time chosen."""
        return self.cleaned_data["send_at"] if self.cleaned_data["when"] == "later" else None
