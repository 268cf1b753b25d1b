from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries as all_countries

from coordinations import selectors, services
from coordinations.forms import MandateEndForm, MandateForm, MandateHandOverForm
from coordinations.models import (
    WORKING_LANGUAGES,
    Activity,
    Coordination,
    HandoverNote,
    Mandate,
    MandateRequest,
    OnboardingProgress,
    OnboardingStep,
    Responsibility,
)
from coordinations.selectors import without_accents

# "Ending soon" in the admin filters: the secretariat looks three months ahead.
ENDING_SOON_DAYS = 90


# Filters -------------------------------------------------------------------------------------


class VacancyFilter(admin.SimpleListFilter):
    """Vacant or filled, from the selector's ``is_vacant`` annotation (one query)."""

    title = _("vacancy")
    parameter_name = "vacant"

    def lookups(self, request, model_admin):
        return [("yes", _("Vacant")), ("no", _("Filled"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(is_vacant=True)
        if self.value() == "no":
            return queryset.filter(is_vacant=False)
        return queryset


def _commitment_lookups():
    return [
        ("ending", _("Ending within 90 days")),
        ("past", _("Past the end of the commitment, still active")),
    ]


def _mandates_due(value: str):
    if value == "ending":
        return selectors.mandates_ending_within(ENDING_SOON_DAYS)
    if value == "past":
        return selectors.mandates_past_their_end()
    return None


class CommitmentFilter(admin.SimpleListFilter):
    """Mandates that need a decision soon, or that are overdue."""

    title = _("commitment")
    parameter_name = "commitment"

    def lookups(self, request, model_admin):
        return _commitment_lookups()

    def queryset(self, request, queryset):
        due = _mandates_due(self.value())
        return queryset if due is None else queryset.filter(pk__in=due.values("pk"))


class LeadCommitmentFilter(CommitmentFilter):
    """Coordinations whose coordinator's mandate ends soon, or is past its end."""

    title = _("coordinator's commitment")

    def queryset(self, request, queryset):
        due = _mandates_due(self.value())
        if due is None:
            return queryset
        return queryset.filter(Exists(due.leads().filter(coordination=OuterRef("pk"))))


# Coordinations -------------------------------------------------------------------------------


class CoordinationAdminForm(forms.ModelForm):
    working_languages = forms.MultipleChoiceField(
        label=_("working languages"),
        choices=WORKING_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Coordination
        fields = [
            "name",
            "slug",
            "kind",
            "countries",
            "theme",
            "summary",
            "description",
            "working_languages",
            "is_recruiting",
            "represents_on_platforms",
            "secretariat_contact",
            "is_active",
            # Co-coordinators are decided here (a maximum), never the accident of two vacancies.
            "max_leads",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The coordination's contact comes from the secretariat's directory (liaison): staff
        # who hold an entry there, and whoever is the contact now.
        from liaison.selectors import directory_users

        field = self.fields.get("secretariat_contact")
        if field is not None:
            current = self.instance.secretariat_contact_id if self.instance.pk else None
            users = directory_users()
            if current:
                users = (users | field.queryset.filter(pk=current)).distinct()
            field.queryset = users
            field.help_text = _("A staff member listed in the secretariat's directory.")


class HandoverNoteInline(admin.StackedInline):
    model = HandoverNote
    extra = 0
    fields = ["topic", "title", "body", "link", "author"]
    readonly_fields = ["author"]


@admin.register(Coordination)
class CoordinationAdmin(admin.ModelAdmin):
    form = CoordinationAdminForm
    list_display = [
        "name",
        "kind",
        "vacant",
        "is_recruiting",
        "secretariat_contact",
        "is_active",
    ]
    list_filter = [
        "kind",
        VacancyFilter,
        LeadCommitmentFilter,
        "is_recruiting",
        "is_active",
        "represents_on_platforms",
    ]
    list_select_related = ["secretariat_contact"]
    search_fields = ["name", "theme", "slug"]
    search_help_text = _("Name, theme or country (in full, e.g. Mexique, or its code, MX).")
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["secretariat_contact"]
    inlines = [HandoverNoteInline]

    def get_queryset(self, request):
        return selectors.coordinations_with_vacancy()

    @admin.display(boolean=True, description=_("vacant"), ordering="is_vacant")
    def vacant(self, obj):
        return obj.is_vacant

    def get_search_results(self, request, queryset, search_term):
        # Countries are stored as codes ("BI,CD,RW"): a search by name looks the codes up first.
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = without_accents(search_term.strip())
        if not term:
            return results, may_have_duplicates
        codes = {code for code, name in all_countries if term in without_accents(str(name))}
        if len(term) == 2:
            codes.add(term.upper())
        if codes:
            by_country = Q()
            for code in codes:
                by_country |= Q(countries__contains=code)
            results = results | queryset.filter(by_country)
        return results, may_have_duplicates

    def save_formset(self, request, form, formset, change):
        if formset.model is HandoverNote:
            for note in formset.save(commit=False):
                note.author = request.user
                note.save()
            for note in formset.deleted_objects:
                note.delete()
        else:
            super().save_formset(request, form, formset, change)


# Mandates ------------------------------------------------------------------------------------


class OnboardingProgressInline(admin.TabularInline):
    """The support team ticks the onboarding here; the tick records who did it."""

    model = OnboardingProgress
    extra = 0
    fields = ["step", "done_on", "note", "ticked_by"]
    readonly_fields = ["ticked_by"]


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    fields = ["date", "kind", "note"]


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin):
    form = MandateForm
    list_display = ["coordination", "volunteer", "role", "end_date", "status", "phase"]
    list_filter = ["status", "role", CommitmentFilter, "coordination__kind", "end_kind"]
    search_fields = [
        "coordination__name",
        "volunteer__email",
        "volunteer__first_name",
        "volunteer__last_name",
    ]
    list_select_related = ["coordination", "volunteer"]
    autocomplete_fields = ["volunteer", "coordination"]
    readonly_fields = [
        "end_date",
        "status",
        "ended_on",
        "end_kind",
        "end_reason",
        "renews",
        "onboarding_link",
    ]
    inlines = [OnboardingProgressInline, ActivityInline]
    actions = ["end_mandates", "renew_mandates", "hand_over_mandate"]

    @admin.display(description=_("today"))
    def phase(self, obj):
        """Upcoming, in office, ending soon, overdue or ended: where the mandate is in time."""
        return Mandate.Phase(obj.phase_on()).label

    @admin.display(description=_("onboarding"))
    def onboarding_link(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("coordinations:onboarding", args=[obj.pk]),
            _("checklist"),
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is OnboardingProgress:
            for progress in formset.save(commit=False):
                progress.ticked_by = request.user
                progress.save()
            for progress in formset.deleted_objects:
                progress.delete()
        else:
            super().save_formset(request, form, formset, change)

    def _intermediate_page(self, request, template, queryset, form, title, action):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "mandates": queryset,
            "opts": self.model._meta,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, f"admin/coordinations/mandate/{template}", context)

    @admin.action(description=_("End the selected mandates…"), permissions=["change"])
    def end_mandates(self, request, queryset):
        queryset = queryset.select_related("coordination", "volunteer")
        form = MandateEndForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            ended = 0
            for mandate in queryset:
                try:
                    services.mandate_end(
                        mandate=mandate,
                        ended_on=form.cleaned_data["ended_on"],
                        end_kind=form.cleaned_data["end_kind"],
                        reason=form.cleaned_data["reason"],
                    )
                except ValidationError as error:
                    self.message_user(request, f"{mandate}: {_error_text(error)}", messages.ERROR)
                else:
                    ended += 1
            if ended:
                self.message_user(
                    request,
                    ngettext("%(count)d mandate ended.", "%(count)d mandates ended.", ended)
                    % {"count": ended},
                    messages.SUCCESS,
                )
            return None
        return self._intermediate_page(
            request, "end_mandates.html", queryset, form, _("End mandates"), "end_mandates"
        )

    @admin.action(
        description=_("Renew the selected mandates for 24 months"), permissions=["change"]
    )
    def renew_mandates(self, request, queryset):
        renewed = 0
        for mandate in queryset.select_related("coordination", "volunteer"):
            try:
                services.mandate_renew(mandate=mandate)
            except ValidationError as error:
                self.message_user(request, f"{mandate}: {_error_text(error)}", messages.ERROR)
            else:
                renewed += 1
        if renewed:
            self.message_user(
                request,
                ngettext("%(count)d mandate renewed.", "%(count)d mandates renewed.", renewed)
                % {"count": renewed},
                messages.SUCCESS,
            )

    @admin.action(description=_("Hand over the selected mandate…"), permissions=["change"])
    def hand_over_mandate(self, request, queryset):
        mandates = list(queryset.select_related("coordination", "volunteer")[:2])
        if len(mandates) != 1:
            self.message_user(
                request, _("Choose exactly one mandate to hand over."), messages.ERROR
            )
            return None
        mandate = mandates[0]
        form = MandateHandOverForm(
            request.POST if "apply" in request.POST else None,
            successor_widget=AutocompleteSelect(
                Mandate._meta.get_field("volunteer"), self.admin_site
            ),
        )
        if form.is_valid():
            try:
                successor = services.mandate_hand_over(
                    mandate=mandate,
                    successor=form.cleaned_data["successor"],
                    last_day=form.cleaned_data["last_day"],
                    commitment_months=form.cleaned_data["commitment_months"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                # Nothing was changed (one transaction): say why and show the form again.
                self.message_user(request, _error_text(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(coordination)s is handed over to %(name)s from %(date)s.")
                    % {
                        "coordination": mandate.coordination,
                        "name": successor.volunteer.get_full_name(),
                        "date": successor.start_date.strftime("%d/%m/%Y"),
                    },
                    messages.SUCCESS,
                )
                return None
        return self._intermediate_page(
            request,
            "hand_over.html",
            [mandate],
            form,
            _("Hand over a mandate"),
            "hand_over_mandate",
        )


# Catalogues and the rest ---------------------------------------------------------------------


@admin.register(Responsibility)
class ResponsibilityAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "kind", "order"]
    list_editable = ["order"]
    list_filter = ["kind"]
    search_fields = ["name", "name_en", "code"]


@admin.register(OnboardingStep)
class OnboardingStepAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "order"]
    list_editable = ["order"]
    search_fields = ["name", "name_en", "code"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["mandate", "kind", "date", "note"]
    list_filter = ["kind", "mandate__coordination__kind"]
    search_fields = ["note", "mandate__coordination__name", "mandate__volunteer__last_name"]
    list_select_related = ["mandate__coordination", "mandate__volunteer"]
    date_hierarchy = "date"
    raw_id_fields = ["mandate"]


@admin.register(HandoverNote)
class HandoverNoteAdmin(admin.ModelAdmin):
    list_display = ["title", "coordination", "topic", "author", "updated_at"]
    list_filter = ["topic"]
    search_fields = ["title", "body", "coordination__name"]
    list_select_related = ["coordination", "author"]
    readonly_fields = ["author"]

    def save_model(self, request, obj, form, change):
        obj.author = request.user
        super().save_model(request, obj, form, change)


class HandledFilter(admin.SimpleListFilter):
    title = _("handled")
    parameter_name = "handled"

    def lookups(self, request, model_admin):
        return [("no", _("Waiting")), ("yes", _("Handled"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(handled_at__isnull=self.value() == "no")
        return queryset


@admin.register(MandateRequest)
class MandateRequestAdmin(admin.ModelAdmin):
    list_display = ["mandate", "kind", "created_at", "handled_at"]
    list_filter = ["kind", HandledFilter]
    list_select_related = ["mandate__coordination", "mandate__volunteer"]
    raw_id_fields = ["mandate"]
    actions = ["mark_handled"]

    @admin.action(description=_("Mark as handled"), permissions=["change"])
    def mark_handled(self, request, queryset):
        count = queryset.filter(handled_at__isnull=True).update(handled_at=timezone.now())
        self.message_user(
            request,
            ngettext(
                "%(count)d request marked as handled.",
                "%(count)d requests marked as handled.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
