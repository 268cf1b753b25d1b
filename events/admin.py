from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events import services
from events.models import (
    Event,
    Participation,
    Shift,
    Training,
    TrainingCompletion,
    VolunteerTime,
)


class ShiftInline(admin.TabularInline):
    model = Shift
    extra = 0
    fields = ["role", "role_en", "starts_at", "ends_at", "capacity"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "organiser", "status", "capacity"]
    list_filter = ["kind", "status", "audience", "organiser", "starts_at"]
    search_fields = ["title", "title_en", "slug", "venue"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["coordination", "group"]
    raw_id_fields = ["place", "campaign"]
    readonly_fields = ["check_in_code", "created_by", "created_at", "updated_at"]
    inlines = [ShiftInline]
    actions = ["publish", "cancel"]
    fieldsets = [
        (None, {"fields": ["title", "title_en", "slug", "kind", "training", "status"]}),
        (_("Organised by, for"), {"fields": ["organiser", "coordination", "group", "audience"]}),
        (
            _("When and where"),
            {"fields": ["starts_at", "ends_at", "venue", "address", "place", "video_url"]},
        ),
        (_("Description"), {"fields": ["description", "description_en", "campaign"]}),
        (
            _("Registrations"),
            {
                "fields": [
                    "takes_registrations",
                    "capacity",
                    "waiting_list",
                    "registration_deadline",
                    "cancel_notice_hours",
                    "credited_minutes",
                    "check_in_code",
                ]
            },
        ),
        (_("Record"), {"fields": ["created_by", "created_at", "updated_at"]}),
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Places added to the event or a shift go to the people waiting, in turn.
        transaction.on_commit(lambda: services.event_fill_all(event=form.instance))

    @admin.action(description=_("Publish the chosen events"), permissions=["change"])
    def publish(self, request, queryset):
        count = queryset.filter(status=Event.Status.DRAFT).update(status=Event.Status.PUBLISHED)
        _changed()
        messages.success(
            request,
            ngettext("%(count)d event published.", "%(count)d events published.", count)
            % {"count": count},
        )

    @admin.action(description=_("Cancel the chosen events"), permissions=["change"])
    def cancel(self, request, queryset):
        count = queryset.exclude(status=Event.Status.CANCELLED).update(
            status=Event.Status.CANCELLED
        )
        _changed()
        messages.success(
            request,
            ngettext("%(count)d event cancelled.", "%(count)d events cancelled.", count)
            % {"count": count},
        )


def _changed():
    from config.pagecache import public_pages_changed

    public_pages_changed()  # QuerySet.update sends no signal


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["event", "shift", "person", "status", "attended", "credited_minutes"]
    list_filter = ["status", "attended", "event__kind"]
    search_fields = ["event__title", "person__email", "person__last_name"]
    raw_id_fields = ["event", "shift", "person", "attendance_marked_by"]
    list_select_related = ["event", "shift", "person"]


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "validity_months", "order"]
    search_fields = ["name", "name_en", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(TrainingCompletion)
class TrainingCompletionAdmin(admin.ModelAdmin):
    list_display = ["training", "person", "completed_on", "valid_until"]
    list_filter = ["training", "completed_on"]
    search_fields = ["person__email", "person__last_name", "training__name"]
    raw_id_fields = ["person", "event", "recorded_by"]
    readonly_fields = ["valid_until"]
    list_select_related = ["training", "person"]


@admin.register(VolunteerTime)
class VolunteerTimeAdmin(admin.ModelAdmin):
    list_display = ["date", "person", "group", "minutes", "description"]
    list_filter = ["date"]
    search_fields = ["person__email", "person__last_name", "group__name", "description"]
    raw_id_fields = ["person", "group", "campaign", "logged_by"]
    list_select_related = ["person", "group"]
