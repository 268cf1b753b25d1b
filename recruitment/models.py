"""Vacancies (coordinations, other volunteer roles, paid jobs, volunteer cooperation abroad,
internships), the applications to them and their history, interviews, and the pool of people
who asked to be told when something opens."""

import datetime
import uuid
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from config.collation import sorted_by_name
from config.dates import DatesWithinRange
from config.l10n import date_format, money
from config.translation import BilingualCatalogueEntry, localized
from coordinations.models import MINIMUM_LEAD_COMMITMENT_MONTHS, WORKING_LANGUAGES, Coordination
from recruitment.storage import cv_upload_to, private_storage

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")

CEFR_LEVELS = [
    ("A1", _("A1 – beginner")),
    ("A2", _("A2 – elementary")),
    ("B1", _("B1 – intermediate")),
    ("B2", _("B2 – upper intermediate")),
    ("C1", _("C1 – advanced")),
    ("C2", _("C2 – proficient")),
]
CEFR_RANK = {code: rank for rank, (code, _label) in enumerate(CEFR_LEVELS)}
# Requirements and answers are listed in the portal's order of languages (French first).
LANGUAGE_RANK = {code: rank for rank, (code, _label) in enumerate(WORKING_LANGUAGES)}


def level_reaches(level: str, wanted: str) -> bool:
    """Whether a CEFR level is at least the one wanted (an empty or unknown level never is)."""
    return level in CEFR_RANK and CEFR_RANK[level] >= CEFR_RANK.get(wanted, len(CEFR_RANK))


# How applicants rate themselves on a competency sought.
SELF_RATING_CHOICES = [
    (1, _("1 – I am discovering it")),
    (2, _("2 – I have some experience")),
    (3, _("3 – I am at ease")),
    (4, _("4 – I could teach it")),
]

# Addresses under /vacancies/ that a vacancy's slug must not take.
RESERVED_SLUGS = {"feed", "interest", "pipeline", "applications"}


class Competency(BilingualCatalogueEntry):
    """A competency a vacancy may seek and applicants rate themselves on."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    for_coordinations = models.BooleanField(
        _("asked of coordinators"),
        default=False,
        db_index=True,
        help_text=_("Offered by default on coordination vacancies and coordination pages."),
    )

    class Meta(BilingualCatalogueEntry.Meta):
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")


class DeclineReason(BilingualCatalogueEntry):
    """Why an application is declined, with the courteous message the applicant receives.

    The messages may use {first_name} and {vacancy}, replaced when the message is sent.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    message = models.TextField(
        _("message to the applicant (French)"),
        help_text=_("You may write {first_name} and {vacancy}: they are replaced when sent."),
    )
    message_en = models.TextField(_("message to the applicant (English)"), blank=True)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta(BilingualCatalogueEntry.Meta):
        verbose_name = _("reason for declining")
        verbose_name_plural = _("reasons for declining")

    def message_for(self, *, first_name: str, vacancy: str) -> str:
        """The message in the active language, with the applicant's first name and the vacancy."""
        text = localized(self, "message")
        return text.replace("{first_name}", first_name).replace("{vacancy}", vacancy)


class VacancyQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Vacancy.Status.PUBLISHED)

    def open(self, now: datetime.datetime | None = None):
        """Published and still taking applications: no deadline, or a deadline to come."""
        now = now or timezone.now()
        return self.published().filter(Q(deadline__isnull=True) | Q(deadline__gt=now))

    def closing_within(self, days: int, now: datetime.datetime | None = None):
        now = now or timezone.now()
        return self.open(now).filter(deadline__lte=now + datetime.timedelta(days=days))

    def for_coordination(self):
        return self.filter(kind=Vacancy.Kind.COORDINATION)


