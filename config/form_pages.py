"""Where the form of each POST-only address is shown, so that a GET on it lands there.

A POST-only view (``require_POST``) answers a GET with 405, which browsers show as a blank
"This page isn't working". People reach these addresses by GET all the same: they switch the
language on a page that came back with the form's errors (the address in the bar is the form's
action), reload it from the address bar, or follow a bookmark or a log-in's ``next``.

``FORM_PAGES`` names, for each such view, the page that shows its form:

- ``Page(name, {argument: the POST address's argument})``: built from the address alone,
  without reading the database (the page it leads to checks who may see it, as always);
- ``Through(model, action, name, arguments)``: the page depends on the object the address
  names (a membership's group): the object is loaded for the person as the view loads it
  (``accounts.permissions``), so that nobody learns anything of an object they may not see:
  they get 404, and a visitor is asked to log in first.

``config.errors.MethodNotAllowedMiddleware`` sends a GET there; the language switcher
(``{% language_url %}``) links to it in the other language after a POST.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Page:
    """A page whose address comes from the POST address's own arguments."""

    name: str
    arguments: dict[str, str] = field(default_factory=dict)

    def url(self, request, kwargs: dict) -> str:
        return reverse(
            self.name, kwargs={mine: kwargs[theirs] for mine, theirs in self.arguments.items()}
        )


@dataclass(frozen=True)
class Through:
    """A page that depends on the object the POST address names (its ``pk``), loaded for the
    person with the view's own permission."""

    model: str
    action: str
    name: str
    arguments: Callable[[object], dict]

    def url(self, request, kwargs: dict) -> str:
        from accounts.permissions import get_for_user_or_404

        if not request.user.is_authenticated:
            # As the view itself would: log in first, then come back here (and on to the page).
            raise _LogInFirst
        obj = get_for_user_or_404(
            request.user, self.action, apps.get_model(self.model).objects.all(), pk=kwargs["pk"]
        )
        return reverse(self.name, kwargs=self.arguments(obj))


class _LogInFirst(Exception):
    pass


def _mandate_of(obj) -> dict:
    return {"pk": obj.mandate_id}


def _group_of(obj) -> dict:
    return {"slug": obj.group.slug}


