from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.collation import NAME_COLLATION
from config.dates import DatesWithinRange

postal_code_validator = RegexValidator(
    r"^\d{4}$", _("A Belgian postal code has four digits, for example 5000.")
)


class UserManager(DjangoUserManager):
    """Users are identified by their e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(DatesWithinRange, AbstractUser):
    """A person with an account: volunteer, coordinator, group leader or secretariat staff.

    Coordinator and group leader are not stored here: they follow from an active mandate or a
    group membership (see accounts.permissions).
    """

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    # Django's fields, sorted as people read names: "Émilie" with the E's (config/collation.py).
    first_name = models.CharField(
        _("first name"), max_length=150, blank=True, db_collation=NAME_COLLATION
    )
    last_name = models.CharField(
        _("last name"), max_length=150, blank=True, db_collation=NAME_COLLATION
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the messages we send you."),
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    postal_code = models.CharField(
        _("postal code"),
        max_length=4,
        blank=True,
        validators=[postal_code_validator],
        help_text=_("Used to find the local group and the coordinators nearest to you."),
    )
    # Opt-in: the summaries are not essential, so nobody receives them without choosing to
    # (accounts.gdpr.digests_set records the consent). Staff may have them on as part of the job.
    receives_digests = models.BooleanField(
        _("receives digests"),
        default=False,
        help_text=_("Summaries that are not essential; reminders of commitments are always sent."),
    )

    # Opt-in too: the section's news by e-mail (messages to a segment of the "news" kind go only
    # to those who chose them; accounts.gdpr.news_set records the consent with this preference).
    receives_news = models.BooleanField(
        _("receives the section's news"),
        default=False,
        help_text=_("The section's news by e-mail, chosen by the person (never assumed)."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def display_name(self) -> str:
        """What other people may see of this person: the first name, never the e-mail."""
        return self.first_name or _("Volunteer")


class Consent(DatesWithinRange, models.Model):
    """A consent the person gave, with the date and the version of the privacy text they saw;
    withdrawing it keeps the row (the proof of both) and stamps ``withdrawn_at``.

    Consents recorded on their own object (an application, a registration of interest) keep
    their date and version there; a row here records the digests and every withdrawal.
    """

    class Purpose(models.TextChoices):
        DIGESTS = "digests", _("Summaries by e-mail that are not essential")
        INTEREST = "interest", _("Being told when a vacancy opens")
        NEWS = "news", _("The section's news by e-mail")

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    subject = models.CharField(_("about"), max_length=200, blank=True)
    given_at = models.DateTimeField(_("given"))
    privacy_version = models.CharField(_("privacy text version"), max_length=32)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-pk"]
        indexes = [models.Index(fields=["user", "purpose"], name="consent_user_purpose")]

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.given_at:%d/%m/%Y})"
