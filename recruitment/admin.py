from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from recruitment import pipeline, services
from recruitment.models import (
    Application,
    ApplicationEvent,
    ApplicationLanguage,
    ApplicationNote,
    Competency,
    CompetencyRating,
    DeclineReason,
    EligibilityCondition,
    InterestRegistration,
    Interview,
    PartnerOrganisation,
    Vacancy,
    VacancyLanguage,
    WorkloadShare,
)


def _report(modeladmin, request, done: int, failures: list[str]) -> None:
    if done:
        modeladmin.message_user(
            request,
            ngettext("%(count)d item updated.", "%(count)d items updated.", done) % {"count": done},
            messages.SUCCESS,
        )
    for failure in failures:
        modeladmin.message_user(request, failure, messages.ERROR)


class VacancyLanguageInline(admin.TabularInline):
    """The languages asked for; rows sharing a "one of" group number are alternatives."""

    model = VacancyLanguage
    fields = ["language", "level", "required", "group"]
    extra = 0


class WorkloadShareInline(admin.TabularInline):
    model = WorkloadShare
    extra = 0


class PartnerInline(admin.TabularInline):
    model = PartnerOrganisation
    extra = 0


class EligibilityInline(admin.TabularInline):
    model = EligibilityCondition
    extra = 0


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "coordination", "deadline", "published_at"]
    list_filter = ["status", "kind", "apply_method", "country", "remote_possible"]
    search_fields = ["title", "summary", "organisation_name", "city", "coordination__name"]
    list_select_related = ["coordination"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["coordination", "contact_person"]
    filter_horizontal = ["competencies"]
    date_hierarchy = "published_at"
    readonly_fields = ["status", "published_at", "pipeline_link", "created_at", "updated_at"]
    inlines = [VacancyLanguageInline, WorkloadShareInline, PartnerInline, EligibilityInline]
    actions = ["publish_selected", "close_selected"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kind",
                    "coordination",
                    "title",
                    "slug",
                    "summary",
                    "status",
                    "published_at",
                    "deadline",
                    "pipeline_link",
                ]
            },
        ),
        (_("Publishing organisation"), {"fields": ["organisation_name", "organisation_url"]}),
        (
            _("Sections"),
            {"fields": ["context", "responsibilities", "profile", "offer", "how_to_apply"]},
        ),
        (
            _("Place and time"),
            {
                "fields": [
                    "city",
                    "country",
                    "remote_possible",
                    "start_kind",
                    "start_date",
                    "duration_months",
                    "minimum_commitment_months",
                    "positions",
                ]
            },
        ),
        (
            _("Workload and pay"),
            {
                "fields": [
                    "workload_unit",
                    "workload_value",
                    "salary_min",
                    "salary_max",
                    "salary_currency",
                    "salary_period",
                    "salary_note",
                    "allowance",
                ]
            },
        ),
        (
            _("Applying"),
            {
                "fields": [
                    "competencies",
                    "contact_person",
                    "apply_method",
                    "apply_email",
                    "apply_email_subject",
                    "apply_url",
                ]
            },
        ),
        (_("Internal"), {"fields": ["internal_note", "created_at", "updated_at"]}),
    ]

    @admin.display(description=_("pipeline"))
    def pipeline_link(self, obj):
        if not obj.pk:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("recruitment:pipeline_vacancy", kwargs={"slug": obj.slug}),
            _("Open the pipeline"),
        )

    @admin.action(description=_("Publish the selected vacancies"), permissions=["change"])
    def publish_selected(self, request, queryset):
        done, failures = 0, []
        for vacancy in queryset:
            try:
                services.vacancy_publish(vacancy=vacancy)
                done += 1
            except ValidationError as error:
                failures.append(f"{vacancy}: {' '.join(error.messages)}")
        _report(self, request, done, failures)

    @admin.action(description=_("Close the selected vacancies"), permissions=["change"])
    def close_selected(self, request, queryset):
        done, failures = 0, []
        for vacancy in queryset:
            try:
                services.vacancy_close(vacancy=vacancy)
                done += 1
            except ValidationError as error:
                failures.append(f"{vacancy}: {' '.join(error.messages)}")
        _report(self, request, done, failures)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyInline):
    model = ApplicationEvent
    fields = ["created_at", "from_status", "to_status", "actor", "note", "message"]


class RatingInline(ReadOnlyInline):
    model = CompetencyRating
    fields = ["competency", "level"]


