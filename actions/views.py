"""Pages of SI circulars, action proposals and follow-up reports. Thin: forms validate,
services change things, selectors read; objects are loaded for the user or answered 404."""

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import User
from accounts.permissions import can, get_for_user_or_404, is_staff_member, staff_required
from accounts.security import security_event
from actions import selectors, services
from actions.filters import CircularFilter
from actions.forms import (
    AssignmentForm,
    AttachmentForm,
    CircularForm,
    CloseForm,
    ProposalForm,
    ReportForm,
    TargetFormSet,
    kept_targets,
)
from actions.links import read_report_token
from actions.matching import coverage_index
from actions.models import (
    ActionProposal,
    Circular,
    CircularAssignment,
    CircularAttachment,
    ProposalRecipient,
)
from config import versions
from config.pagecache import as_given, choice, normalised_query
from config.pagination import seek_page
from config.redirects import posted_next
from groups.permissions import is_group_leader

PAGE_SIZE = 25


def _errors_to_form(form, error: ValidationError) -> None:
    """Show a service's refusal on the form, next to the field it is about when it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- Circulars (the secretariat's registry) ---------------------------------------------------


# The parameters the registry reads (normalised as the public pages' are: config/pagecache.py);
# any other is ignored.
REGISTRY_PARAMS = dict.fromkeys(
    ("q", "kind", "country", "status", "overdue", "page", "after", "before"), as_given
)
# What the registry reads (config/versions.py): circulars, their assignments, proposals and
# themes; the coordinations and their mandates (the vacancy flag).
REGISTRY_AREAS = ("actions", "coordinations")
INBOX_PARAMS = {"show": choice(["all"]), "page": as_given}  # "show" is "all" or nothing
# The inbox: assignments, circulars and proposals; the mandates that make a coordinator.
INBOX_AREAS = ("actions", "coordinations")


def _listing(query: QueryDict) -> SimpleNamespace:
    """What the links of a kept list read of ``request`` (``{% query_replace %}``): the
    normalised query string alone, so that nobody's own request goes into a kept fragment."""
    return SimpleNamespace(GET=query)


def _registry_rows(circulars) -> None:
    """What each row lists, written out once in Python: the template's loops within the loop
    over the rows cost more than the rest of the list."""
    for circular in circulars:
        circular.url = circular.get_absolute_url()
        circular.country_names = ", ".join(str(country.name) for country in circular.countries)
        circular.theme_labels = format_html_join(
            mark_safe("<small>, </small>"),
            "<small>{}</small>",
            ((theme.label,) for theme in circular.themes.all()),
        )
        circular.assigned_to = ", ".join(a.coordination.name for a in circular.assignments.all())
        circular.assign_url = (
            reverse("actions:circular_assign", args=[circular.pk])
            if not circular.assigned_to and circular.status != Circular.Status.CLOSED
            else ""
        )
        circular.vacant_names = ", ".join(c.name for c in circular.vacant_coordinations)


def registry_html(query: QueryDict) -> str:
    """The registry's filters and rows for a normalised query string: the same for every staff
    member (kept under REGISTRY_AREAS, the query string and the language)."""
    registry = selectors.circulars_for_registry()  # built once: its annotations cost
    circulars = CircularFilter(query, queryset=registry)
    # The page's circulars are chosen first by their keys alone (seeking from the key in the
    # link, config/pagination.py), then read with their status and counts: the status is
    # worked out for 25 rows, not for the whole registry.
    page = seek_page(circulars.qs, query, per_page=PAGE_SIZE, field="received_on")
    keys = list(page.object_list)
    found = registry.in_bulk(keys)
    page.object_list = [found[key] for key in keys]
    coverage_index(page.object_list, vacant_only=True).flag(page.object_list)
    _registry_rows(page.object_list)
    return render_to_string(
        "actions/includes/registry.html",
        {
            "filter": circulars,
            "page_obj": page,
            "circulars": page.object_list,
            "request": _listing(query),
        },
    )


@staff_required
@require_safe
def circular_list(request):
    """The registry: every circular with its status, filters and the vacancy flag."""
    query = normalised_query(request.GET, REGISTRY_PARAMS)
    key = versions.fragment_key("circular-registry", REGISTRY_AREAS, versions.query_part(query))
    registry = versions.cached_html(request, key, lambda: registry_html(query))
    return render(request, "actions/circular_list.html", {"registry": mark_safe(registry)})


