from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_countries import countries

from accounts.models import User
from config.dates import INTERVIEW_DATES, MANDATE_START_DATES
from config.fields import BoundedDateField, BoundedDateTimeField, KnownChoices
from config.honeypot import HoneypotMixin
from coordinations.models import WORKING_LANGUAGES, Coordination
from recruitment.models import (
    CEFR_LEVELS,
    SELF_RATING_CHOICES,
    Application,
    DeclineReason,
    InterestRegistration,
    Vacancy,
)
from recruitment.pipeline import check_interview_start, staff_moves
from recruitment.validators import validate_cv

MOTIVATION_MIN_LENGTH = 50
# The answer "I do not speak it": a choice of its own, so that an empty select means "not said".
NO_LEVEL = "none"
MOTIVATION_MAX_LENGTH = 8000


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class BoardFilterForm(forms.Form):
    """The board's filters (GET): a wrong value is simply ignored, never an error page."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Vacancy.Kind.choices]
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("All languages")), *WORKING_LANGUAGES],
    )
    closing_soon = forms.BooleanField(label=_("Closing within two weeks"), required=False)

    def __init__(self, *args, country_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries"))] + sorted(
            ((code, countries.name(code)) for code in country_codes), key=lambda c: str(c[1])
        )

    def filters(self) -> dict:
        self.is_valid()  # a field with a wrong value is left out of cleaned_data: ignored
        data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "kind": data.get("kind") or "",
            "country": data.get("country") or "",
            "language": data.get("language") or "",
            "closing_soon": bool(data.get("closing_soon")),
        }


class CVField(forms.FileField):
    """A CV checked by content (PDF, DOCX or ODT, at most 5 MB) with the portal's messages."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_empty_file", True)  # the validator says "empty" in our words
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        data = super().clean(data, initial)
        if data:
            validate_cv(data)
        return data


