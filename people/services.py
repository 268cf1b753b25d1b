"""Changes staff make on the people pages: notes, tags, segments. Each is logged in the security
log with ids, never with the text."""

from django.db import transaction

from people.models import Note, Segment, Tag


@transaction.atomic
def note_add(*, person, author, body: str) -> Note:
    """Record staff's note about ``person``."""
    return Note.objects.create(person=person, author=author, body=body.strip())


@transaction.atomic
def tags_set(*, person, tags) -> None:
    """Give ``person`` exactly these tags (those not chosen are taken off)."""
    wanted = {tag.pk for tag in tags}
    through = Tag.people.through
    through.objects.filter(user=person).exclude(tag_id__in=wanted).delete()
    present = set(through.objects.filter(user=person).values_list("tag_id", flat=True))
    through.objects.bulk_create(
        [through(user=person, tag_id=pk) for pk in sorted(wanted - present)],
        ignore_conflicts=True,
    )


@transaction.atomic
def segment_save(*, name: str, filters: dict, actor, segment: Segment | None = None) -> Segment:
    """Create a segment, or change the name and filters of ``segment``. The filters are the
    search form's stored data (people.forms.PeopleFilterForm.stored_data), already valid."""
    if segment is None:
        return Segment.objects.create(name=name, filters=filters, created_by=actor)
    segment.name = name
    segment.filters = filters
    segment.save(update_fields=["name", "filters", "updated_at"])
    return segment


@transaction.atomic
def segment_delete(*, segment: Segment) -> None:
    """Delete a segment; the messages sent to it keep the filters they were sent with."""
    segment.delete()
