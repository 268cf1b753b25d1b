from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from groups import services
from groups.models import (
    GroupFoundingRequest,
    GroupTask,
    JoinRequest,
    LocalGroup,
    Membership,
    Place,
    VisitRequest,
    member_count_of_group,
)

ROLES_HELD_ONCE = (Membership.Role.LEADER, Membership.Role.TREASURER)


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    """Places come from the data file (GeoNames and Statbel): read only."""

    list_display = ["postal_code", "municipality_fr", "municipality_nl", "province", "region"]
    list_filter = ["region", "province"]
    search_fields = ["postal_code", "municipality_fr", "municipality_nl", "localities"]
    ordering = ["postal_code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        for role in ROLES_HELD_ONCE:
            holders = [
                form
                for form in self.forms
                if form.cleaned_data
                and not form.cleaned_data.get("DELETE")
                and form.cleaned_data.get("role") == role
            ]
            if len(holders) > 1:
                raise forms.ValidationError(
                    _("A group has one %(role)s at a time.")
                    % {"role": Membership.Role(role).label.lower()}
                )


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipInlineFormSet
    extra = 0
    autocomplete_fields = ["volunteer"]
    fields = ["volunteer", "role", "since"]


class GroupTaskInline(admin.TabularInline):
    """The group's tasks; who takes each on is the leader's choice, on the group's task page."""

    model = GroupTask
    extra = 0
    fields = ["kind", "label"]


class ActivityFilter(admin.SimpleListFilter):
    """Active groups, inactive ones, and active groups that lack a leader or a treasurer."""

    title = _("activity")
    parameter_name = "activity"

    def lookups(self, request, model_admin):
        return [
            ("active", _("Active")),
            ("inactive", _("Inactive")),
            ("no_leader", _("Active, without a leader")),
            ("no_treasurer", _("Active, without a treasurer")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "active":
            return queryset.filter(is_active=True)
        if value == "inactive":
            return queryset.filter(is_active=False)
        if value in ("no_leader", "no_treasurer"):
            role = Membership.Role.LEADER if value == "no_leader" else Membership.Role.TREASURER
            return queryset.filter(is_active=True).exclude(
                pk__in=Membership.objects.filter(role=role).values("group")
            )
        return queryset


@admin.register(LocalGroup)
class LocalGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "place", "province", "member_count", "is_active"]
    list_filter = ["province", ActivityFilter]
    list_select_related = ["place"]
    search_fields = ["name", "slug", "place__postal_code", "place__municipality_fr"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["place", "secretariat_contact"]
    readonly_fields = ["province", "created_at", "updated_at"]
    inlines = [MembershipInline, GroupTaskInline]
    actions = ["mark_inactive", "mark_active"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "place",
                    "province",
                    "is_active",
                    "founded_in",
                    "secretariat_contact",
                ]
            },
        ),
        (
            _("Position"),
            {"fields": ["coordinates_from_place", "latitude", "longitude"]},
        ),
        (
            _("The group's page"),
            {
                "fields": [
                    "description",
                    "meeting_rhythm",
                    "meeting_address",
                    "individuals_at_risk",
                    "themes",
                    "countries",
                    "website",
                ]
            },
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=member_count_of_group())

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, obj):
        return obj.member_total

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        # A role held once per group: the person giving it up is saved before the one taking it.
        instances.sort(key=lambda membership: membership.role in ROLES_HELD_ONCE)
        for obj in instances:
            obj.save()
        formset.save_m2m()

    def _set_active(self, request, queryset, active: bool):
        changed = 0
        for group in queryset.filter(is_active=not active):
            services.group_set_active(group=group, active=active)
            changed += 1
        self.message_user(
            request,
            ngettext("%(count)d group updated.", "%(count)d groups updated.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark as no longer meeting"), permissions=["change"])
    def mark_inactive(self, request, queryset):
        self._set_active(request, queryset, False)

    @admin.action(description=_("Mark as meeting again"), permissions=["change"])
    def mark_active(self, request, queryset):
        self._set_active(request, queryset, True)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["volunteer", "group", "role", "since"]
    list_filter = ["role", "group__province"]
    list_select_related = ["volunteer", "group"]
    search_fields = [
        "volunteer__email",
        "volunteer__first_name",
        "volunteer__last_name",
        "group__name",
    ]
    autocomplete_fields = ["volunteer", "group"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["volunteer", "group", "status", "created_at", "decided_at"]
    list_filter = ["status", "group__province"]
    list_select_related = ["volunteer", "group"]
    search_fields = ["volunteer__email", "volunteer__first_name", "group__name"]
    autocomplete_fields = ["volunteer", "group"]
    readonly_fields = ["created_at", "decided_at", "decided_by"]


@admin.register(VisitRequest)
class VisitRequestAdmin(admin.ModelAdmin):
    list_display = ["group", "coordinator", "coordination", "status", "first_date", "chosen_date"]
    list_filter = ["status", "coordination", "group__province"]
    list_select_related = ["group", "coordinator", "coordination"]
    search_fields = ["group__name", "coordinator__email", "coordinator__first_name", "topic"]
    autocomplete_fields = ["group", "coordinator", "coordination", "requested_by"]
    readonly_fields = ["created_at", "answered_at"]
    date_hierarchy = "created_at"


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason given to the founder"),
        help_text=_("Sent by e-mail, with the secretariat's address to answer: write it kindly."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
    )


@admin.register(GroupFoundingRequest)
class GroupFoundingRequestAdmin(admin.ModelAdmin):
    """Requests to found a group: staff approve (the group is created) or refuse (with a
    reason). Both go through the services, which check, create and write the e-mails."""

    list_display = ["place", "founder", "status", "created_at", "decided_at", "group"]
    list_filter = ["status", "place__province"]
    list_select_related = ["place", "founder", "group"]
    search_fields = ["founder__email", "founder__first_name", "place__municipality_fr"]
    date_hierarchy = "created_at"
    actions = ["approve", "refuse"]
    fields = [
        "founder",
        "place",
        "description",
        "cofounder_emails",
        "status",
        "reason",
        "group",
        "created_at",
        "decided_at",
        "decided_by",
    ]
    # Decisions are taken by the actions (which create the group and write to the founder),
    # never by editing the status by hand.
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Approve: create the group"), permissions=["change"])
    def approve(self, request, queryset):
        done = 0
        for founding in queryset.filter(status=GroupFoundingRequest.Status.PENDING):
            try:
                services.founding_request_approve(founding=founding, decided_by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                done += 1
        self.message_user(
            request,
            ngettext("%(count)d group created.", "%(count)d groups created.", done)
            % {"count": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("Refuse, with a reason"), permissions=["change"])
    def refuse(self, request, queryset):
        pending = queryset.filter(status=GroupFoundingRequest.Status.PENDING)
        form = RefusalForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = 0
            for founding in pending:
                services.founding_request_refuse(
                    founding=founding, decided_by=request.user, reason=form.cleaned_data["reason"]
                )
                done += 1
            self.message_user(
                request,
                ngettext(
                    "%(count)d request refused; the founder has been told.",
                    "%(count)d requests refused; the founders have been told.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )
            return None
        # First the reason: a page that sends the same selection back with it.
        return TemplateResponse(
            request,
            "admin/local_groups/groupfoundingrequest/refuse.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Refuse requests to found a group"),
                "opts": self.model._meta,
                "queryset": pending,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