class ApplicationForm(HoneypotMixin, forms.Form):
    """The application form; its questions depend on the vacancy."""

    motivation = forms.CharField(
        label=_("Motivation letter"),
        widget=forms.Textarea(attrs={"rows": 10}),
        min_length=MOTIVATION_MIN_LENGTH,
        max_length=MOTIVATION_MAX_LENGTH,
        help_text=_("Why this role, and what you would bring to it."),
    )
    cv = CVField(
        label=_("CV"),
        help_text=_("PDF, Word (.docx) or OpenDocument (.odt), 5 MB at most."),
    )
    hours_per_week = forms.IntegerField(
        label=_("Hours available a week"),
        required=False,
        min_value=1,
        max_value=60,
    )
    can_travel = forms.BooleanField(
        label=_("I can travel for meetings, actions and trainings"), required=False
    )

    def __init__(self, *args, vacancy: Vacancy, **kwargs):
        super().__init__(*args, **kwargs)
        self.vacancy = vacancy
        self.fields["cv"].required = vacancy.requires_cv
        if not vacancy.requires_cv:
            self.fields["cv"].help_text = _(
                "Optional. PDF, Word (.docx) or OpenDocument (.odt), 5 MB at most."
            )
        self.competencies = list(vacancy.competencies.all())
        for competency in self.competencies:
            self.fields[f"competency_{competency.pk}"] = forms.TypedChoiceField(
                label=competency.label,
                choices=SELF_RATING_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=competency.text,
            )
        # Every language the vacancy names, required ones first; the select starts empty (no
        # level is assumed, not even "I do not speak it") and a required one must be answered.
        self.requirements = vacancy.language_requirements()
        self.languages = [w for r in self.requirements for w in r.alternatives] + (
            vacancy.language_assets()
        )
        for wanted in self.languages:
            requirement = next((r for r in self.requirements if wanted in r.alternatives), None)
            if requirement is None:
                help_text = _("An asset: %(level)s.") % {"level": wanted.level}
            elif requirement.is_group:
                help_text = _("Asked: %(requirement)s.") % {
                    "requirement": requirement.display(minimum=True)
                }
            else:
                help_text = ""
            self.fields[f"language_{wanted.language}"] = forms.ChoiceField(
                label=_("%(language)s (asked: %(level)s)")
                % {"language": wanted.get_language_display(), "level": wanted.level},
                choices=[
                    ("", _("Choose your level")),
                    (NO_LEVEL, _("I do not speak it")),
                    *CEFR_LEVELS,
                ],
                required=requirement is not None,
                initial="",
                help_text=help_text,
                error_messages={
                    "required": _("Say your level in this language, or that you do not speak it.")
                },
            )
        if vacancy.minimum_commitment_months:
            self.fields["commitment_confirmed"] = forms.BooleanField(
                label=ngettext_lazy(
                    "I commit for at least %(months)d month.",
                    "I commit for at least %(months)d months.",
                    "months",
                )
                % {"months": vacancy.minimum_commitment_months},
                error_messages={"required": _("This role asks for this commitment.")},
            )
        self.conditions = list(vacancy.eligibility_conditions.all())
        for condition in self.conditions:
            self.fields[f"condition_{condition.pk}"] = forms.BooleanField(
                label=_("I confirm: %(condition)s") % {"condition": condition.text},
                error_messages={"required": _("Applicants must meet this condition.")},
            )
        self.fields["consent"] = forms.BooleanField(
            label=_(
                "I agree that the secretariat processes the data of this application to "
                "consider it."
            ),
            help_text=format_html(
                '{} <a href="{}">{}</a>',
                _("Version %(version)s of our privacy text.")
                % {"version": settings.PRIVACY_VERSION},
                reverse("privacy"),
                _("Read it"),
            ),
            error_messages={"required": _("We cannot consider an application without it.")},
        )

    def ratings(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"competency_{c.pk}"] for c in self.competencies}

    def language_levels(self) -> dict[str, str]:
        """Language code → the CEFR level the applicant gave ("" when they do not speak it)."""
        levels = {}
        for wanted in self.languages:
            level = self.cleaned_data.get(f"language_{wanted.language}") or ""
            levels[wanted.language] = "" if level == NO_LEVEL else level
        return levels

    def clean(self):
        data = super().clean()
        # The same check as the service's (LanguageRequirement.met_by), with the requirement
        # named: "French or Spanish (at least B2)".
        levels = self.language_levels()
        for requirement in self.requirements:
            if requirement.met_by(levels):
                continue
            fields = [f"language_{wanted.language}" for wanted in requirement.alternatives]
            if any(field not in data for field in fields):
                continue  # a field left empty already says so
            message = _("This role asks for %(requirement)s.") % {
                "requirement": requirement.display(minimum=True)
            }
            self.add_error(None if requirement.is_group else fields[0], message)
        return data

    def confirmed_conditions(self):
        return [c for c in self.conditions if self.cleaned_data.get(f"condition_{c.pk}")]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "motivation": data["motivation"],
            "cv": data.get("cv") or None,
            "ratings": self.ratings(),
            "languages": self.language_levels(),
            "hours_per_week": data.get("hours_per_week"),
            "can_travel": data.get("can_travel", False),
            "commitment_confirmed": data.get("commitment_confirmed", False),
            "confirmed_conditions": self.confirmed_conditions(),
            "consent": data.get("consent", False),
        }


def known_themes() -> list[str]:
    return sorted(
        set(
            Coordination.objects.active()
            .filter(kind=Coordination.Kind.THEMATIC)
            .exclude(theme="")
            .values_list("theme", flat=True)
        )
    )


