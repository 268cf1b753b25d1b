from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.admin import AuthenticatorAdmin as AllauthAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters

from accounts import gdpr
from accounts.forms import validate_belgian_postal_code
from accounts.models import Consent, User
from accounts.permissions import security_event_denied
from accounts.security import security_event

# What gives a role or a permission in the portal: admin access, superuser powers, Django's
# groups (the Secretariat is one) and permissions. Only a superuser hands them out; otherwise a
# member of staff could tick them on their own account, or on an accomplice's.
ACCESS_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")
# What opens an account: its log-in address (a new one, then "forgot my password", and the
# account is someone else's) and whether it may log in at all. Password: see password_status.
ACCOUNT_FIELDS = ("email", "is_active")


def may_manage_account(editor, person) -> bool:
    """Whether ``editor`` may change ``person``'s log-in address, password, or whether they may
    log in: a superuser anyone's; other staff only those of people without staff rights, so that
    nobody below a superuser can take over a colleague's or a superuser's account."""
    return editor.is_superuser or not (person.is_staff or person.is_superuser)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """The secretariat corrects volunteers' accounts; roles, permissions and the accounts of
    staff and superusers are for superusers only (read only or absent for everyone else)."""

    ordering = ["email"]
    # At most six columns, so that the list fits a laptop's screen (tests/test_admin_lists.py);
    # the rest is on each person's page.
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "date_joined"]
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
                    "receives_news",
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

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or may_manage_account(request.user, obj):
            return fieldsets
        # Not Django's password field: it offers a "Reset password" button that would only
        # answer 403, and once read only it would print the hash itself.
        return [
            (
                name,
                {
                    **options,
                    "fields": tuple(
                        "password_status" if field == "password" else field
                        for field in options["fields"]
                    ),
                },
            )
            for name, options in fieldsets
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "postal_code":
            # The same check as sign-up and the profile: a code the finder can place.
            field.validators.append(validate_belgian_postal_code)
        return field

    def get_readonly_fields(self, request, obj=None):
        # The section's news: only the person chooses them (a consent), never staff for them.
        fields = [*super().get_readonly_fields(request, obj), "receives_news"]
        if obj is None or not obj.is_staff:
            # The summaries are opt-in: only the person chooses them (a consent, recorded with
            # its date on their consents page), nobody ticks them on their behalf. For staff
            # they are part of the job, and may be set here.
            fields.append("receives_digests")
        if not request.user.is_superuser:
            fields += ACCESS_FIELDS
            if obj is not None and not may_manage_account(request.user, obj):
                fields += [*ACCOUNT_FIELDS, "password_status"]
        return fields

    @admin.display(description=_("Password"))
    def password_status(self, obj):
        return _("Only a superuser can change the password of a member of staff.")

    def has_change_permission(self, request, obj=None):
        # A superuser's account is out of reach of everyone else: their page is read only, and
        # Django's password view, which asks this question, refuses (403).
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not may_manage_account(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

    @method_decorator(sensitive_post_parameters())
    def user_change_password(self, request, id, form_url=""):
        person = self.get_object(request, unquote(id))
        if person is not None and not may_manage_account(request.user, person):
            security_event_denied(request.user, "accounts.set_password", person, request)
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    @admin.action(
        description=_("Erase the selected people's personal data"), permissions=["delete"]
    )
    def erase_personal_data(self, request, queryset):
        """Erase accounts as their owners can (accounts.gdpr), after a confirmation page."""
        people = list(queryset.exclude(pk=request.user.pk))
        spared = [person for person in people if not may_manage_account(request.user, person)]
        if spared:
            people = [person for person in people if person not in spared]
            self.message_user(
                request,
                ngettext(
                    "%(count)d member of staff left out: only a superuser can erase their account.",
                    "%(count)d members of staff left out: only a superuser can erase their "
                    "accounts.",
                    len(spared),
                )
                % {"count": len(spared)},
                messages.WARNING,
            )
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


# Django's and allauth's own admins, made safe for staff who are not superusers ---------------

admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    """A group's permissions are those of its members (the Secretariat's are those of every
    member of staff): only superusers change them, or staff could widen their own."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class EmailAddressAdmin(AllauthEmailAddressAdmin):
    """Log-in addresses: a password reset can be sent to any of them, so the addresses of staff
    and superusers are for superusers only (as their e-mail in UserAdmin)."""

    def has_change_permission(self, request, obj=None):
        if obj is not None and not may_manage_account(request.user, obj.user):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not may_manage_account(request.user, obj.user):
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Nor may they give a member of staff a new address (or move one to them).
        if db_field.name == "user" and not request.user.is_superuser:
            kwargs["queryset"] = User.objects.filter(is_staff=False, is_superuser=False)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def make_verified(self, request, queryset):
        if not request.user.is_superuser:
            queryset = queryset.filter(user__is_staff=False, user__is_superuser=False)
        return super().make_verified(request, queryset)

    make_verified.short_description = AllauthEmailAddressAdmin.make_verified.short_description
    make_verified.allowed_permissions = ("change",)


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(AllauthAuthenticatorAdmin):
    """Second factors are set up by their owner on the MFA pages, never written in the admin.

    Whoever writes one (its secret) or moves it to another person owns that person's second
    factor, and whoever reads the stored secret can compute its codes: nobody, superusers
    included, adds, changes or sees the secret here. Removing a lost one is what the admin is
    for: superusers for anyone, others for a volunteer only, never for staff or a superuser.
    """

    exclude = ("data",)
    readonly_fields = ("user", "type", "created_at", "last_used_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not may_manage_account(request.user, obj.user):
            return False
        return super().has_delete_permission(request, obj)
