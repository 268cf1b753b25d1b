from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import gdpr
from accounts.models import Consent, Reminder, User
from accounts.reminders import reminder_resend
from accounts.security import security_event


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "postal_code",
        "is_staff",
        "is_active",
        "date_joined",
    ]
    list_filter = ["is_staff", "is_superuser", "is_active", "preferred_language", "groups"]
    search_fields = ["email", "first_name", "last_name", "postal_code"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Personal information"),
            {
                "fields": (
                    "first_name",
                    "last_name",
                    "preferred_language",
                    "phone",
                    "postal_code",
                    "receives_digests",
                )
            },
        ),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    actions = ["erase_personal_data"]

    @admin.action(
        description=_("Erase the selected people's personal data"), permissions=["delete"]
    )
    def erase_personal_data(self, request, queryset):
        """Erase accounts as their owners can (accounts.gdpr), after a confirmation page."""
        people = list(queryset.exclude(pk=request.user.pk))
        if request.POST.get("post") == "yes":
            for person in people:
                security_event("account.erase", request, erased=person.pk)
                gdpr.user_erase(user=person)
            self.message_user(
                request,
                ngettext(
                    "%(count)d person's personal data erased.",
                    "%(count)d people's personal data erased.",
                    len(people),
                )
                % {"count": len(people)},
            )
            return None
        return TemplateResponse(
            request,
            "accounts/admin_erase_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Erase personal data"),
                "opts": self.model._meta,
                "people": people,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "milestone",
        "recipient_email",
        "status",
        "attempts",
        "sent_at",
    ]
    list_filter = ["status", "kind", "essential", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["recipient_email", "subject", "kind"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Reminder._meta.fields]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send the failed reminders again"), permissions=["change"])
    def resend(self, request, queryset):
        failed = list(queryset.filter(status=Reminder.Status.FAILED))
        for reminder in failed:
            reminder_resend(reminder)
        self.message_user(
            request,
            ngettext(
                "%(count)d reminder queued again.", "%(count)d reminders queued again.", len(failed)
            )
            % {"count": len(failed)},
        )


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    """Consents are evidence: read only, never edited by hand."""

    list_display = ["user", "purpose", "subject", "given_at", "privacy_version", "withdrawn_at"]
    list_filter = ["purpose", ("withdrawn_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__email", "subject"]
    list_select_related = ["user"]
    readonly_fields = [f.name for f in Consent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