class InterestForm(HoneypotMixin, forms.Form):
    """Registering interest in a coordination, a country or a theme, with consent."""

    kind = forms.ChoiceField(
        label=_("I would like to hear about vacancies for"),
        choices=InterestRegistration.Kind.choices,
        widget=forms.RadioSelect,
    )
    coordination = forms.ModelChoiceField(
        label=_("Coordination"),
        queryset=Coordination.objects.active().order_by("name"),
        required=False,
        to_field_name="slug",
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    consent = forms.BooleanField(
        label=_(
            "I agree that the secretariat keeps my name and e-mail address to tell me when "
            "such a vacancy opens. I can withdraw this at any time from My space."
        ),
        error_messages={"required": _("We cannot keep you informed without your agreement.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *countries]
        self.fields["theme"].choices = [("", "—")] + [(t, t) for t in known_themes()]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        required = {
            InterestRegistration.Kind.COORDINATION: "coordination",
            InterestRegistration.Kind.COUNTRY: "country",
            InterestRegistration.Kind.THEME: "theme",
        }.get(kind)
        if required and not data.get(required):
            self.add_error(required, _("Choose one."))
        return data


class MoveForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Move to"))
    note = forms.CharField(
        label=_("Internal note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    message = forms.CharField(
        label=_("Message to the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Added to the e-mail that tells them about the move."),
    )
    notify = forms.BooleanField(label=_("E-mail the applicant"), required=False, initial=True)

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        plain = [s for s in staff_moves(application.status) if s == Application.Status.IN_REVIEW]
        self.fields["to_status"].choices = [
            (status, Application.Status(status).label) for status in plain
        ]


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 3}))
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        choices=[("", "—"), *((n, str(n)) for n in range(1, 6))],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("From 1 (weak) to 5 (excellent). Never shown to the applicant."),
    )


def staff_people():
    return User.objects.filter(is_staff=True, is_active=True).order_by("first_name", "last_name")


class InterviewForm(forms.Form):
    starts_at = BoundedDateTimeField(
        label=_("Date and time"), widget=DateTimeInput, bounds=INTERVIEW_DATES
    )
    duration = forms.TypedChoiceField(
        label=_("Duration"),
        coerce=int,
        initial=60,
        choices=[
            (30, _("30 minutes")),
            (45, _("45 minutes")),
            (60, _("1 hour")),
            (90, _("1 hour 30")),
        ],
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=300)
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    interviewers = KnownChoices(
        label=_("Interviewers"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("Internal note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interviewers"].queryset = staff_people()
        self.fields["interviewers"].label_from_instance = lambda user: (
            user.get_full_name() or user.email
        )

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        # The service checks again; here the message shows next to the field.
        check_interview_start(value)
        return value

    def clean(self):
        data = super().clean()
        if not (data.get("place") or data.get("video_url")) and not self.has_error("video_url"):
            self.add_error("place", _("Give a place or a video link."))
        return data


class RescheduleForm(InterviewForm):
    """The same choices as scheduling, filled with the interview as it is (no internal note:
    the interview keeps its history in its calendar revisions and the e-mails sent)."""

    def __init__(self, *args, interview, **kwargs):
        minutes = int((interview.ends_at - interview.starts_at).total_seconds() // 60)
        durations = [value for value, _label in self.base_fields["duration"].choices]
        kwargs.setdefault(
            "initial",
            {
                "starts_at": interview.starts_at,
                "duration": minutes if minutes in durations else 60,
                "place": interview.place,
                "video_url": interview.video_url,
                "interviewers": list(interview.interviewers.all()),
            },
        )
        super().__init__(*args, **kwargs)
        del self.fields["note"]


class DeclineForm(forms.Form):
    reason = forms.ModelChoiceField(
        label=_("Reason"), queryset=DeclineReason.objects.filter(is_active=True)
    )
    personal_message = forms.CharField(
        label=_("Personal words added to the message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    note = forms.CharField(
        label=_("Internal note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notify = forms.BooleanField(label=_("E-mail the applicant"), required=False, initial=True)


class AcceptForm(forms.Form):
    start_date = BoundedDateField(
        label=_("Start date"), widget=DateInput, bounds=MANDATE_START_DATES
    )
    message = forms.CharField(
        label=_("Message to the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    note = forms.CharField(
        label=_("Internal note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notify = forms.BooleanField(label=_("E-mail the applicant"), required=False, initial=True)


class DeclineRemainingForm(forms.Form):
    reason = forms.ModelChoiceField(
        label=_("Reason"), queryset=DeclineReason.objects.filter(is_active=True)
    )
    note = forms.CharField(
        label=_("Internal note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=_("Would you tell us why? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
