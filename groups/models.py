"""Places (Belgian postal codes with coordinates), local groups, their members, the requests to
join them and the visits their leaders ask of coordinators.

Provinces are stored as short codes (``LocalGroup.Province``: "namur", "liege", "brussels"...),
the same on places and on groups. The Brussels-Capital Region has no province: its places and
groups carry the code "brussels" so that it can be filtered like one.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from config.collation import NAME_COLLATION
from config.dates import DatesWithinRange

# Amnesty International was founded in 1961: no group is older.
FIRST_FOUNDING_YEAR = 1961


class Province(models.TextChoices):
    """The provinces of Belgium, and the Brussels-Capital Region filed as one of them."""

    BRUSSELS = "brussels", _("Brussels-Capital Region")
    BRABANT_WALLON = "brabant-wallon", _("Walloon Brabant")
    HAINAUT = "hainaut", _("Hainaut")
    LIEGE = "liege", _("Liège")
    LUXEMBOURG = "luxembourg", _("Luxembourg")
    NAMUR = "namur", _("Namur")
    ANTWERP = "antwerp", _("Antwerp")
    FLEMISH_BRABANT = "flemish-brabant", _("Flemish Brabant")
    EAST_FLANDERS = "east-flanders", _("East Flanders")
    WEST_FLANDERS = "west-flanders", _("West Flanders")
    LIMBURG = "limburg", _("Limburg")


# Where the portal's groups are: Brussels and the five provinces of Wallonia (the order of the
# search page's filter).
FRENCH_SPEAKING_PROVINCES = [
    Province.BRUSSELS,
    Province.BRABANT_WALLON,
    Province.HAINAUT,
    Province.LIEGE,
    Province.LUXEMBOURG,
    Province.NAMUR,
]
PROVINCES = Province.choices

# The French province names of the places file (Statbel), to the codes above.
PROVINCE_BY_FRENCH_NAME = {
    "": Province.BRUSSELS,
    "Brabant wallon": Province.BRABANT_WALLON,
    "Hainaut": Province.HAINAUT,
    "Liège": Province.LIEGE,
    "Luxembourg": Province.LUXEMBOURG,
    "Namur": Province.NAMUR,
    "Anvers": Province.ANTWERP,
    "Brabant flamand": Province.FLEMISH_BRABANT,
    "Flandre-Orientale": Province.EAST_FLANDERS,
    "Flandre-Occidentale": Province.WEST_FLANDERS,
    "Limbourg": Province.LIMBURG,
}


class Place(models.Model):
    """One (postal code, municipality) pair with its localities and a point.

    Loaded from groups/data/places_be.csv (GeoNames and Statbel, CC BY 4.0) by a data migration.
    A few postal codes belong to two municipalities and so have two rows.
    """

    class Region(models.TextChoices):
        BRUSSELS = "brussels", _("Brussels")
        WALLONIA = "wallonia", _("Wallonia")
        FLANDERS = "flanders", _("Flanders")

    postal_code = models.CharField(_("postal code"), max_length=4, db_index=True)
    nis_code = models.CharField(_("NIS code"), max_length=5)
    # Communes sorted as people read them: "Écaussinnes" with the E's (config/collation.py).
    municipality_fr = models.CharField(
        _("municipality (French)"), max_length=100, db_collation=NAME_COLLATION
    )
    municipality_nl = models.CharField(_("municipality (Dutch)"), max_length=100)
    localities = models.CharField(_("localities"), max_length=500, blank=True)
    province = models.CharField(_("province"), max_length=20, choices=Province.choices)
    region = models.CharField(_("region"), max_length=10, choices=Region.choices)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    # Lower-case names without accents, each between "|": "|namur|namen|beez|". Searched by the
    # commune search and the autocomplete (see groups.geo.normalize).
    search_names = models.CharField(_("names for search"), max_length=700, editable=False)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["postal_code", "municipality_fr"]
        constraints = [
            models.UniqueConstraint(
                fields=["postal_code", "nis_code"], name="one_place_per_postal_code_and_commune"
            )
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return f"{self.postal_code} {self.municipality_fr}"

    @property
    def locality_list(self) -> list[str]:
        return [name.strip() for name in self.localities.split("|") if name.strip()]


def member_count_of_group():
    """A group's number of memberships, as an expression to annotate groups with.

    Counted in a subquery, never as ``Count("memberships")`` over the outer query's join: a
    query filtered on memberships (the groups a person leads) joins only the rows it filtered
    to, and a leader's group of five showed "1 member"."""
    members = (
        Membership.objects.filter(group=OuterRef("pk"))
        .order_by()
        .values("group")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(members), 0)


class LocalGroupQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_member_count(self):
        """Each group with ``member_count``, its number of members (see member_count_of_group)."""
        return self.annotate(member_count=member_count_of_group())


class LocalGroup(models.Model):
    """A local group: volunteers of one commune who meet about once a month."""

    Province = Province

    name = models.CharField(_("name"), max_length=150, unique=True, db_collation=NAME_COLLATION)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    place = models.ForeignKey(
        Place,
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="groups",
        help_text=_("The postal code and commune where the group meets."),
    )
    province = models.CharField(
        _("province"),
        max_length=20,
        choices=Province.choices,
        db_index=True,
        editable=False,
        help_text=_("Taken from the commune."),
    )
    coordinates_from_place = models.BooleanField(
        _("use the commune's coordinates"),
        default=True,
        help_text=_("Untick to give the meeting place's coordinates more precisely."),
    )
    latitude = models.FloatField(
        _("latitude"),
        blank=True,
        db_index=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        blank=True,
        db_index=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    meeting_address = models.TextField(
        _("meeting address"),
        blank=True,
        help_text=_("Shown only to the group's members and to the secretariat."),
    )
    meeting_rhythm = models.CharField(
        _("meeting rhythm"),
        max_length=150,
        blank=True,
        help_text=_("For example: the second Tuesday of the month, at 8 p.m."),
    )
    description = models.TextField(_("description"), blank=True)
    individuals_at_risk = models.TextField(
        _("individuals at risk"),
        blank=True,
        help_text=_("The people the group supports: their names and their situation."),
    )
    themes = models.CharField(
        _("themes"),
        max_length=300,
        blank=True,
        help_text=_("For example: death penalty, refugees, freedom of expression."),
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    website = models.URLField(
        _("website or page"),
        blank=True,
        help_text=_("A public page of the group; never a personal address."),
    )
    founded_in = models.PositiveSmallIntegerField(_("founding year"), null=True, blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, db_index=True, help_text=_("Unticked when the group stops.")
    )
    # The member of staff the group turns to at the secretariat (the directory's contact once
    # there is one).
    secretariat_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("secretariat contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        limit_choices_to={"is_staff": True},
        related_name="groups_followed",
        help_text=_("The member of staff the group's leader writes to."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = LocalGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("local group")
        verbose_name_plural = _("local groups")
        ordering = ["name"]
        indexes = [
            # The nearest-group search: a box on latitude (then longitude) among active groups.
            models.Index(
                fields=["is_active", "latitude", "longitude"], name="group_active_position"
            ),
            models.Index(fields=["province", "is_active", "name"], name="group_province_listing"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(founded_in__isnull=True) | Q(founded_in__gte=FIRST_FOUNDING_YEAR),
                name="group_founded_after_1961",
                violation_error_message=_("A group cannot be older than the organisation (1961)."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="group_coordinates_on_earth",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Province and (unless given precisely) coordinates are derived from the commune.
        if self.place_id:
            place = self.place
            self.province = place.province
            if self.coordinates_from_place or self.latitude is None or self.longitude is None:
                self.latitude = place.latitude
                self.longitude = place.longitude
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("groups:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if not self.coordinates_from_place and (self.latitude is None or self.longitude is None):
            errors["latitude"] = _(
                "Give both the latitude and the longitude, or use the commune's coordinates."
            )
        if self.founded_in is not None:
            if self.founded_in < FIRST_FOUNDING_YEAR:
                errors["founded_in"] = _("A group cannot be older than the organisation (1961).")
            elif self.founded_in > timezone.localdate().year:
                errors["founded_in"] = _("The founding year cannot be in the future.")
        if errors:
            raise ValidationError(errors)


class Membership(DatesWithinRange, models.Model):
    """A volunteer's place in a group. One leader and one treasurer at a time per group.

    Only current members have a row: leaving deletes it; a request to join is a JoinRequest.
    """

    class Role(models.TextChoices):
        LEADER = "leader", _("Leader")
        TREASURER = "treasurer", _("Treasurer")
        MEMBER = "member", _("Member")

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="group_memberships",
    )
    group = models.ForeignKey(
        LocalGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    since = models.DateField(_("member since"), default=datetime.date.today)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["group", "role", "since"]
        indexes = [
            models.Index(fields=["group", "role"], name="membership_group_role"),
            models.Index(fields=["volunteer", "role"], name="membership_volunteer_role"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "group"],
                name="one_membership_per_volunteer_and_group",
                violation_error_message=_("This volunteer is already a member of this group."),
            ),
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(role="leader"),
                name="one_leader_per_group",
                violation_error_message=_("This group already has a leader."),
            ),
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(role="treasurer"),
                name="one_treasurer_per_group",
                violation_error_message=_("This group already has a treasurer."),
            ),
        ]

    def __str__(self):
        return f"{self.group} – {self.volunteer} ({self.get_role_display()})"


class JoinRequest(DatesWithinRange, models.Model):
    """A volunteer asks to join a group; its leader accepts or declines."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="group_join_requests",
    )
    group = models.ForeignKey(
        LocalGroup,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="join_requests",
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["group", "status"], name="joinrequest_group_status"),
            models.Index(fields=["volunteer", "status"], name="joinrequest_volunteer_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "group"],
                condition=Q(status="pending"),
                name="one_pending_join_request_per_group",
                violation_error_message=_("You have already asked to join this group."),
            )
        ]

    def __str__(self):
        return f"{self.volunteer} → {self.group} ({self.get_status_display()})"


class VisitRequest(DatesWithinRange, models.Model):
    """A group's leader asks a coordinator to come to a meeting, on one of a few dates."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    group = models.ForeignKey(
        LocalGroup,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="visit_requests",
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.CASCADE,
        related_name="visit_requests_received",
    )
    coordination = models.ForeignKey(
        "coordinations.Coordination",
        verbose_name=_("coordination"),
        on_delete=models.CASCADE,
        related_name="visit_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="visit_requests_sent",
    )
    first_date = models.DateField(_("proposed date"))
    second_date = models.DateField(_("second proposed date"), null=True, blank=True)
    third_date = models.DateField(_("third proposed date"), null=True, blank=True)
    topic = models.CharField(_("topic"), max_length=200)
    message = models.TextField(_("message"), max_length=4000, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    chosen_date = models.DateField(_("date agreed"), null=True, blank=True)
    answer = models.TextField(_("answer"), max_length=4000, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("visit request")
        verbose_name_plural = _("visit requests")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["coordinator", "status"], name="visit_coordinator_status"),
            models.Index(fields=["group", "status"], name="visit_group_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(chosen_date__isnull=False),
                name="accepted_visit_has_a_date",
            ),
        ]

    def __str__(self):
        return f"{self.group} – {self.coordinator} ({self.topic})"

    @property
    def proposed_dates(self) -> list[datetime.date]:
        return sorted({d for d in (self.first_date, self.second_date, self.third_date) if d})


class GroupTask(models.Model):
    """Something a group carries on through the year (a case followed, the candle sale...), and
    the members who take it on. A member who leaves the group leaves its tasks with it."""

    class Kind(models.TextChoices):
        CASES = "cases", _("Cases followed")
        CAMPAIGN = "campaign", _("Campaign")
        SALES = "sales", _("Candle and sticker sales")
        SCHOOLS = "schools", _("School talks")
        LETTERS = "letters", _("Letter network")
        SOCIAL_MEDIA = "social_media", _("Social media")
        OTHER = "other", _("Other")

    group = models.ForeignKey(
        LocalGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="tasks"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    label = models.CharField(
        _("label"),
        max_length=150,
        blank=True,
        help_text=_("For example: the case followed, or the campaign's name."),
    )
    assignees = models.ManyToManyField(
        Membership, verbose_name=_("members in charge"), related_name="tasks", blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("group task")
        verbose_name_plural = _("group tasks")
        ordering = ["group", "kind", "label", "pk"]

    def __str__(self):
        kind = self.get_kind_display()
        return f"{kind}: {self.label}" if self.label else str(kind)


class GroupFoundingRequest(DatesWithinRange, models.Model):
    """A volunteer with no group nearby asks to found one, with at least one co-founder.

    The secretariat approves (the group is created, the founder leads it) or refuses with a
    reason the founder reads."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the secretariat")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    founder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("founder"),
        on_delete=models.CASCADE,
        related_name="group_founding_requests",
    )
    place = models.ForeignKey(
        Place, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(
        _("a few words"),
        max_length=2000,
        help_text=_("Who you are, and what the group would like to do."),
    )
    # The co-founders' addresses as the founder typed them (lower case, no duplicates).
    cofounder_emails = models.JSONField(_("co-founders' e-mail addresses"), default=list)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    reason = models.TextField(
        _("reason"), max_length=2000, blank=True, help_text=_("Sent to the founder on refusal.")
    )
    group = models.ForeignKey(
        LocalGroup,
        verbose_name=_("group created"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("request to found a group")
        verbose_name_plural = _("requests to found a group")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["founder"],
                condition=Q(status="pending"),
                name="one_pending_founding_request_per_founder",
                violation_error_message=_("You have already asked to found a group."),
            )
        ]

    def __str__(self):
        return f"{self.place} – {self.founder} ({self.get_status_display()})"