# POST-only URL name → the page that shows its form.
FORM_PAGES: dict[str, Page | Through] = {
    # My space and consents.
    "accounts:consent_digests": Page("accounts:consents"),
    "recruitment:interest_stop": Page("accounts:me"),
    # A coordinator's mandate, checklist, activities and handover notes (their pages of My
    # space; the checklist and the activities have pages staff open too).
    "coordinations:mandate_request": Page("accounts:me_mandate"),
    "coordinations:mandate_tasks": Page("accounts:me_tasks"),
    "coordinations:onboarding_tick": Page("coordinations:onboarding", {"pk": "pk"}),
    "coordinations:onboarding_untick": Through(
        "coordinations.OnboardingProgress",
        "coordinations.edit_onboarding",
        "coordinations:onboarding",
        _mandate_of,
    ),
    "coordinations:activity_create": Page("coordinations:activity_list", {"pk": "pk"}),
    "coordinations:activity_update": Through(
        "coordinations.Activity",
        "coordinations.edit_activity",
        "coordinations:activity_list",
        _mandate_of,
    ),
    "coordinations:activity_delete": Through(
        "coordinations.Activity",
        "coordinations.edit_activity",
        "coordinations:activity_list",
        _mandate_of,
    ),
    "coordinations:handover_note_create": Page("accounts:me_handover"),
    "coordinations:handover_note_update": Page("accounts:me_handover"),
    # The staff pipeline.
    "recruitment:pipeline_publish": Page("recruitment:pipeline_vacancy", {"slug": "slug"}),
    "recruitment:pipeline_close": Page("recruitment:pipeline_vacancy", {"slug": "slug"}),
    "recruitment:pipeline_move": Page("recruitment:pipeline_application", {"pk": "pk"}),
    "recruitment:pipeline_note": Page("recruitment:pipeline_application", {"pk": "pk"}),
    "recruitment:pipeline_interview": Page("recruitment:pipeline_application", {"pk": "pk"}),
    "recruitment:pipeline_decline": Page("recruitment:pipeline_application", {"pk": "pk"}),
    "recruitment:pipeline_accept": Page("recruitment:pipeline_application", {"pk": "pk"}),
    # A group's page, its leader's pages, and what members and leaders answer from My space.
    "groups:contact": Page("groups:detail", {"slug": "slug"}),
    "groups:join": Page("groups:detail", {"slug": "slug"}),
    "groups:leave": Page("groups:detail", {"slug": "slug"}),
    "groups:join_request_withdraw": Page("accounts:me"),
    "groups:join_request_accept": Page("accounts:me"),
    "groups:join_request_decline": Page("accounts:me"),
    "groups:membership_role": Through(
        "local_groups.Membership", "groups.manage_membership", "groups:members", _group_of
    ),
    "groups:membership_remove": Through(
        "local_groups.Membership", "groups.manage_membership", "groups:members", _group_of
    ),
    "groups:task_assign": Through(
        "local_groups.GroupTask", "groups.manage_task", "groups:tasks", _group_of
    ),
    "groups:task_delete": Through(
        "local_groups.GroupTask", "groups.manage_task", "groups:tasks", _group_of
    ),
    "groups:visit_accept": Page("accounts:me"),
    "groups:visit_decline": Page("accounts:me"),
    "groups:visit_cancel": Page("accounts:me"),
    # Circulars and proposals.
    "actions:circular_close": Page("actions:circular_detail", {"pk": "pk"}),
    "actions:attachment_upload": Page("actions:circular_detail", {"pk": "pk"}),
    "actions:assignment_acknowledge": Page("actions:inbox"),
    "actions:proposal_publish": Page("actions:proposal_results", {"pk": "pk"}),
    "actions:proposal_close": Page("actions:proposal_results", {"pk": "pk"}),
    "actions:public_action_participate": Page("actions:public_action", {"slug": "slug"}),
    # Signalements.
    "liaison:my_reply": Page("liaison:my_detail", {"pk": "pk"}),
    "liaison:staff_reply": Page("liaison:staff_detail", {"pk": "pk"}),
    "liaison:status": Page("liaison:staff_detail", {"pk": "pk"}),
    # The outbox.
    "messaging:resend": Page("messaging:outbox"),
    # People and messages to several people (the secretariat's), the news by e-mail.
    "accounts:consent_news": Page("accounts:consents"),
    "actions:proposal_remind": Page("actions:proposal_results", {"pk": "pk"}),
    "people:segment_save": Page("people:search"),
    "people:segment_delete": Page("people:search"),
    "people:note_add": Page("people:person", {"pk": "pk"}),
    "people:tags": Page("people:person", {"pk": "pk"}),
    "mailings:send": Page("mailings:detail", {"pk": "pk"}),
    "mailings:delete": Page("mailings:detail", {"pk": "pk"}),
    # Events: taking a place (the event's page), one's places and calendar (my schedule), the
    # organisers' page, and a group's hours for its leader.
    "events:register": Page("events:detail", {"slug": "slug"}),
    "events:shift_signup": Page("events:detail", {"slug": "slug"}),
    "events:cancel": Page("events:my_schedule"),
    "events:calendar_reset": Page("events:my_schedule"),
    "events:attendance": Page("events:manage", {"slug": "slug"}),
    "events:code_renew": Page("events:manage", {"slug": "slug"}),
    "events:call_for_help": Page("events:manage", {"slug": "slug"}),
    "events:time_log": Page("events:group_hours", {"slug": "slug"}),
    "events:time_delete": Through(
        "events.VolunteerTime", "events.delete_time", "events:group_hours", _group_of
    ),
}


def form_page(request) -> str | None:
    """The address of the page that shows the form posted to this request's view, in the active
    language; None when the view is not a known POST-only one. For a page that depends on an
    object the person may not see, raises Http404; for a visitor, answers the log-in's address.
    """
    match = getattr(request, "resolver_match", None)
    entry = FORM_PAGES.get(match.view_name) if match is not None else None
    if entry is None:
        return None
    try:
        return entry.url(request, match.kwargs)
    except _LogInFirst:
        return redirect_to_login(request.get_full_path())["Location"]
    except (KeyError, NoReverseMatch):
        return None


def page_to_come_back_to(request) -> str:
    """The address that shows the same page again by GET: where the language switcher sends
    the person. A page rendered in answer to a POST (a form with its errors) stands
    at the form's action: for a POST-only view, that is the page that shows the form."""
    if request.method not in ("GET", "HEAD"):
        try:
            page = form_page(request)
        except Http404:
            page = None
        if page:
            return page
    return request.get_full_path()
