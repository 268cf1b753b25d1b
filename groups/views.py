"""Find a group, a group's page and contact form, joining and leaving, the leader's pages
(the group's page, members, nearest coordinators, visit requests) and the coordinator's
answers to visit requests.

Objects a person acts on are loaded through ``get_for_user_or_404``: outsiders get 404.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import can, get_for_user_or_404
from config import ratelimit, versions
from config.honeypot import log_honeypot
from config.pagecache import choice, coordinate, page_number, public_page, text
from config.redirects import posted_next
from config.typography import elide
from coordinations.models import Mandate
from groups import geo, selectors, services
from groups.forms import (
    ContactForm,
    CoordinatorFilterForm,
    FoundingRequestForm,
    GroupPageForm,
    GroupSearchForm,
    JoinRequestForm,
    MembershipRoleForm,
    TaskAssignForm,
    TaskForm,
    VisitAcceptForm,
    VisitDeclineForm,
    VisitRequestForm,
)
from groups.models import (
    FRENCH_SPEAKING_PROVINCES,
    GroupTask,
    JoinRequest,
    LocalGroup,
    Membership,
    Province,
    VisitRequest,
)

GROUPS_PER_PAGE = 25
# "Claire is now <role> of the group."
ROLE_NAMES = {
    Membership.Role.LEADER: lambda: _("the leader"),
    Membership.Role.TREASURER: lambda: _("the treasurer"),
    Membership.Role.MEMBER: lambda: _("a member"),
}


def _validation_messages(error: ValidationError) -> str:
    return " ".join(error.messages)


# The autocomplete (outside the language prefix: /api/places/) ---------------------------------


@require_GET
@cache_control(max_age=3600, public=True)
def places_autocomplete(request):
    """Postal codes and communes that match what was typed, as JSON."""
    places = selectors.places_autocomplete(request.GET.get("q", ""))
    return JsonResponse(
        {
            "results": [
                {
                    "postal_code": place.postal_code,
                    "municipality": place.municipality_fr,
                    "municipality_nl": place.municipality_nl,
                    "localities": place.locality_list,
                    "province": place.province,
                    "label": place.label,
                    "latitude": place.latitude,
                    "longitude": place.longitude,
                }
                for place in places
            ]
        }
    )


# Find a group ---------------------------------------------------------------------------------


PROBLEMS = {
    "unknown_postal_code": lambda q: (
        _("We do not know the postal code %(q)s. Check it, or type the name of your commune.")
        % {"q": q}
    ),
    "not_a_postal_code": lambda q: _(
        "A Belgian postal code has four digits, for example 5000. You can also type the name of your commune."
    ),
    "unknown_place": lambda q: (
        _("We found no commune called “%(q)s”. Check the spelling, or type your postal code.")
        % {"q": q}
    ),
    "nonsense": lambda q: _("Type a postal code (for example 5000) or the name of a commune."),
}


def _map_context(origin, origin_label, groups) -> dict:
    """What the map script reads (json_script), and the tile server when one is configured."""
    return {
        "map_data": {
            "origin": {"lat": origin[0], "lon": origin[1], "label": str(origin_label)}
            if origin
            else None,
            "groups": [_map_marker(group) for group in groups],
        },
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }


def _map_marker(group) -> dict:
    # The commune's point, rounded to about a kilometre: a precise meeting place stays private.
    return {
        "name": group.name,
        "url": group.get_absolute_url(),
        "place": group.place.label,
        "lat": round(group.latitude, 2),
        "lon": round(group.longitude, 2),
        "distance": round(group.distance_km) if hasattr(group, "distance_km") else None,
    }


@require_GET
@public_page(
    params={
        "q": text,
        "province": choice(FRENCH_SPEAKING_PROVINCES),
        "lat": coordinate,
        "lon": coordinate,
        "page": page_number,
    }
)
def search(request):
    """The nearest active groups to a postal code, a commune or the browser's position."""
    form = GroupSearchForm(request.GET or None)
    form.is_valid()
    # A wrong province or position is left aside; what was typed is still searched.
    province = form.cleaned_data.get("province", "") if form.is_bound else ""
    query = (request.GET.get("q") or "").strip()[:100]

    origin = None
    origin_label = ""
    notice = ""
    position = form.position()
    if form.is_bound and ("lat" in form.errors or "lon" in form.errors):
        notice = _("We could not read your position. Type your postal code or commune instead.")
    if position:
        origin = position
        origin_label = _("your position")
        if not geo.in_belgium(*position):
            notice = _(
                "Your position seems to be outside Belgium. Here are the nearest groups all the same."
            )
    elif query:
        lookup = selectors.find_place(query)
        if lookup.place:
            origin = (lookup.place.latitude, lookup.place.longitude)
            origin_label = lookup.place.label
        else:
            notice = PROBLEMS[lookup.problem](query)

    results = []
    page_obj = None
    counts = None
    found_here = None
    if origin:
        results = selectors.nearest_groups(*origin, province=province or None)
        if not any(group.distance_km <= selectors.FOUNDING_RADIUS_KM for group in results):
            # No group within reach: offer to start one (for the place typed, when there is one).
            found_here = reverse("groups:found")
            if query and not position:
                found_here += "?" + urlencode({"q": query})
        if not results and not notice:
            notice = (
                _("There is no active group in this province yet.")
                if province
                else _("No local group is active at the moment.")
            )
    elif province:
        page_obj = Paginator(selectors.groups_in_province(province), GROUPS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        results = list(page_obj.object_list)
    else:
        counts = selectors.province_counts()

    return render(
        request,
        "groups/search.html",
        {
            "form": form,
            "results": results,
            "page_obj": page_obj,
            "province_counts": counts,
            "province_label": Province(province).label if province else "",
            "origin_label": origin_label,
            "notice": notice,
            "searched": bool(origin or province),
            "found_here": found_here,
            "founding_radius_km": selectors.FOUNDING_RADIUS_KM,
            **_map_context(origin, origin_label, results),
        },
    )


# One group ------------------------------------------------------------------------------------


# What a group's page reads besides the layout: the group, its place and members, the person's
# membership and requests, their name for the contact form, the secretariat's contacts.
GROUP_PAGE_AREAS = ("accounts", "liaison", "local_groups")


def group_body(request, group, *, contact_form=None, join_form=None) -> str:
    """A group's page below the layout, for this person."""
    user = request.user
    return render_to_string(
        "groups/includes/group_body.html",
        {
            "group": group,
            "can_see_private": can(user, "groups.see_private_details", group),
            "can_manage": can(user, "groups.manage_group", group),
            "membership": selectors.membership_of(user, group),
            "pending_request": selectors.pending_join_request_of(user, group),
            "contact_form": contact_form or ContactForm(initial=_contact_initial(user)),
            "join_form": join_form or JoinRequestForm(),
            **_map_context(None, "", [group]),
        },
        request=request,
    )


def _group_page(request, group, *, contact_form=None, join_form=None, status=200):
    user = request.user

    def body() -> str:
        return group_body(request, group, contact_form=contact_form, join_form=join_form)

    if contact_form or join_form:
        html = body()  # what was typed, with its errors: never kept
    else:
        # Kept per group and person (what they may see, their membership, their name in the
        # contact form), against what it reads (config/versions.py).
        key = versions.fragment_key(
            "group-page", GROUP_PAGE_AREAS, group.pk, user.pk if user.is_authenticated else ""
        )
        html = versions.cached_html(request, key, body)
    return render(
        request,
        "groups/group_detail.html",
        {"group": group, "body": mark_safe(html)},  # rendered from our template above
        status=status,
    )


def _contact_initial(user) -> dict:
    """A signed-in person writes under their own name and address, which they may still change."""
    if not user.is_authenticated:
        return {}
    return {"name": user.get_full_name(), "email": user.email}


def _active_group_or_404(slug) -> LocalGroup:
    group = selectors.group_for_page(slug)
    if group is None:
        raise Http404
    return group


@require_GET
def group_detail(request, slug):
    """A group's public page, with its contact form; the meeting address for members only."""
    return _group_page(request, _active_group_or_404(slug))


@require_POST
def group_contact(request, slug):
    """A visitor's message to the group, e-mailed to its leader; no address is shown."""
    group = _active_group_or_404(slug)
    form = ContactForm(request.POST, request=request)
    if ratelimit.limited(request, "contact"):
        messages.error(
            request,
            _(
                "You have sent several messages in a short time. Please wait an hour before "
                "writing again."
            ),
        )
        return _group_page(request, group, contact_form=form, status=429)
    if form.is_robot():
        # A robot filled the trap: answer as if all went well, send nothing.
        log_honeypot(request, "ContactForm")
        ratelimit.count(request, "contact")
        messages.success(request, _("Thank you: your message has been sent to the group."))
        return redirect(group)
    if not form.is_valid():
        return _group_page(request, group, contact_form=form)
    ratelimit.count(request, "contact")
    services.contact_message_send(
        group=group,
        name=form.cleaned_data["name"],
        email=form.cleaned_data["email"],
        message=form.cleaned_data["message"],
    )
    messages.success(request, _("Thank you: your message has been sent to the group."))
    return redirect(group)


@require_POST
@login_required
def group_join(request, slug):
    """A volunteer asks to join; the leader answers from My space."""
    group = _active_group_or_404(slug)
    form = JoinRequestForm(request.POST)
    if not form.is_valid():
        return _group_page(request, group, join_form=form)
    try:
        services.join_request_create(
            volunteer=request.user, group=group, message=form.cleaned_data["message"]
        )
    except ValidationError as error:
        messages.error(request, _validation_messages(error))
        return redirect(group)
    messages.success(
        request, _("Your request has been sent to the group's leader, who will answer you soon.")
    )
    return redirect(group)


@require_POST
@login_required
def group_leave(request, slug):
    """A member leaves the group on their own."""
    membership = get_for_user_or_404(
        request.user,
        "groups.leave_group",
        Membership.objects.select_related("group"),
        group__slug=slug,
        volunteer=request.user,
    )
    try:
        services.membership_leave(membership=membership)
    except ValidationError as error:
        messages.error(request, _validation_messages(error))
        return redirect(membership.group)
    messages.success(request, _("You have left the group %(group)s.") % {"group": membership.group})
    return redirect("accounts:me")


@require_POST
@login_required
def join_request_withdraw(request, pk):
    join_request = get_for_user_or_404(
        request.user,
        "groups.withdraw_join_request",
        JoinRequest.objects.select_related("group"),
        pk=pk,
    )
    services.join_request_withdraw(join_request=join_request)
    messages.success(request, _("Your request to join has been withdrawn."))
    return redirect("accounts:me")


# The leader's pages ---------------------------------------------------------------------------


def _managed_group(request, slug) -> LocalGroup:
    return get_for_user_or_404(
        request.user, "groups.manage_group", LocalGroup.objects.select_related("place"), slug=slug
    )


@require_http_methods(["GET", "POST"])
@login_required
def group_edit(request, slug):
    """The leader keeps the group's page up to date."""
    group = _managed_group(request, slug)
    form = GroupPageForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.group_update(group=group, changes=changes)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The group's page has been saved."))
            return redirect(group)
    return render(request, "groups/group_edit.html", {"group": group, "form": form})


@require_GET
@login_required
def group_members(request, slug):
    """The leader's list of members and roles, and the requests to join."""
    group = _managed_group(request, slug)
    return render(
        request,
        "groups/group_members.html",
        {
            "group": group,
            "memberships": selectors.members_of(group),
            "join_requests": list(selectors.pending_join_requests(group)),
            "roles": Membership.Role.choices,
        },
    )


@require_POST
@login_required
def membership_role(request, pk):
    membership = get_for_user_or_404(
        request.user,
        "groups.manage_membership",
        Membership.objects.select_related("group", "volunteer"),
        pk=pk,
    )
    form = MembershipRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role from the list."))
        return redirect("groups:members", slug=membership.group.slug)
    role = form.cleaned_data["role"]
    try:
        services.membership_set_role(membership=membership, role=role)
    except ValidationError as error:
        messages.error(request, _validation_messages(error))
        return redirect("groups:members", slug=membership.group.slug)
    messages.success(
        request,
        _("%(name)s is now %(role)s of the group.")
        % {"name": membership.volunteer.display_name, "role": ROLE_NAMES[role]()},
    )
    if role == Membership.Role.LEADER and not can(
        request.user, "groups.manage_group", membership.group
    ):
        # The leader handed over: the group's pages are no longer theirs.
        return redirect("accounts:me")
    return redirect("groups:members", slug=membership.group.slug)


@require_POST
@login_required
def membership_remove(request, pk):
    membership = get_for_user_or_404(
        request.user,
        "groups.manage_membership",
        Membership.objects.select_related("group", "volunteer"),
        pk=pk,
    )
    try:
        services.membership_remove(membership=membership)
    except ValidationError as error:
        messages.error(request, _validation_messages(error))
    else:
        messages.success(
            request,
            _("%(name)s is no longer on the group's list.")
            % {"name": membership.volunteer.display_name},
        )
    return redirect("groups:members", slug=membership.group.slug)


def _join_request_decision(request, pk, decide, done_message):
    join_request = get_for_user_or_404(
        request.user,
        "groups.decide_join_request",
        JoinRequest.objects.select_related("group", "volunteer"),
        pk=pk,
    )
    try:
        decide(join_request=join_request, decided_by=request.user)
    except ValidationError as error:
        messages.error(request, _validation_messages(error))
    else:
        name = join_request.volunteer.display_name
        messages.success(request, elide(done_message % {"name": name}, name))  # "d’Anne"
    return redirect(posted_next(request, reverse("groups:members", args=[join_request.group.slug])))


@require_POST
@login_required
def join_request_accept(request, pk):
    return _join_request_decision(
        request, pk, services.join_request_accept, _("Welcome: %(name)s is now a member.")
    )


@require_POST
@login_required
def join_request_decline(request, pk):
    return _join_request_decision(
        request, pk, services.join_request_decline, _("The request of %(name)s has been declined.")
    )


# Nearest coordinators and visit requests ------------------------------------------------------

# What the list of the nearest coordinators reads: mandates and coordinations, the coordinators'
# first names and positions, the group's position (tests/groups/test_coordinators_cache.py).
NEAREST_AREAS = ("accounts", "coordinations", "local_groups")


@require_GET
@login_required
def nearest_coordinators(request, slug):
    """The coordinators nearest to the group (leader and staff): first name, coordination and
    distance, never an address. The nearest few of all coordinations, or every coordinator of
    the coordination chosen."""
    group = _managed_group(request, slug)
    form = CoordinatorFilterForm(request.GET or None)
    coordination = None
    if form.is_bound and form.is_valid():
        coordination = form.cleaned_data["coordination"]

    def results() -> str:
        return get_template("groups/includes/nearest_results.html").render(
            {
                "group": group,
                "form": form,
                "rows": selectors.nearest_coordinators(group, coordination),
                "coordination": coordination,
                "nearest_count": selectors.NEAREST_COORDINATORS,
            }
        )

    if form.is_bound and form.errors:
        html = results()  # what was typed, with its error: never kept
    else:
        # The same list for every leader and staff member who opens it: kept per group and
        # choice, against what it reads (config/versions.py).
        key = versions.fragment_key(
            "nearest-coordinators",
            NEAREST_AREAS,
            group.pk,
            coordination.pk if coordination else "",
        )
        html = versions.cached_html(request, key, results)
    return render(
        request,
        "groups/nearest_coordinators.html",
        {"group": group, "results": mark_safe(html)},  # rendered from our template above
    )


@require_http_methods(["GET", "POST"])
@login_required
def visit_request_create(request, slug, mandate_pk):
    """The leader asks one coordinator to visit a meeting."""
    group = _managed_group(request, slug)
    mandate = (
        Mandate.objects.holding_on()
        .filter(volunteer__is_active=True)
        .select_related("volunteer", "coordination")
        .filter(pk=mandate_pk)
        .first()
    )
    if mandate is None:
        raise Http404
    form = VisitRequestForm(request.POST or None, request=request)
    status = 200
    if request.method == "POST" and ratelimit.limited(request, "visit_request"):
        form.add_error(None, ratelimit.MESSAGE)
        status = 429
    elif request.method == "POST" and form.is_valid():
        try:
            services.visit_request_create(
                group=group, mandate=mandate, requested_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            ratelimit.count(request, "visit_request")
            messages.success(
                request,
                _("Your request has been sent to %(name)s. You will find the answer in My space.")
                % {"name": mandate.volunteer.display_name},
            )
            return redirect("accounts:me")
    return render(
        request,
        "groups/visit_request_form.html",
        {
            "group": group,
            "mandate": mandate,
            "coordinator_name": mandate.volunteer.display_name,
            "form": form,
        },
        status=status,
    )


def _visit_for_answer(request, pk) -> VisitRequest:
    return get_for_user_or_404(
        request.user,
        "groups.answer_visit",
        VisitRequest.objects.select_related(
            "group", "group__place", "coordination", "requested_by"
        ),
        pk=pk,
    )


@require_POST
@login_required
def visit_accept(request, pk):
    """The coordinator accepts, on one of the proposed dates."""
    visit = _visit_for_answer(request, pk)
    form = VisitAcceptForm(request.POST, visit=visit)
    if form.is_valid():
        try:
            services.visit_request_accept(
                visit=visit,
                chosen_date=form.cleaned_data["chosen_date"],
                answer=form.cleaned_data["answer"],
            )
        except ValidationError as error:
            messages.error(request, _validation_messages(error))
        else:
            messages.success(request, _("Thank you: the group knows you are coming."))
        return redirect("accounts:me")
    return render(
        request,
        "groups/visit_answer.html",
        {"visit": visit, "accept_form": form, "decline_form": VisitDeclineForm(visit=visit)},
    )


@require_POST
@login_required
def visit_decline(request, pk):
    """The coordinator cannot come."""
    visit = _visit_for_answer(request, pk)
    form = VisitDeclineForm(request.POST, visit=visit)
    if form.is_valid():
        try:
            services.visit_request_decline(visit=visit, answer=form.cleaned_data["answer"])
        except ValidationError as error:
            messages.error(request, _validation_messages(error))
        else:
            messages.success(request, _("Your answer has been sent to the group."))
        return redirect("accounts:me")
    return render(
        request,
        "groups/visit_answer.html",
        {"visit": visit, "accept_form": VisitAcceptForm(visit=visit), "decline_form": form},
    )


@require_POST
@login_required
def visit_cancel(request, pk):
    """The leader withdraws a visit request not answered yet."""
    visit = get_for_user_or_404(
        request.user,
        "groups.cancel_visit",
        VisitRequest.objects.select_related("group", "coordinator", "coordination"),
        pk=pk,
    )
    services.visit_request_cancel(visit=visit)
    messages.success(request, _("The visit request has been cancelled."))
    return redirect("accounts:me")


# The group's tasks ----------------------------------------------------------------------------


def _tasks_page(request, group, *, form=None, status=200):
    memberships = selectors.members_of(group)
    tasks = selectors.tasks_of(group)
    return render(
        request,
        "groups/group_tasks.html",
        {
            "group": group,
            "form": form or TaskForm(),
            "items": [
                {"task": task, "form": TaskAssignForm(task=task, memberships=memberships)}
                for task in tasks
            ],
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def group_tasks(request, slug):
    """The leader's page of the group's tasks: add one, and tick who takes each on."""
    group = _managed_group(request, slug)
    if request.method == "POST":
        form = TaskForm(request.POST)
        if form.is_valid():
            try:
                services.task_create(group=group, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The task has been added."))
                return redirect("groups:tasks", slug=group.slug)
        return _tasks_page(request, group, form=form)
    return _tasks_page(request, group)


def _managed_task(request, pk) -> GroupTask:
    return get_for_user_or_404(
        request.user, "groups.manage_task", GroupTask.objects.select_related("group"), pk=pk
    )


@require_POST
@login_required
def task_assign(request, pk):
    """The leader sets who takes a task on."""
    task = _managed_task(request, pk)
    memberships = selectors.members_of(task.group)
    form = TaskAssignForm(request.POST, task=task, memberships=memberships)
    if form.is_valid():
        try:
            services.task_assign(task=task, memberships=form.cleaned_data["assignees"])
        except ValidationError as error:
            messages.error(request, _validation_messages(error))
        else:
            messages.success(request, _("Who takes the task on has been saved."))
    else:
        messages.error(request, _("Tick members of the group only."))
    return redirect("groups:tasks", slug=task.group.slug)


@require_POST
@login_required
def task_delete(request, pk):
    """The group no longer carries this task."""
    task = _managed_task(request, pk)
    services.task_delete(task=task)
    messages.success(request, _("The task has been removed."))
    return redirect("groups:tasks", slug=task.group.slug)


# Founding a group -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def group_found(request):
    """A volunteer with no group nearby asks the secretariat to found one."""
    user = request.user
    initial = {"place": (request.GET.get("q") or user.postal_code or "").strip()[:100]}
    form = FoundingRequestForm(request.POST or None, founder=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.founding_request_submit(
                founder=user,
                place=form.cleaned_data["place"],
                description=form.cleaned_data["description"],
                cofounder_emails=form.cleaned_data["cofounder_emails"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you: your request has been sent to the secretariat, and your "
                    "co-founders have been told. You will have an answer by e-mail."
                ),
            )
            return redirect("accounts:me")
    return render(
        request,
        "groups/group_found.html",
        {
            "form": form,
            "requests": selectors.founding_requests_of(user),
            "radius_km": selectors.FOUNDING_RADIUS_KM,
        },
    )
