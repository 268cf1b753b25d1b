"""Catalogue rows that the portal seeds (responsibilities, onboarding steps, competencies...)
carry their text in French and in English; staff may edit both in the admin."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def localized(obj, field: str) -> str:
    """The English text when the page is in English and one exists, the French one otherwise."""
    if (get_language() or "fr").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)


class BilingualCatalogueEntry(models.Model):
    """An entry of a catalogue: a name and a description in French and in English, an order."""

    name = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return localized(self, "name")

    @property
    def text(self) -> str:
        return localized(self, "description")
