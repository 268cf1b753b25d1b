from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Reminder, User
from accounts.reminders import reminder_resend


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
