"""Keep the coordinators' positions on their mandates in step with their postal codes.

A mandate copies the position of its volunteer's postal code (place_mandate, just before the
row is written: the model itself reads no other app's queries) so that the
nearest coordinators are found with an indexed search; when a volunteer changes their postal
code, their mandates move with them. Either change makes the cached extent of the positions
(groups.selectors.coordinator_positions_extent) stale: it is forgotten.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Subquery
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from coordinations.models import Mandate
from groups.models import Place
from groups.selectors import COORDINATOR_EXTENT_CACHE_KEY, place_for_postal_code


def place_position(postal_code) -> dict[str, Subquery]:
    """The latitude and longitude of a postal code's first place (by pk), as subqueries for an
    UPDATE: None when the code is empty or unknown."""
    places = Place.objects.filter(postal_code=postal_code).order_by("pk")
    return {
        "latitude": Subquery(places.values("latitude")[:1]),
        "longitude": Subquery(places.values("longitude")[:1]),
    }


@receiver(pre_save, sender=Mandate, dispatch_uid="place_mandate")
def place_mandate(sender, instance, raw, update_fields, **kwargs):
    """A new mandate, or one that changes hands, takes its volunteer's position (None, None
    when the postal code is empty or unknown)."""
    if raw or not instance.needs_placing(update_fields):
        return
    postal_code = instance.volunteer.postal_code
    place = place_for_postal_code(postal_code) if postal_code else None
    instance.latitude, instance.longitude = (
        (place.latitude, place.longitude) if place else (None, None)
    )


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="mandate_positions")
def move_mandates_with_postal_code(sender, instance, created, raw, update_fields, **kwargs):
    """One UPDATE of the user's mandates, unless the save cannot have changed the postal code
    (a new user has no mandate; a log-in saves only ``last_login``)."""
    if created or raw:
        return
    if update_fields is not None and "postal_code" not in update_fields:
        return
    moved = Mandate.objects.filter(volunteer_id=instance.pk).update(
        **place_position(instance.postal_code or "")
    )
    if moved:
        cache.delete(COORDINATOR_EXTENT_CACHE_KEY)


@receiver(post_save, sender=Mandate, dispatch_uid="mandate_saved_extent")
@receiver(post_delete, sender=Mandate, dispatch_uid="mandate_deleted_extent")
def forget_positions_extent(sender, **kwargs):
    """A mandate started, ended, moved or deleted: the extent is recounted when next needed."""
    cache.delete(COORDINATOR_EXTENT_CACHE_KEY)
