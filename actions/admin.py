from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from actions import services
from actions.matching import coverage_index
from actions.models import (
    ActionProposal,
    ActionTarget,
    Circular,
    CircularAssignment,
    CircularAttachment,
    CircularStatus,
    FollowUpReport,
    ProposalRecipient,
    PublicParticipation,
    Theme,
)


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return CircularStatus.choices

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue"))]

    def queryset(self, request, queryset):
        return queryset.filter(is_overdue=True) if self.value() == "yes" else queryset


class UpdateFilter(admin.SimpleListFilter):
    title = _("further information")
    parameter_name = "update"

    def lookups(self, request, model_admin):
        return [("no", _("Originals")), ("yes", _("Updates"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(parent__isnull=self.value() == "no")
        return queryset


class ActionTargetInline(admin.StackedInline):
    model = ActionTarget
    extra = 0


class CircularAttachmentInline(admin.TabularInline):
    model = CircularAttachment
    extra = 0
    fields = ["title", "file", "original_name", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["original_name", "size", "uploaded_by", "uploaded_at"]


class CircularAssignmentInline(admin.TabularInline):
    model = CircularAssignment
    extra = 0
    fields = ["coordination", "relay_due_on", "note", "acknowledged_at", "acknowledged_by"]
    readonly_fields = ["acknowledged_at", "acknowledged_by"]
    autocomplete_fields = ["coordination"]


class UpdateInline(admin.TabularInline):
    model = Circular
    fk_name = "parent"
    verbose_name = _("further information")
    verbose_name_plural = _("further information")
    extra = 0
    fields = ["reference", "title", "issued_on", "outcome"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Circular)
class CircularAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "title",
        "kind",
        "action_deadline",
        "status_label",
        "is_overdue_label",
    ]
    list_filter = [StatusFilter, OverdueFilter, "kind", "priority", UpdateFilter, "themes"]
    search_fields = ["reference", "index_number", "title", "summary"]
    list_select_related = ["parent"]
    date_hierarchy = "received_on"
    autocomplete_fields = ["parent"]
    filter_horizontal = ["themes"]
    readonly_fields = ["registered_by", "created_at", "updated_at"]
    inlines = [ActionTargetInline, CircularAttachmentInline, CircularAssignmentInline, UpdateInline]
    actions = ["assign_to_matching_coordinations", "close_no_further_action"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_status()

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj):
        return obj.get_status_display()

    @admin.display(description=_("overdue"), boolean=True, ordering="is_overdue")
    def is_overdue_label(self, obj):
        return obj.is_overdue

    def save_model(self, request, obj, form, change):
        if not change:
            obj.registered_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(
        description=_("Assign to the coordinations that match (countries or themes)"),
        permissions=["change"],
    )
    def assign_to_matching_coordinations(self, request, queryset):
        index = coverage_index()
        count = 0
        for circular in queryset.select_related("parent").prefetch_related("themes"):
            try:
                count += len(
                    services.circular_assign(
                        circular=circular,
                        coordinations=index.matching(circular),
                        assigned_by=request.user,
                    )
                )
            except ValidationError as error:
                self.message_user(
                    request, f"{circular.reference}: {' '.join(error.messages)}", messages.WARNING
                )
        self.message_user(
            request,
            ngettext("%(count)d assignment made.", "%(count)d assignments made.", count)
            % {"count": count},
        )

    @admin.action(description=_("Close: no further action needed"), permissions=["change"])
    def close_no_further_action(self, request, queryset):
        closed = 0
        for circular in queryset.filter(closed_on__isnull=True):
            services.circular_close(circular=circular, outcome=Circular.Outcome.NO_FURTHER_ACTION)
            closed += 1
        self.message_user(
            request,
            ngettext("%(count)d circular closed.", "%(count)d circulars closed.", closed)
            % {"count": closed},
        )


@admin.register(CircularAssignment)
class CircularAssignmentAdmin(admin.ModelAdmin):
    list_display = ["circular", "coordination", "relay_due_on", "acknowledged_at", "assigned_at"]
    list_filter = ["coordination", "relay_due_on"]
    search_fields = ["circular__reference", "circular__title", "coordination__name"]
    list_select_related = ["circular", "coordination"]
    autocomplete_fields = ["circular", "coordination"]
    readonly_fields = ["assigned_by", "assigned_at", "acknowledged_by"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "order"]
    search_fields = ["name", "name_en", "aliases"]
    prepopulated_fields = {"code": ["name_en"]}


class ProposalRecipientInline(admin.TabularInline):
    model = ProposalRecipient
    extra = 0
    fields = ["group", "sent_at"]
    readonly_fields = ["group", "sent_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class FollowUpReportInline(admin.TabularInline):
    model = FollowUpReport
    extra = 0
    fields = [
        "group",
        "status",
        "letters_sent",
        "signatures_collected",
        "people_reached",
        "events_held",
        "reported_by",
        "reported_at",
    ]
    readonly_fields = ["reported_by", "reported_at"]
    raw_id_fields = ["group"]


@admin.register(ActionProposal)
class ActionProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "coordination", "status", "follow_up_due_on", "is_public"]
    list_filter = ["status", "is_public", "target", "coordination"]
    search_fields = ["title", "request", "circular__reference", "coordination__name"]
    list_select_related = ["coordination", "circular"]
    autocomplete_fields = ["coordination", "circular"]
    filter_horizontal = ["chosen_groups"]
    readonly_fields = [
        "status",
        "proposed_by",
        "published_at",
        "published_by",
        "closed_at",
        "public_slug",
        "public_since",
        "created_at",
        "updated_at",
    ]
    inlines = [ProposalRecipientInline, FollowUpReportInline]
    actions = ["publish", "close"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        """The documents and targets the groups get: only the proposal's circular's own."""
        if db_field.name in ("documents", "targets"):
            model = CircularAttachment if db_field.name == "documents" else ActionTarget
            match = getattr(request, "resolver_match", None)  # None outside the URL resolver
            object_id = match.kwargs.get("object_id", "") if match else ""
            kwargs["queryset"] = (
                model.objects.filter(
                    circular__in=ActionProposal.objects.filter(pk=object_id).values("circular")
                ).select_related("circular")
                if str(object_id).isdigit()
                else model.objects.none()
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.action(description=_("Publish to the targeted groups"), permissions=["change"])
    def publish(self, request, queryset):
        for proposal in queryset:
            try:
                services.proposal_publish(proposal=proposal, published_by=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{proposal}: {' '.join(error.messages)}", messages.WARNING
                )
            else:
                self.message_user(request, _("Published: %(title)s") % {"title": proposal})

    @admin.action(description=_("Close the follow-up"), permissions=["change"])
    def close(self, request, queryset):
        for proposal in queryset:
            try:
                services.proposal_close(proposal=proposal)
            except ValidationError as error:
                self.message_user(
                    request, f"{proposal}: {' '.join(error.messages)}", messages.WARNING
                )


@admin.register(FollowUpReport)
class FollowUpReportAdmin(admin.ModelAdmin):
    list_display = [
        "group",
        "proposal",
        "status",
        "letters_sent",
        "signatures_collected",
        "reported_at",
    ]
    list_filter = ["status", "proposal__coordination"]
    search_fields = ["group__name", "proposal__title"]
    list_select_related = ["group", "proposal"]
    autocomplete_fields = ["proposal"]
    raw_id_fields = ["group"]
    readonly_fields = ["reported_by", "created_at"]


@admin.register(PublicParticipation)
class PublicParticipationAdmin(admin.ModelAdmin):
    """Who said they acted on a public page. An e-mail address is personal data: kept only with
    consent, deleted with the person's account, and on request (search by address, delete)."""

    list_display = ["first_name", "postal_code", "email", "consent", "proposal", "created_at"]
    list_filter = ["consent", "proposal__is_public", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["first_name", "postal_code", "email", "proposal__title"]
    list_select_related = ["proposal"]
    autocomplete_fields = ["proposal"]
    date_hierarchy = "created_at"
    readonly_fields = ["consent", "consent_version", "consented_at", "created_at"]
