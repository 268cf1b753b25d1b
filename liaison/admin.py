"""The directory and the routing are edited by staff here; signalements are read and followed
on the portal's own staff pages (the queue), the admin shows them for corrections."""

from django.contrib import admin

from liaison.models import SecretariatContact, Signalement, SignalementReply, SignalementRoute


@admin.register(SecretariatContact)
class SecretariatContactAdmin(admin.ModelAdmin):
    list_display = ["__str__", "role", "area", "work_email", "active", "order"]
    list_editable = ["active", "order"]
    list_filter = ["role", "language", "active"]
    list_select_related = ["user"]
    search_fields = ["user__first_name", "user__last_name", "user__email", "area", "work_email"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["coordinations"]


@admin.register(SignalementRoute)
class SignalementRouteAdmin(admin.ModelAdmin):
    list_display = ["kind", "role", "contact"]
    list_select_related = ["contact__user"]
    autocomplete_fields = ["contact"]


class SignalementReplyInline(admin.StackedInline):
    model = SignalementReply
    extra = 0
    fields = ["author", "from_secretariat", "body", "created_at"]
    readonly_fields = ["author", "from_secretariat", "created_at"]


@admin.register(Signalement)
class SignalementAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "coordination", "status", "due_on", "created_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["coordination", "contact__user"]
    search_fields = ["title", "body", "coordination__name"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["contact"]
    # The sender and the file come from the coordinator's form: not rewritten here.
    readonly_fields = [
        "coordination",
        "author",
        "status",
        "attachment_name",
        "created_at",
        "updated_at",
    ]
    exclude = ["attachment"]
    inlines = [SignalementReplyInline]
    # Statuses change on the queue's pages, where the coordinator is told: not in bulk here.
    actions = None