class LanguageInline(ReadOnlyInline):
    model = ApplicationLanguage
    fields = ["language", "level"]


class NoteInline(admin.StackedInline):
    model = ApplicationNote
    extra = 0
    fields = ["body", "rating", "author", "created_at"]
    readonly_fields = ["author", "created_at"]


class DeclineActionForm(forms.Form):
    reason = forms.ModelChoiceField(
        label=_("Reason"), queryset=DeclineReason.objects.filter(is_active=True)
    )


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["applicant", "vacancy", "status", "submitted_at"]
    list_filter = ["status", "vacancy__kind", ("vacancy", admin.RelatedOnlyFieldListFilter)]
    search_fields = [
        "applicant__email",
        "applicant__first_name",
        "applicant__last_name",
        "vacancy__title",
    ]
    list_select_related = ["applicant", "vacancy"]
    date_hierarchy = "submitted_at"
    # Moves go through the pipeline's services (the actions below or the pipeline pages).
    readonly_fields = [
        "vacancy",
        "applicant",
        "status",
        "cv_link",
        "hours_per_week",
        "can_travel",
        "commitment_confirmed",
        "consent_given_at",
        "privacy_version",
        "decline_reason",
        "start_date",
        "mandate",
        "submitted_at",
        "pipeline_link",
    ]
    fields = ["pipeline_link", *readonly_fields[:-1], "motivation"]
    inlines = [RatingInline, LanguageInline, EventInline, NoteInline]
    actions = ["move_to_review", "decline_selected"]

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "motivation"]

    @admin.display(description=_("CV"))
    def cv_link(self, obj):
        if not obj.cv:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("recruitment:application_cv", kwargs={"pk": obj.pk}),
            obj.cv_name or _("Download"),
        )

    @admin.display(description=_("pipeline"))
    def pipeline_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("recruitment:pipeline_application", kwargs={"pk": obj.pk}),
            _("Open in the pipeline"),
        )

    def save_formset(self, request, form, formset, change):
        # Notes written in the admin are signed by whoever writes them.
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, ApplicationNote) and not instance.author_id:
                instance.author = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    @admin.action(description=_("Move the selected applications to review"), permissions=["change"])
    def move_to_review(self, request, queryset):
        done, failures = 0, []
        for application in queryset:
            try:
                pipeline.application_move(
                    application=application,
                    to_status=Application.Status.IN_REVIEW,
                    actor=request.user,
                )
                done += 1
            except ValidationError as error:
                failures.append(f"{application}: {' '.join(error.messages)}")
        _report(self, request, done, failures)

    @admin.action(description=_("Decline the selected applications…"), permissions=["change"])
    def decline_selected(self, request, queryset):
        form = DeclineActionForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            done, failures = 0, []
            for application in queryset:
                try:
                    pipeline.application_decline(
                        application=application,
                        actor=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                    done += 1
                except ValidationError as error:
                    failures.append(f"{application}: {' '.join(error.messages)}")
            _report(self, request, done, failures)
            return None
        return TemplateResponse(
            request,
            "admin/recruitment/application/decline_selected.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Decline the selected applications"),
                "form": form,
                "applications": queryset.select_related("applicant", "vacancy"),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["application", "starts_at", "place", "cancelled_at"]
    list_select_related = ["application__applicant", "application__vacancy"]
    date_hierarchy = "starts_at"
    search_fields = ["application__applicant__email", "application__vacancy__title"]
    # Moving or cancelling an interview is done from the pipeline, which tells the candidate
    # and updates their calendar; the admin shows where the calendar event stands.
    readonly_fields = [
        "uid",
        "sequence",
        "created_by",
        "created_at",
        "cancelled_at",
        "cancelled_by",
    ]
    filter_horizontal = ["interviewers"]


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "for_coordinations", "order"]
    list_filter = ["for_coordinations"]
    search_fields = ["name", "name_en", "code"]


@admin.register(DeclineReason)
class DeclineReasonAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "is_active", "order"]
    list_filter = ["is_active"]
    search_fields = ["name", "name_en", "message"]


@admin.register(InterestRegistration)
class InterestRegistrationAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "coordination", "country", "theme", "created_at"]
    list_filter = ["kind", ("coordination", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["person__email", "person__last_name", "theme", "coordination__name"]
    list_select_related = ["person", "coordination"]
    readonly_fields = ["consent_given_at", "privacy_version", "created_at"]
