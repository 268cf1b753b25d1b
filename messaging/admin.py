from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.security import security_event
from messaging import services
from messaging.models import Mailing, OutgoingMessage


class AttentionFilter(admin.SimpleListFilter):
    """Failed or stuck: the messages someone has to look at (as on the staff page)."""

    title = _("needs attention")
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [("yes", _("Failed or stuck")), ("retrying", _("Being retried"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "yes":
            return queryset.needing_attention(now, services.STUCK_AFTER)
        if self.value() == "retrying":
            return queryset.retrying(now)
        return queryset


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(admin.ModelAdmin):
    """The outbox, read only: messages are written by the portal, never by hand. The
    secretariat (view and change permissions) sends failed or stuck ones again."""

    list_display = ["created_at", "kind", "to_email", "status", "attempts", "last_error"]
    list_filter = [
        AttentionFilter,
        "status",
        "kind",
        "essential",
        ("created_at", admin.DateFieldListFilter),
    ]
    search_fields = ["to_email", "subject", "kind", "=uuid", "=concerns_id"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutgoingMessage._meta.fields]
    actions = ["resend"]

    def get_queryset(self, request):
        # The list never shows the bodies: they stay out of its query.
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            queryset = queryset.defer("text", "html", "attachments", "headers")
        return queryset

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # A message's row is the proof it was sent (or why not); erasure has its own path.
        return False

    @admin.action(description=_("Send the failed or stuck messages again"), permissions=["change"])
    def resend(self, request, queryset):
        count = services.messages_resend(messages=queryset)
        security_event("messages.resend", request, count=count)
        self.message_user(
            request,
            ngettext(
                "%(count)d message will be sent again.",
                "%(count)d messages will be sent again.",
                count,
            )
            % {"count": count},
        )


@admin.register(Mailing)
class MailingAdmin(admin.ModelAdmin):
    """Messages to several people, read only: written and sent from the staff pages
    (/dashboard/messages/), which show each recipient's delivery."""

    list_display = ["created_at", "subject_fr", "kind", "status", "send_at", "recipient_count"]
    list_filter = ["kind", "status"]
    search_fields = ["subject_fr", "subject_en"]
    date_hierarchy = "created_at"
    readonly_fields = [
        *(f.name for f in Mailing._meta.fields),
        "people",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
