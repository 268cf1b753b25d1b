"""What the secretariat keeps about people beyond their own records: tags, internal notes, and
saved searches (segments).

A segment stores the search's filters as data, validated by the search form itself
(people.forms.PeopleFilterForm), never a list of people: it is evaluated each time it is used,
so that "the leaders of Liège province" are those of today.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.dates import DatesWithinRange


class Tag(models.Model):
    """A label staff put on people ("press contact", "trainer", "Spanish speaker")."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("people"), blank=True, related_name="tags"
    )

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Note(DatesWithinRange, models.Model):
    """Staff's internal note about a person: never shown to the people the portal serves, but
    part of the person's own data export (README, "Personal data")."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="staff_notes",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    body = models.TextField(_("note"), max_length=4000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("note about a person")
        verbose_name_plural = _("notes about people")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["person", "-created_at"], name="note_person_date")]

    def __str__(self):
        return self.body[:60]


class Segment(models.Model):
    """A saved search of people, with a name ("Leaders, province of Liège")."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    # The search form's data (people.forms.PeopleFilterForm.stored_data): field → value.
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="segment_has_a_name"),
        ]

    def __str__(self):
        return self.name