class Vacancy(DatesWithinRange, models.Model):
    """An open position, in structured fields whatever its kind."""

    class Kind(models.TextChoices):
        COORDINATION = "coordination", _("Coordination")
        VOLUNTEER = "volunteer", _("Other volunteer role")
        PAID_JOB = "paid_job", _("Paid job")
        COOPERATION = "cooperation", _("Volunteer cooperation abroad")
        INTERNSHIP = "internship", _("Internship")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")
        FILLED = "filled", _("Filled")

    class StartKind(models.TextChoices):
        ASAP = "asap", _("As soon as possible")
        DATE = "date", _("On a date")
        MONTH = "month", _("In a month")

    class WorkloadUnit(models.TextChoices):
        PERCENT = "percent", _("Percentage of full time")
        HOURS_PER_WEEK = "hours_week", _("Hours a week")
        # The call for coordinators gives no figure: the time is the volunteer's own.
        AS_AVAILABLE = "as_available", _("As available")

    class SalaryPeriod(models.TextChoices):
        HOUR = "hour", _("per hour")
        MONTH = "month", _("per month")
        YEAR = "year", _("per year")

    class ApplyMethod(models.TextChoices):
        PORTAL = "portal", _("Through this portal")
        EMAIL = "email", _("By e-mail")
        WEB = "web", _("On another website")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, db_index=True)
    organisation_name = models.CharField(
        _("publishing organisation"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty for our own vacancies; fill in for a posting we relay."),
    )
    organisation_url = models.URLField(_("organisation's website"), blank=True)
    coordination = models.ForeignKey(
        Coordination,
        verbose_name=_("coordination"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vacancies",
        help_text=_("Required for a coordination vacancy, empty otherwise."),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(_("summary"), max_length=400)
    context = models.TextField(_("context"), blank=True)
    responsibilities = models.TextField(_("responsibilities"), blank=True)
    profile = models.TextField(_("profile sought"), blank=True)
    offer = models.TextField(_("what we offer"), blank=True)
    how_to_apply = models.TextField(_("how to apply"), blank=True)

    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True, db_index=True)
    remote_possible = models.BooleanField(_("remote work possible"), default=False)

    start_kind = models.CharField(
        _("start"), max_length=8, choices=StartKind.choices, default=StartKind.ASAP
    )
    start_date = models.DateField(
        _("start date"),
        null=True,
        blank=True,
        help_text=_("For a start in a month: any day of it."),
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), null=True, blank=True, help_text=_("Empty when open-ended.")
    )
    minimum_commitment_months = models.PositiveSmallIntegerField(
        _("minimum commitment (months)"),
        null=True,
        blank=True,
        help_text=_("At least 24 months for a coordination."),
    )
    positions = models.PositiveSmallIntegerField(
        _("number of people sought"),
        default=1,
        help_text=_("The vacancy is filled once this many candidates are accepted."),
    )

    workload_unit = models.CharField(
        _("workload expressed as"), max_length=16, choices=WorkloadUnit.choices, blank=True
    )
    workload_value = models.PositiveSmallIntegerField(_("workload"), null=True, blank=True)

    salary_min = models.DecimalField(
        _("salary from"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    salary_max = models.DecimalField(
        _("salary up to"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    salary_currency = models.CharField(_("currency"), max_length=3, default="EUR")
    salary_period = models.CharField(
        _("salary period"), max_length=8, choices=SalaryPeriod.choices, blank=True
    )
    salary_note = models.CharField(
        _("about the salary"),
        max_length=200,
        blank=True,
        help_text=_("For example: gross, paid over 12 months, according to profile."),
    )
    allowance = models.TextField(
        _("allowances"), blank=True, help_text=_("For unpaid postings: what is covered.")
    )

    competencies = models.ManyToManyField(
        Competency, verbose_name=_("competencies sought"), blank=True, related_name="vacancies"
    )

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    deadline = models.DateTimeField(
        _("deadline"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Date and time (Brussels time) after which applications are refused."),
    )
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        limit_choices_to={"is_staff": True},
        related_name="vacancies_followed",
    )
    apply_method = models.CharField(
        _("how to apply"),
        max_length=8,
        choices=ApplyMethod.choices,
        default=ApplyMethod.PORTAL,
    )
    apply_email = models.EmailField(_("application e-mail address"), blank=True)
    apply_email_subject = models.CharField(_("required subject line"), max_length=200, blank=True)
    apply_url = models.URLField(_("application web address"), blank=True)
    internal_note = models.TextField(
        _("internal note"), blank=True, help_text=_("For staff only: why this vacancy exists.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = VacancyQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("posting", "vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="vacancy_status_published"),
            models.Index(fields=["status", "deadline"], name="vacancy_status_deadline"),
            models.Index(fields=["kind", "status"], name="vacancy_kind_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="coordination", coordination__isnull=False)
                | (~Q(kind="coordination") & Q(coordination__isnull=True)),
                name="coordination_vacancy_has_its_coordination",
                violation_error_message=_(
                    "A coordination vacancy names its coordination; other kinds do not."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(kind="coordination")
                | Q(minimum_commitment_months__gte=MINIMUM_LEAD_COMMITMENT_MONTHS),
                name="coordination_vacancy_asks_24_months",
                violation_error_message=_(
                    "A coordinator commits for at least 24 months: choose 24 months or more."
                ),
            ),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=F("salary_max")),
                name="vacancy_salary_range_in_order",
            ),
            models.CheckConstraint(
                condition=Q(start_kind="asap") | Q(start_date__isnull=False),
                name="vacancy_start_date_when_dated",
            ),
            models.CheckConstraint(
                condition=~Q(apply_method="email") | ~Q(apply_email=""),
                name="vacancy_apply_by_email_has_address",
            ),
            models.CheckConstraint(
                condition=~Q(apply_method="web") | ~Q(apply_url=""),
                name="vacancy_apply_on_web_has_address",
            ),
            models.CheckConstraint(
                condition=~Q(workload_unit="percent")
                | Q(workload_value__gte=1, workload_value__lte=100),
                name="vacancy_workload_percent_in_range",
            ),
            models.CheckConstraint(
                condition=~Q(workload_unit="as_available") | Q(workload_value__isnull=True),
                name="vacancy_workload_as_available_has_no_figure",
                violation_error_message=_("Working time “as available” takes no figure."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="vacancy_published_has_a_date",
            ),
            models.CheckConstraint(condition=Q(positions__gte=1), name="vacancy_seeks_someone"),
            models.UniqueConstraint(
                fields=["coordination"],
                condition=Q(status="draft"),
                name="one_draft_vacancy_per_coordination",
                violation_error_message=_("This coordination already has a draft vacancy."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("recruitment:vacancy_detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("This address is reserved: choose another slug.")
        if self.kind == self.Kind.COORDINATION:
            if self.minimum_commitment_months is None:
                # The organisation's rule is the default for every coordination vacancy.
                self.minimum_commitment_months = MINIMUM_LEAD_COMMITMENT_MONTHS
            if not self.coordination_id:
                errors["coordination"] = _("Choose the coordination this vacancy is for.")
            if (self.minimum_commitment_months or 0) < MINIMUM_LEAD_COMMITMENT_MONTHS:
                errors["minimum_commitment_months"] = _(
                    "A coordinator commits for at least 24 months: choose 24 months or more."
                )
        elif self.coordination_id:
            errors["coordination"] = _("Only a coordination vacancy names a coordination.")
        if self.start_kind != self.StartKind.ASAP and not self.start_date:
            errors["start_date"] = _("Give the start date (any day of the month for a month).")
        if (
            self.salary_min is not None
            and self.salary_max is not None
            and self.salary_min > self.salary_max
        ):
            errors["salary_max"] = _("The upper end of the salary is below the lower end.")
        if self.workload_unit == self.WorkloadUnit.AS_AVAILABLE:
            if self.workload_value is not None:
                errors["workload_value"] = _(
                    "Working time “as available” takes no figure: leave the workload empty."
                )
        elif self.workload_unit and self.workload_value is None:
            errors["workload_value"] = _("Give the workload.")
        if self.workload_unit == self.WorkloadUnit.PERCENT and not (
            1 <= (self.workload_value or 0) <= 100
        ):
            errors["workload_value"] = _("A percentage of full time is between 1 and 100.")
        if self.apply_method == self.ApplyMethod.EMAIL and not self.apply_email:
            errors["apply_email"] = _("Give the e-mail address applications go to.")
        if self.apply_method == self.ApplyMethod.WEB and not self.apply_url:
            errors["apply_url"] = _("Give the web address where people apply.")
        if errors:
            raise ValidationError(errors)

    # What the pages show -------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PUBLISHED and (
            self.deadline is None or self.deadline > timezone.now()
        )

    @property
    def is_relayed(self) -> bool:
        return bool(self.organisation_name)

    @property
    def publisher_name(self) -> str:
        return self.organisation_name or str(
            getattr(settings, "ORGANISATION_NAME", "") or _("our section")
        )

    @property
    def applies_through_portal(self) -> bool:
        return self.apply_method == self.ApplyMethod.PORTAL

    @property
    def requires_cv(self) -> bool:
        """Volunteers tell us about themselves in their letter; jobs and postings need a CV."""
        return self.kind in {self.Kind.PAID_JOB, self.Kind.INTERNSHIP, self.Kind.COOPERATION}

    @property
    def local_deadline(self) -> datetime.datetime | None:
        return self.deadline.astimezone(BRUSSELS) if self.deadline else None

    def days_left(self, now: datetime.datetime | None = None) -> int | None:
        """Whole days from today to the deadline's day, both in Brussels time."""
        if self.deadline is None:
            return None
        now = now or timezone.now()
        return (self.deadline.astimezone(BRUSSELS).date() - now.astimezone(BRUSSELS).date()).days

    def start_display(self) -> str:
        if self.start_kind == self.StartKind.ASAP or not self.start_date:
            return str(_("As soon as possible"))
        if self.start_kind == self.StartKind.MONTH:
            return date_format(self.start_date, "YEAR_MONTH_FORMAT")
        return date_format(self.start_date, "DATE_FORMAT")

    def duration_display(self) -> str:
        if not self.duration_months:
            return str(_("Open-ended"))
        if self.duration_months % 12 == 0:
            years = self.duration_months // 12
            return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
        return ngettext("%(count)d month", "%(count)d months", self.duration_months) % {
            "count": self.duration_months
        }

    def workload_display(self) -> str:
        if self.workload_unit == self.WorkloadUnit.AS_AVAILABLE:
            return gettext("As available")
        if not self.workload_unit or self.workload_value is None:
            return ""
        if self.workload_unit == self.WorkloadUnit.PERCENT:
            return pgettext("workload", "%(value)d %% of full time") % {
                "value": self.workload_value
            }
        return ngettext("%(value)d hour a week", "%(value)d hours a week", self.workload_value) % {
            "value": self.workload_value
        }

    def salary_display(self) -> str:
        """ "de 3 600 € à 4 100 € par mois" / "€3,600 to €4,100 per month" (config/l10n.py)."""

        def amount(value):
            return money(value, self.salary_currency)

        if self.salary_min is None and self.salary_max is None:
            return ""
        period = self.get_salary_period_display() if self.salary_period else ""
        if self.salary_min is not None and self.salary_max is not None:
            text = _("%(low)s to %(high)s") % {
                "low": amount(self.salary_min),
                "high": amount(self.salary_max),
            }
        else:
            value = self.salary_min if self.salary_min is not None else self.salary_max
            text = amount(value)
        return f"{text} {period}".strip()

    def language_requirements(self) -> list["LanguageRequirement"]:
        """What the vacancy asks in languages: each single language, then each "one of" group.

        Reads ``self.languages.all()`` (prefetched by the pages). Languages that are only an
        asset are not requirements: see ``language_assets``.
        """
        singles, groups = [], {}
        for wanted in sorted(self.languages.all(), key=_language_order):
            if not wanted.required:
                continue
            if wanted.group is None:
                singles.append(LanguageRequirement((wanted,)))
            else:
                groups.setdefault(wanted.group, []).append(wanted)
        return singles + [LanguageRequirement(tuple(groups[key])) for key in sorted(groups)]

    def language_assets(self) -> list["VacancyLanguage"]:
        return sorted((w for w in self.languages.all() if not w.required), key=_language_order)

    def language_requirements_display(self) -> str:
        """ "English (C1), and French or Spanish (B2)": as a posting writes it."""
        return join_requirements(self.language_requirements())

    def employment_type(self) -> str:
        """schema.org's employmentType."""
        if self.kind == self.Kind.INTERNSHIP:
            return "INTERN"
        if self.kind in {self.Kind.VOLUNTEER, self.Kind.COORDINATION, self.Kind.COOPERATION}:
            return "VOLUNTEER"
        if self.workload_unit == self.WorkloadUnit.PERCENT and (self.workload_value or 0) < 100:
            return "PART_TIME"
        return "FULL_TIME"


def _language_order(wanted) -> tuple:
    return (LANGUAGE_RANK.get(wanted.language, len(LANGUAGE_RANK)), wanted.language)


@dataclass(frozen=True)
class LanguageRequirement:
    """One language requirement: a single language, or one of several ("French or Spanish"),
    each with its level. The application form and the service check it through ``met_by``."""

    alternatives: tuple

    @property
    def is_group(self) -> bool:
        return len(self.alternatives) > 1

    def met_by(self, levels: dict[str, str]) -> bool:
        """Whether the applicant's levels (language code → CEFR level) meet it."""
        return any(
            level_reaches(levels.get(wanted.language) or "", wanted.level)
            for wanted in self.alternatives
        )

    def display(self, *, minimum: bool = False) -> str:
        """ "French or Spanish (B2)", "French (C1) or Spanish (B2)"; with ``minimum``,
        "French or Spanish (at least B2)"."""

        def level(code: str) -> str:
            return gettext("at least %(level)s") % {"level": code} if minimum else code

        levels = {wanted.level for wanted in self.alternatives}
        if len(levels) == 1:
            names = [str(wanted.get_language_display()) for wanted in self.alternatives]
            return f"{get_text_list(names, gettext('or'))} ({level(levels.pop())})"
        return get_text_list(
            [
                f"{wanted.get_language_display()} ({level(wanted.level)})"
                for wanted in self.alternatives
            ],
            gettext("or"),
        )

    def __str__(self):
        return self.display()


def join_requirements(requirements: list[LanguageRequirement], *, minimum: bool = False) -> str:
    """All the requirements in one phrase; a comma before the last "and" when a group makes
    the phrase ambiguous ("English (C1), and French or Spanish (B2)")."""
    parts = [requirement.display(minimum=minimum) for requirement in requirements]
    if len(parts) < 2:
        return "".join(parts)
    if any(requirement.is_group for requirement in requirements):
        return gettext("%(list)s, and %(last)s") % {
            "list": ", ".join(parts[:-1]),
            "last": parts[-1],
        }
    return get_text_list(parts, gettext("and"))


class VacancyLanguage(models.Model):
    """A language the vacancy asks for, with the level (CEFR).

    Required rows that share a ``group`` number are alternatives: the applicant needs one of
    them ("French or Spanish"), each at its own level. A required row without a group is needed
    on its own; a row that is not required is an asset.
    """

    vacancy = models.ForeignKey(
        Vacancy, verbose_name=_("vacancy"), on_delete=models.CASCADE, related_name="languages"
    )
    language = models.CharField(
        _("language"), max_length=8, choices=WORKING_LANGUAGES, db_index=True
    )
    level = models.CharField(_("level"), max_length=2, choices=CEFR_LEVELS)
    required = models.BooleanField(_("required"), default=True)
    group = models.PositiveSmallIntegerField(
        _("“one of” group"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Give the same number to required languages of which one is enough (e.g. 1 for "
            "French and 1 for Spanish: “French or Spanish”). Empty: needed on its own."
        ),
    )

    class Meta:
        verbose_name = _("language asked for")
        verbose_name_plural = _("languages asked for")
        ordering = ["-required", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy", "language"], name="one_level_per_vacancy_language"
            ),
            models.CheckConstraint(
                condition=Q(group__isnull=True) | Q(required=True, group__gte=1),
                name="vacancy_language_group_is_required",
                violation_error_message=_("Only a required language belongs to a “one of” group."),
            ),
        ]

    def __str__(self):
        return f"{self.get_language_display()} {self.level}"

    def clean(self):
        if self.group is not None and not self.required:
            raise ValidationError(
                {"group": _("Only a required language belongs to a “one of” group.")}
            )


class WorkloadShare(models.Model):
    """Part of the workload given to one programme (e.g. 80 % defenders, 20 % EU advocacy)."""

    vacancy = models.ForeignKey(
        Vacancy, verbose_name=_("vacancy"), on_delete=models.CASCADE, related_name="workload_shares"
    )
    programme = models.CharField(_("programme"), max_length=200)
    percent = models.PositiveSmallIntegerField(
        _("share (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("share of the workload")
        verbose_name_plural = _("split of the workload")
        ordering = ["order", "-percent"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=1, percent__lte=100), name="workload_share_percent"
            )
        ]

    def __str__(self):
        return f"{self.programme} ({self.percent} %)"


class PartnerOrganisation(models.Model):
    """An organisation the person will work with (for postings abroad especially)."""

    vacancy = models.ForeignKey(
        Vacancy, verbose_name=_("vacancy"), on_delete=models.CASCADE, related_name="partners"
    )
    name = models.CharField(_("name"), max_length=200)
    website = models.URLField(_("website"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class EligibilityCondition(models.Model):
    """A condition every applicant must confirm (e.g. citizenship or permanent residence)."""

    vacancy = models.ForeignKey(
        Vacancy,
        verbose_name=_("vacancy"),
        on_delete=models.CASCADE,
        related_name="eligibility_conditions",
    )
    text = models.CharField(_("condition"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("eligibility condition")
        verbose_name_plural = _("eligibility conditions")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class ApplicationQuerySet(models.QuerySet):
    def in_progress(self):
        return self.filter(status__in=Application.OPEN_STATUSES)


class Application(DatesWithinRange, models.Model):
    """One person's application to one vacancy, and where it stands in the pipeline."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        INTERVIEW = "interview", _("Interview")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATUSES = (Status.SUBMITTED, Status.IN_REVIEW, Status.INTERVIEW)

    vacancy = models.ForeignKey(
        Vacancy, verbose_name=_("vacancy"), on_delete=models.PROTECT, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.CASCADE,
        related_name="vacancy_applications",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    motivation = models.TextField(_("motivation letter"))
    cv = models.FileField(
        _("CV"), storage=private_storage, upload_to=cv_upload_to, blank=True, max_length=200
    )
    cv_name = models.CharField(
        _("CV's file name"), max_length=200, blank=True, help_text=_("As the applicant sent it.")
    )
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours available a week"), null=True, blank=True
    )
    can_travel = models.BooleanField(_("able to travel"), default=False)
    commitment_confirmed = models.BooleanField(_("minimum commitment confirmed"), default=False)
    confirmed_conditions = models.ManyToManyField(
        EligibilityCondition,
        verbose_name=_("eligibility conditions confirmed"),
        blank=True,
        related_name="confirmations",
    )
    consent_given_at = models.DateTimeField(_("consent given"))
    privacy_version = models.CharField(_("privacy text version"), max_length=32)
    decline_reason = models.ForeignKey(
        DeclineReason,
        verbose_name=_("reason for declining"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    start_date = models.DateField(_("starts on"), null=True, blank=True)
    mandate = models.OneToOneField(
        "coordinations.Mandate",
        verbose_name=_("mandate"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="application",
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["vacancy", "status"], name="application_vacancy_status"),
            models.Index(fields=["applicant", "status"], name="application_applicant_status"),
            models.Index(fields=["status", "submitted_at"], name="application_status_date"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy", "applicant"],
                name="one_application_per_person_and_vacancy",
                violation_error_message=_("You have already applied to this vacancy."),
            ),
            models.CheckConstraint(
                condition=~Q(privacy_version=""), name="application_records_privacy_version"
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | Q(decline_reason__isnull=False),
                name="declined_application_has_a_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(start_date__isnull=False),
                name="accepted_application_has_a_start_date",
            ),
        ]

    def __str__(self):
        return f"{self.applicant} → {self.vacancy}"

    def get_absolute_url(self):
        return reverse("recruitment:application_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class ApplicationTally(models.Model):
    """How many applications were submitted on a day (in Brussels) and stand at a status now.

    Kept in step by the database itself: triggers on the applications' table add and take away
    on every insert, change of status or date, and deletion, whatever makes it (a form, the
    admin, a bulk update, raw SQL, a COPY). See recruitment/tally.py. The dashboard counts the
    applications of a period from these few hundred rows instead of the millions of applications
    a movement keeps over the years. The portal's code never writes it.
    """

    # The day of an application is its date in this time zone (the dashboard's periods').
    ZONE = "Europe/Brussels"

    day = models.DateField(_("day of submission"))
    status = models.CharField(_("status"), max_length=16, choices=Application.Status.choices)
    count = models.IntegerField(_("applications"), default=0)

    class Meta:
        verbose_name = _("application count")
        verbose_name_plural = _("application counts")
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(fields=["day", "status"], name="one_tally_per_day_and_status")
        ]

    def __str__(self):
        return f"{self.day} {self.status}: {self.count}"


class CompetencyRating(models.Model):
    """How the applicant rates themselves on one competency the vacancy seeks (1 to 4)."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="competency_ratings",
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("self-rating"), choices=SELF_RATING_CHOICES)

    class Meta:
        verbose_name = _("self-rating")
        verbose_name_plural = _("self-ratings")
        ordering = ["competency__order", "competency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "competency"], name="one_rating_per_competency"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=4), name="self_rating_from_1_to_4"
            ),
        ]

    def __str__(self):
        return f"{self.competency}: {self.level}"


class ApplicationLanguage(models.Model):
    """A language the applicant speaks, with their level (CEFR)."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="languages",
    )
    language = models.CharField(_("language"), max_length=8, choices=WORKING_LANGUAGES)
    level = models.CharField(_("level"), max_length=2, choices=CEFR_LEVELS)

    class Meta:
        verbose_name = _("applicant's language")
        verbose_name_plural = _("applicant's languages")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "language"], name="one_level_per_application_language"
            )
        ]

    def __str__(self):
        return f"{self.get_language_display()} {self.level}"


class ApplicationEvent(DatesWithinRange, models.Model):
    """One move of an application in the pipeline: from, to, who, when, and why.

    ``note`` is internal; ``message`` is what the applicant was told (shown in their history).
    """

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(
        _("from"), max_length=16, choices=Application.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=16, choices=Application.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("internal note"), blank=True)
    message = models.TextField(_("message sent to the applicant"), blank=True)

    class Meta:
        verbose_name = _("pipeline move")
        verbose_name_plural = _("pipeline moves")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["application", "created_at"], name="application_event_date")
        ]

    def __str__(self):
        # The labels, as staff read them in the admin's history of an application.
        return f"{self.get_from_status_display() or '–'} → {self.get_to_status_display()}"


class ApplicationNote(DatesWithinRange, models.Model):
    """Staff's internal note on an application, with an optional rating: never shown to the applicant."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    body = models.TextField(_("note"))
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        choices=[(n, str(n)) for n in range(1, 6)],
        help_text=_("From 1 (weak) to 5 (excellent)."),
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="note_rating_from_1_to_5",
            )
        ]

    def __str__(self):
        return self.body[:60]


class Interview(DatesWithinRange, models.Model):
    """An interview with an applicant: when, where (a place or a video link), with whom."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="interviews",
    )
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("interviewers"),
        limit_choices_to={"is_staff": True},
        related_name="interviews_held",
    )
    # The calendar event's identity: every update of the invitation keeps the UID and raises
    # the SEQUENCE, so that the candidate's calendar replaces the event instead of adding one.
    uid = models.UUIDField(_("calendar identifier"), default=uuid.uuid4, unique=True)
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scheduled by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("scheduled"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="interview_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(video_url=""), name="interview_has_a_place_or_link"
            ),
        ]

    def __str__(self):
        return f"{self.application} – {self.starts_at:%d/%m/%Y %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def interviewer_first_names(self) -> list[str]:
        """What the candidate is told of the interviewers: first names, nothing more."""
        names = [person.first_name for person in self.interviewers.all() if person.first_name]
        return sorted_by_name(names)  # "Émilie" with the E's

    @property
    def safe_video_url(self) -> str:
        """The video link, if it is one a browser may follow (http or https only): the admin
        or an old row might hold another scheme, which the page must not make clickable."""
        url = self.video_url.strip()
        return url if url.lower().startswith(("https://", "http://")) else ""


class InterestRegistration(DatesWithinRange, models.Model):
    """A person who wants to hear when a vacancy opens for a coordination, a country or a theme."""

    class Kind(models.TextChoices):
        COORDINATION = "coordination", _("A coordination")
        COUNTRY = "country", _("A country")
        THEME = "theme", _("A theme")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="vacancy_interests",
    )
    kind = models.CharField(_("interested in"), max_length=16, choices=Kind.choices)
    coordination = models.ForeignKey(
        Coordination,
        verbose_name=_("coordination"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interest_registrations",
    )
    country = CountryField(_("country"), blank=True, db_index=True)
    theme = models.CharField(_("theme"), max_length=150, blank=True, db_index=True)
    consent_given_at = models.DateTimeField(_("consent given"))
    privacy_version = models.CharField(_("privacy text version"), max_length=32)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration of interest")
        verbose_name_plural = _("registrations of interest")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="coordination", coordination__isnull=False, country="", theme="")
                | Q(kind="country", coordination__isnull=True, theme="") & ~Q(country="")
                | Q(kind="theme", coordination__isnull=True, country="") & ~Q(theme=""),
                name="interest_names_exactly_its_subject",
            ),
            models.CheckConstraint(
                condition=~Q(privacy_version=""), name="interest_records_privacy_version"
            ),
            models.UniqueConstraint(
                fields=["person", "coordination"],
                condition=Q(kind="coordination"),
                name="one_interest_per_person_and_coordination",
            ),
            models.UniqueConstraint(
                fields=["person", "country"],
                condition=Q(kind="country"),
                name="one_interest_per_person_and_country",
            ),
            models.UniqueConstraint(
                fields=["person", "theme"],
                condition=Q(kind="theme"),
                name="one_interest_per_person_and_theme",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.subject_display()}"

    def subject_display(self) -> str:
        if self.kind == self.Kind.COORDINATION:
            return str(self.coordination)
        if self.kind == self.Kind.COUNTRY:
            return str(self.country.name)
        return self.theme


class InterestNotification(models.Model):
    """A person was told about a vacancy: recorded so that nobody is told twice."""

    registration = models.ForeignKey(
        InterestRegistration,
        verbose_name=_("registration of interest"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    vacancy = models.ForeignKey(
        Vacancy, verbose_name=_("vacancy"), on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("vacancy announcement")
        verbose_name_plural = _("vacancy announcements")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "vacancy"], name="one_announcement_per_registration"
            )
        ]

    def __str__(self):
        return f"{self.registration} – {self.vacancy}"
