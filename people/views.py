"""People: the search (with its segments and CSV export) and a person's page (timeline, notes,
tags). The secretariat's only: visitors are sent to log in, everybody else gets a 404.

Both pages are kept (config/versions.py), below the site's header: every member of the
secretariat sees the same search and the same person, so the search is kept per query string
and language, a person's page per person, cursor and language, each against the versions of
the areas it reads (tests/people/test_people_speed.py checks that they name all of them). A
warm page costs what any signed-in page does (session, person, second factor), the person shown
and two cache calls.
"""

from urllib.parse import urlencode

from django.contrib import messages as flash
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from accounts.permissions import get_for_user_or_404, staff_required
from accounts.security import security_event
from config import versions
from people import exports, selectors, services
from people.forms import NoteForm, PeopleFilterForm, SegmentForm, TagsForm
from people.models import Segment

User = get_user_model()

# What each kept page reads (config/versions.py): its rows belong to these apps' tables.
SEARCH_AREAS = ("accounts", "actions", "coordinations", "local_groups", "people", "recruitment")
PERSON_AREAS = (
    "accounts",
    "actions",
    "coordinations",
    "liaison",
    "local_groups",
    "messaging",
    "people",
    "recruitment",
)


def search_query(form: PeopleFilterForm) -> str:
    """The query string of a valid search: its filters only (never a page's cursor)."""
    return urlencode(form.stored_data(), doseq=True)


def _segment(request, pk):
    return get_for_user_or_404(request.user, "people.view", Segment.objects.all(), pk=pk)


def _search(request, data):
    """The form of the search asked for and the people it finds (nobody while it has errors)."""
    form = PeopleFilterForm(data)
    if form.is_valid():
        return form, selectors.people_search(form.cleaned_data, today=timezone.localdate())
    return form, User.objects.none()


def search_body(request) -> tuple[str, str]:
    """The search's title and HTML (below the site's header), rendered from the data."""
    segment = None
    segment_id = request.GET.get("segment", "")
    if segment_id.isdigit() and len(segment_id) < 12:
        segment = Segment.objects.filter(pk=int(segment_id)).first()
    data = request.GET
    if segment is not None and set(request.GET) <= {"segment", "after", "before"}:
        data = segment.filters  # the segment as saved
    form, people = _search(request, data)
    page = selectors.search_page(people, request.GET)
    html = render_to_string(
        "people/includes/search_body.html",
        {
            "form": form,
            "page_obj": page,
            "people": page.rows,
            "segment": segment,
            "segments": selectors.segments_with_use(),
            "segment_form": SegmentForm(instance=segment),
            "query": search_query(form) if form.is_valid() else "",
            "filters": form.stored_data() if form.is_valid() else {},
        },
        request,
    )
    return (segment.name if segment else ""), str(html)


@staff_required
@require_safe
def search(request):
    """Find people by any combination of filters; open, save or update a segment."""
    key = versions.fragment_key("people-search", SEARCH_AREAS, versions.query_part(request.GET))
    kept = cache.get(key) if versions.enabled() else None
    if kept is None:
        kept = search_body(request)
        if versions.enabled():
            cache.set(key, kept, versions.seconds())
    title, html = kept
    body = mark_safe(versions.with_csrf(request, html))  # our own template's HTML
    return render(request, "people/search.html", {"title": title, "body": body})


@staff_required
@require_GET
def export(request):
    """The people the search finds, as a CSV file (recorded in the security log)."""
    form, people = _search(request, request.GET)
    if not form.is_valid():
        flash.error(request, _("Correct the filters before exporting."))
        return redirect(reverse("people:search") + "?" + request.GET.urlencode())
    return exports.people_export(people, filters=form.stored_data()).response(request)


@staff_required
@require_POST
def segment_save(request):
    """Save the current search as a segment, or update the segment it came from."""
    segment = None
    if request.POST.get("segment", "").isdigit():
        segment = _segment(request, int(request.POST["segment"][:12]))
    search_form = PeopleFilterForm(request.POST)
    form = SegmentForm(request.POST, instance=segment)
    back = reverse("people:search")
    if not search_form.is_valid():
        flash.error(request, _("Correct the filters before saving the segment."))
        return redirect(back)
    back += "?" + search_query(search_form)
    if not form.is_valid():
        for error in form.errors.get("name", []):
            flash.error(request, error)
        return redirect(back)
    saved = services.segment_save(
        name=form.cleaned_data["name"],
        filters=search_form.stored_data(),
        actor=request.user,
        segment=segment,
    )
    security_event("people.segment_save", request, segment=saved.pk)
    flash.success(request, _("The segment “%(name)s” is saved.") % {"name": saved.name})
    return redirect(reverse("people:search") + f"?segment={saved.pk}")


@staff_required
@require_POST
def segment_delete(request, pk):
    segment = _segment(request, pk)
    name = segment.name
    services.segment_delete(segment=segment)
    security_event("people.segment_delete", request, segment=pk)
    flash.success(request, _("The segment “%(name)s” is deleted.") % {"name": name})
    return redirect("people:search")


def _person(request, pk):
    return get_for_user_or_404(request.user, "people.view", User.objects.all(), pk=pk)


def person_body(request, person, before, *, note_form=None) -> str:
    """A person's page below the site's header (from ``before``, a timeline cursor), rendered
    from the data."""
    entries, older = selectors.person_timeline(person, before=before)
    summary = selectors.person_summary(person)
    tags_form = TagsForm(initial={"tags": [pk for pk, _name in summary["tags"]]})
    # Every tag, read once for the checkboxes (the form checks the answer against the table).
    tags_form.fields["tags"].choices = summary["tag_choices"]
    return render_to_string(
        "people/includes/person_body.html",
        {
            "person": person,
            "summary": summary,
            "entries": entries,
            "older": older,
            "paged": before is not None,
            "note_form": note_form or NoteForm(),
            "tags_form": tags_form,
        },
        request,
    )


def _person_page(request, person, *, note_form=None, status=200):
    before = selectors.parse_cursor(request.GET.get("before"))
    if note_form is None:
        cursor = f"{before[0].isoformat()}~{before[1]}~{before[2]}" if before else ""
        key = versions.fragment_key("people-person", PERSON_AREAS, person.pk, cursor)
        body = versions.cached_html(request, key, lambda: person_body(request, person, before))
    else:  # a note refused: the page with its errors, never kept
        body = person_body(request, person, before, note_form=note_form)
    return render(
        request,
        "people/person.html",
        {"person": person, "body": mark_safe(body)},  # our own template's HTML
        status=status,
    )


@staff_required
@require_safe
def person(request, pk):
    """One person: who they are, and everything about them as one timeline, newest first."""
    return _person_page(request, _person(request, pk))


@staff_required
@require_POST
def note_add(request, pk):
    person = _person(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _person_page(request, person, note_form=form)
    note = services.note_add(person=person, author=request.user, body=form.cleaned_data["body"])
    security_event("people.note", request, person=person.pk, note=note.pk)
    flash.success(request, _("The note is saved."))
    return redirect("people:person", pk=person.pk)


@staff_required
@require_POST
def tags_set(request, pk):
    person = _person(request, pk)
    form = TagsForm(request.POST)
    if form.is_valid():
        services.tags_set(person=person, tags=form.cleaned_data["tags"])
        flash.success(request, _("The tags are saved."))
    else:
        flash.error(request, _("These tags do not exist (any more)."))
    return redirect("people:person", pk=person.pk)