@staff_required
@require_http_methods(["GET", "POST"])
def circular_create(request):
    """Register a circular; with ?parent=<id>, an update ("further information") of one."""
    parent = None
    if parent_id := request.GET.get("parent") or request.POST.get("parent"):
        if not str(parent_id).isdigit():
            raise Http404
        parent = get_for_user_or_404(
            request.user,
            "actions.manage_circulars",
            Circular.objects.select_related("parent"),
            pk=int(parent_id),
        ).root
    form = CircularForm(request.POST or None, request.FILES or None, parent=parent)
    targets = TargetFormSet(request.POST or None, instance=form.instance, prefix="targets")
    if request.method == "POST" and form.is_valid() and targets.is_valid():
        circular = form.save(commit=False)
        upload = form.cleaned_data.get("attachment")
        try:
            services.circular_register(
                circular=circular,
                registered_by=request.user,
                themes=form.cleaned_data["themes"],
                targets=kept_targets(targets),
                attachments=[(upload, form.cleaned_data["attachment_title"])] if upload else [],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The circular has been registered."))
            return redirect(circular)
    return render(
        request,
        "actions/circular_form.html",
        {"form": form, "targets": targets, "parent": parent},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def circular_edit(request, pk):
    circular = get_for_user_or_404(
        request.user, "actions.manage_circulars", Circular.objects.all(), pk=pk
    )
    form = CircularForm(request.POST or None, instance=circular)
    targets = TargetFormSet(request.POST or None, instance=circular, prefix="targets")
    if request.method == "POST" and form.is_valid() and targets.is_valid():
        try:
            services.circular_update(
                circular=form.save(commit=False),
                themes=form.cleaned_data["themes"],
                targets=kept_targets(targets),
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The circular has been saved."))
            return redirect(circular)
    return render(
        request,
        "actions/circular_form.html",
        {"form": form, "targets": targets, "circular": circular, "parent": circular.parent},
    )


@login_required
@require_safe
def circular_detail(request, pk):
    """A circular with its thread: staff, and the coordinators it is assigned to."""
    circular = get_for_user_or_404(
        request.user, "actions.view_circular", selectors.circular_for_page(), pk=pk
    )
    staff = is_staff_member(request.user)
    context = {"circular": circular, "staff": staff}
    if staff:
        index = coverage_index()
        context.update(
            vacant_coordinations=index.vacant(circular),
            uncovered_countries=index.uncovered_countries(circular),
            close_form=CloseForm(),
            attachment_form=AttachmentForm(),
        )
    else:
        context["my_assignments"] = list(
            CircularAssignment.objects.for_user(request.user)
            .filter(circular=circular)
            .select_related("coordination")
        )
        context["my_coordination_ids"] = {a.coordination_id for a in context["my_assignments"]}
    return render(request, "actions/circular_detail.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def circular_assign(request, pk):
    """Assign a circular to coordinations; those whose countries or theme match are proposed."""
    circular = get_for_user_or_404(
        request.user,
        "actions.manage_circulars",
        Circular.objects.select_related("parent").prefetch_related("themes", "assignments"),
        pk=pk,
    )
    index = coverage_index()
    proposed = index.matching(circular)
    form = AssignmentForm(request.POST or None, circular=circular, proposed=proposed)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.circular_assign(
                circular=circular,
                coordinations=form.cleaned_data["coordinations"],
                relay_due_on=form.cleaned_data["relay_due_on"],
                note=form.cleaned_data["note"],
                assigned_by=request.user,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request,
                _("The circular has been assigned to: %(names)s.")
                % {"names": ", ".join(a.coordination.name for a in created)},
            )
            return redirect(circular)
    return render(
        request,
        "actions/circular_assign.html",
        {
            "circular": circular,
            "form": form,
            "proposed": proposed,
            "vacant_coordinations": index.vacant(circular),
        },
    )


@staff_required
@require_POST
def circular_close(request, pk):
    circular = get_for_user_or_404(
        request.user, "actions.manage_circulars", Circular.objects.all(), pk=pk
    )
    form = CloseForm(request.POST)
    if form.is_valid():
        services.circular_close(
            circular=circular,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
            closed_on=form.cleaned_data["closed_on"],
        )
        messages.success(request, _("The outcome has been recorded: the circular is closed."))
        return redirect(circular)
    circular = selectors.circular_for_page().get(pk=pk)
    index = coverage_index()
    return render(
        request,
        "actions/circular_detail.html",
        {
            "circular": circular,
            "staff": True,
            "close_form": form,
            "attachment_form": AttachmentForm(),
            "vacant_coordinations": index.vacant(circular),
            "uncovered_countries": index.uncovered_countries(circular),
        },
        status=400,
    )


@staff_required
@require_POST
def attachment_upload(request, pk):
    circular = get_for_user_or_404(
        request.user, "actions.manage_circulars", Circular.objects.all(), pk=pk
    )
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        services.attachment_add(
            circular=circular,
            file=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
            uploaded_by=request.user,
        )
        messages.success(request, _("The document has been added."))
        return redirect(circular)
    circular = selectors.circular_for_page().get(pk=pk)
    index = coverage_index()
    return render(
        request,
        "actions/circular_detail.html",
        {
            "circular": circular,
            "staff": True,
            "close_form": CloseForm(),
            "attachment_form": form,
            "vacant_coordinations": index.vacant(circular),
            "uncovered_countries": index.uncovered_countries(circular),
        },
        status=400,
    )


@login_required
@require_safe
def attachment_download(request, pk, attachment):
    """Serve a document to those who may read the circular, as a download never sniffed."""
    circular = get_for_user_or_404(
        request.user, "actions.view_circular", Circular.objects.all(), pk=pk
    )
    try:
        document = circular.attachments.get(pk=attachment)
    except CircularAttachment.DoesNotExist:
        raise Http404 from None
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.download_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- The coordinator's inbox ------------------------------------------------------------------


def inbox_html(request, query: QueryDict) -> str:
    """One person's inbox for a normalised query string (kept per person: INBOX_AREAS)."""
    user = request.user
    show_all = query.get("show") == "all"
    assignments = selectors.inbox_for(user, open_only=not show_all)
    page = Paginator(assignments, PAGE_SIZE).get_page(query.get("page"))
    return render_to_string(
        "actions/includes/inbox_list.html",
        {
            "page_obj": page,
            "assignments": page.object_list,
            "show_all": show_all,
            "today": timezone.localdate(),
            "is_coordinator": can(user, "actions.propose"),
            "request": _listing(query),
            # The acknowledge forms' field; a kept inbox gets each visit's own token.
            "csrf_token": get_token(request),
        },
    )


@login_required
@require_safe
def inbox(request):
    """The circulars assigned to my coordinations: acknowledge them, propose them to groups."""
    query = normalised_query(request.GET, INBOX_PARAMS)
    key = versions.fragment_key(
        "circular-inbox",
        INBOX_AREAS,
        request.user.pk,
        is_staff_member(request.user),  # staff may propose without a coordination
        versions.query_part(query),
    )
    inbox = versions.cached_html(request, key, lambda: inbox_html(request, query))
    return render(request, "actions/inbox.html", {"inbox": mark_safe(inbox)})


@login_required
@require_POST
def assignment_acknowledge(request, pk):
    assignment = get_for_user_or_404(
        request.user,
        "actions.acknowledge",
        CircularAssignment.objects.select_related("coordination", "circular"),
        pk=pk,
    )
    services.assignment_acknowledge(assignment=assignment, user=request.user)
    messages.success(
        request,
        _("You have acknowledged %(reference)s.") % {"reference": assignment.circular.reference},
    )
    return redirect(posted_next(request, reverse("actions:inbox")))


# --- Action proposals -------------------------------------------------------------------------


@login_required
@require_safe
def proposal_list(request):
    """My coordinations' proposals (all of them for staff)."""
    if not can(request.user, "actions.propose"):
        raise Http404
    page = Paginator(selectors.proposals_of(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "actions/proposal_list.html", {"page_obj": page, "proposals": page.object_list}
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    """Turn an assigned circular (?circular=<id>) or one's own idea into a draft proposal."""
    if not can(request.user, "actions.propose"):
        raise Http404
    circular = None
    if circular_id := request.GET.get("circular") or request.POST.get("circular"):
        try:
            circular_id = int(circular_id)
        except ValueError:
            raise Http404 from None
        circular = get_for_user_or_404(
            request.user,
            "actions.propose_from",
            Circular.objects.select_related("parent"),
            pk=circular_id,
        )
    form = ProposalForm(request.POST or None, user=request.user, circular=circular)
    if request.method == "POST" and form.is_valid():
        proposal = form.save(commit=False)
        proposal.circular = circular
        proposal.proposed_by = request.user
        try:
            services.proposal_save(
                proposal=proposal,
                chosen_groups=form.cleaned_data["chosen_groups"],
                documents=form.cleaned_data.get("documents"),
                targets=form.cleaned_data.get("targets"),
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request, _("Your proposal is saved as a draft: check it, then publish it.")
            )
            return redirect("actions:proposal_results", pk=proposal.pk)
    return render(request, "actions/proposal_form.html", {"form": form, "circular": circular})


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk):
    proposal = get_for_user_or_404(
        request.user,
        "actions.manage_proposal",
        ActionProposal.objects.select_related("coordination", "circular"),
        pk=pk,
    )
    if proposal.status != ActionProposal.Status.DRAFT:
        messages.error(request, _("A published proposal can no longer be changed."))
        return redirect("actions:proposal_results", pk=proposal.pk)
    form = ProposalForm(
        request.POST or None, instance=proposal, user=request.user, circular=proposal.circular
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_save(
                proposal=form.save(commit=False),
                chosen_groups=form.cleaned_data["chosen_groups"],
                documents=form.cleaned_data.get("documents"),
                targets=form.cleaned_data.get("targets"),
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The proposal has been saved."))
            return redirect("actions:proposal_results", pk=proposal.pk)
    return render(
        request,
        "actions/proposal_form.html",
        {"form": form, "circular": proposal.circular, "proposal": proposal},
    )


@login_required
@require_POST
def proposal_publish(request, pk):
    proposal = get_for_user_or_404(
        request.user, "actions.manage_proposal", ActionProposal.objects.all(), pk=pk
    )
    try:
        recipients = services.proposal_publish(proposal=proposal, published_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "The proposal has been sent to %(count)d group.",
                "The proposal has been sent to %(count)d groups.",
                len(recipients),
            )
            % {"count": len(recipients)},
        )
    return redirect("actions:proposal_results", pk=proposal.pk)


@login_required
@require_POST
def proposal_close(request, pk):
    proposal = get_for_user_or_404(
        request.user, "actions.manage_proposal", ActionProposal.objects.all(), pk=pk
    )
    try:
        services.proposal_close(proposal=proposal)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The follow-up is closed: reports can no longer change."))
    return redirect("actions:proposal_results", pk=proposal.pk)


@login_required
@require_POST
def proposal_remind(request, pk):
    """Remind the leaders of the groups that have not reported, each with their report link (a
    group reminded less than 48 hours ago is left out)."""
    from messaging.mailings import follow_up_remind

    proposal = get_for_user_or_404(
        request.user, "actions.manage_proposal", ActionProposal.objects.all(), pk=pk
    )
    try:
        outcome = follow_up_remind(proposal=proposal, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("actions:proposal_results", pk=proposal.pk)
    security_event("proposal.remind", request, proposal=proposal.pk, groups=len(outcome.groups))
    reminded = len(outcome.groups)
    text = ngettext(
        "The leaders of %(count)d group are reminded.",
        "The leaders of %(count)d groups are reminded.",
        reminded,
    ) % {"count": reminded}
    if outcome.too_soon:
        text += " " + ngettext(
            "%(count)d group reminded less than 48 hours ago is left out.",
            "%(count)d groups reminded less than 48 hours ago are left out.",
            len(outcome.too_soon),
        ) % {"count": len(outcome.too_soon)}
    if outcome.without_leader:
        text += " " + ngettext(
            "%(count)d group has no leader to remind.",
            "%(count)d groups have no leader to remind.",
            len(outcome.without_leader),
        ) % {"count": len(outcome.without_leader)}
    messages.success(request, text)
    return redirect("actions:proposal_results", pk=proposal.pk)


@login_required
@require_safe
def proposal_results(request, pk):
    """Totals per group and overall, and the targeted groups that have not reported yet."""
    proposal = get_for_user_or_404(
        request.user,
        "actions.manage_proposal",
        ActionProposal.objects.select_related("coordination", "circular", "proposed_by")
        .prefetch_related("chosen_groups")
        # Counted with the proposal: the public page's participants (actions/public.py).
        .annotate(public_count=Count("public_participations")),
        pk=pk,
    )
    context = {
        "proposal": proposal,
        "public_count": proposal.public_count,
        **selectors.proposals_for_results(proposal),
    }
    if proposal.status == ActionProposal.Status.DRAFT:
        context["target_count"] = proposal.targeted_groups().count()
    elif proposal.status == ActionProposal.Status.PUBLISHED and context["missing"]:
        from messaging.mailings import REMIND_AGAIN_AFTER, last_reminders

        last = last_reminders(proposal, [recipient for recipient, _report in context["rows"]])
        context["last_reminded"] = last
        context["remind_again_after_hours"] = int(REMIND_AGAIN_AFTER.total_seconds() // 3600)
        for group in context["missing"]:
            group.last_reminded = last.get(group.pk)
    return render(request, "actions/proposal_results.html", context)


# --- Groups: what was proposed to them, and their follow-up ------------------------------------


def _group(request, slug):
    from groups.models import LocalGroup

    return get_for_user_or_404(
        request.user, "actions.view_group_proposals", LocalGroup.objects.all(), slug=slug
    )


@login_required
@require_safe
def group_proposals(request, group):
    """The proposals a group received, with its report on each (its people, and staff; only
    its leaders and staff report)."""
    group = _group(request, group)
    page = Paginator(selectors.proposals_for_group(group), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "actions/group_proposals.html",
        {
            "group": group,
            "page_obj": page,
            "recipients": page.object_list,
            "may_report": is_staff_member(request.user) or is_group_leader(request.user, group),
        },
    )


def _report_form_page(request, *, recipient, reporter: User, action_url: str, done_url: str):
    proposal, group = recipient.proposal, recipient.group
    report = proposal.reports.filter(group=group).first()
    editable = proposal.status == ActionProposal.Status.PUBLISHED
    form = ReportForm(request.POST or None, instance=report, proposal=proposal, group=group)
    if request.method == "POST":
        if not editable:
            messages.error(request, _("The follow-up of this proposal is closed."))
            return redirect(done_url)
        if form.is_valid():
            try:
                services.report_save(
                    proposal=proposal, group=group, reported_by=reporter, **form.cleaned_data
                )
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                messages.success(request, _("Thank you: your group's follow-up is recorded."))
                return redirect(done_url)
    return render(
        request,
        "actions/report_form.html",
        {
            "proposal": proposal,
            "group": group,
            "report": report,
            "form": form,
            "editable": editable,
            "action_url": action_url,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, group, pk):
    """A group leader reports (or corrects) their group's follow-up of a proposal."""
    recipient = get_for_user_or_404(
        request.user,
        "actions.report",
        ProposalRecipient.objects.exclude(
            proposal__status=ActionProposal.Status.DRAFT
        ).select_related("proposal__coordination", "proposal__circular", "group"),
        group__slug=group,
        proposal_id=pk,
    )
    url = reverse("actions:report_edit", kwargs={"group": group, "pk": pk})
    return _report_form_page(
        request,
        recipient=recipient,
        reporter=request.user,
        action_url=url,
        # Back to the page the report was sent from (the action page), else the group's list.
        done_url=posted_next(request, reverse("actions:group_proposals", kwargs={"group": group})),
    )


@require_http_methods(["GET", "POST"])
def report_by_link(request, token):
    """The report form reached from the e-mail's signed link, without logging in.

    The link names the proposal, the group and the leader it was sent to; it is refused when it
    was altered, when it has expired, or when that person no longer leads the group.
    """
    try:
        link = read_report_token(token)
    except signing.SignatureExpired:
        return render(request, "actions/report_link_expired.html", status=410)
    except signing.BadSignature:
        raise Http404 from None
    try:
        recipient = (
            ProposalRecipient.objects.exclude(proposal__status=ActionProposal.Status.DRAFT)
            .select_related("proposal__coordination", "proposal__circular", "group")
            .get(proposal_id=link.proposal_id, group_id=link.group_id)
        )
        leader = User.objects.get(pk=link.leader_id, is_active=True)
    except (ProposalRecipient.DoesNotExist, User.DoesNotExist):
        raise Http404 from None
    if not can(leader, "actions.report", recipient):
        raise Http404
    url = reverse("actions:report_by_link", args=[token])
    return _report_form_page(
        request, recipient=recipient, reporter=leader, action_url=url, done_url=url
    )
