"""The permission matrix: every URL of the portal, for every role, by GET and by POST.

The URLs come from the resolver itself (i18n patterns included), so that a new page cannot slip
in without an entry in ``TABLE``: ``test_every_url_has_an_entry`` fails until it has one.
Left out, by rule: the Django admin (its own permission system, tested in each app's
test_admin.py) and django-allauth's pages, except the ones listed in ``ALLAUTH_PAGES`` (log in,
sign up, log out, password reset).

Each entry says how to build the URL's arguments from the cast, and the answer each role gets:

- ``OK``: 200 (a POST with empty data that shows the form again with its errors is a 200);
- ``LOGIN``: a redirect to the log-in page;
- ``REDIRECT``: a redirect anywhere else (a GET on an address that only takes a form is sent to
  the page that shows the form: config/form_pages.py);
- ``NOT_FOUND``: 404, the answer to anybody who may not know that somebody else's object exists;
- ``NOT_ALLOWED``: 405, a method the page does not take;
- ``BAD_REQUEST``: 400, a form page that says so when the data is wrong.

The POSTs send empty data. Each request runs in a transaction rolled back afterwards, so that
one role's allowed POST (a deletion, a withdrawal) does not change what the next request sees;
before the rollback, every refused request (LOGIN, 403, 404, 405) is checked to have left every
row of the database as it was.
"""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from actions import services as action_services
from actions.links import report_token
from groups.models import VisitRequest
from messaging.sweeps import UNSUBSCRIBE_SALT
from recruitment.models import Interview
from tests.actions.factories import (
    ProposalFactory,
    PublishedProposalFactory,
    RecipientFactory,
    TargetFactory,
    pdf_upload,
)
from tests.coordinations.factories import (
    ActivityFactory,
    HandoverNoteFactory,
    OnboardingProgressFactory,
)
from tests.events.matrix import events_objects
from tests.factories import StaffFactory
from tests.groups.factories import GroupTaskFactory, JoinRequestFactory, MembershipFactory
from tests.mfa import SecondFactorClient
from tests.people.factories import MailingFactory, SegmentFactory, TagFactory
from tests.recruitment.factories import InterestRegistrationFactory

ROLES = (
    "anonymous",
    "volunteer",
    "coordinator",  # of "coordination" (Mexique): the cast's mandate, circular, proposals
    "other_coordinator",  # of another coordination (the African Great Lakes)
    "leader",  # of "group" (Namur): the cast's members, requests, visit, reports
    "other_leader",  # of another group (Liège)
    "staff",  # the secretariat: staff in the Secretariat group, not a superuser
    "superuser",
)
STAFF = ("staff", "superuser")

OK = "200"
LOGIN = "login"
REDIRECT = "redirect"
BAD_REQUEST = "400"
FORBIDDEN = "403"
NOT_FOUND = "404"
NOT_ALLOWED = "405"
# Answers after which nothing in the database may have changed.
REFUSALS = {LOGIN, FORBIDDEN, NOT_FOUND, NOT_ALLOWED}


# The cast --------------------------------------------------------------------------------------

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Cast:
    users: dict
    objects: dict

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


@pytest.fixture
def cast(
    settings,
    tmp_path,
    catalogues,
    volunteer,
    other_volunteer,
    coordination,
    coordinator,
    mandate,
    other_coordinator,
    other_mandate,
    group,
    leader,
    other_group,
    other_leader,
    secretariat,
    vacancy,
    application,
    assigned_circular,
):
    """Everybody of the matrix, and one object of each kind that the URLs name: each belongs to
    the volunteer, the coordinator (Mexique) or the leader (Namur); the "other" coordinator and
    leader are the ones who must get 404 on them."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    superuser = StaffFactory(email="admin@example.org", is_superuser=True)
    application.cv.save("cv.pdf", ContentFile(MINIMAL_PDF), save=False)
    application.cv_name = "cv.pdf"
    application.save()
    # The volunteer is a member of Namur, and asks to join Liège; Emma asks to join Namur.
    membership = MembershipFactory(group=group, volunteer=volunteer)
    own_join_request = JoinRequestFactory(volunteer=volunteer, group=other_group)
    join_request = JoinRequestFactory(volunteer=other_volunteer, group=group)
    visit = VisitRequestFactory_for(group=group, mandate=mandate, requested_by=leader)
    proposal = PublishedProposalFactory(
        coordination=coordination, proposed_by=coordinator, circular=assigned_circular
    )
    RecipientFactory(proposal=proposal, group=group)
    # What the coordinator chose for the groups: the circular's PDF and one authority.
    attachment = action_services.attachment_add(
        circular=assigned_circular, file=pdf_upload(), uploaded_by=secretariat
    )
    target = TargetFactory(circular=assigned_circular)
    proposal.documents.add(attachment)
    proposal.targets.add(target)
    objects = {
        "coordination": coordination,
        "mandate": mandate,
        "progress": OnboardingProgressFactory(mandate=mandate),
        "activity": ActivityFactory(mandate=mandate),
        "note": HandoverNoteFactory(coordination=coordination),
        "vacancy": vacancy,
        "application": application,
        # The application's interview, three days ahead (staff reschedule or cancel it).
        "interview": Interview.objects.create(
            application=application,
            starts_at=timezone.now() + datetime.timedelta(days=3),
            ends_at=timezone.now() + datetime.timedelta(days=3, hours=1),
            place="Secrétariat",
        ),
        "interest": InterestRegistrationFactory(person=volunteer),
        "group": group,
        "membership": membership,
        "own_join_request": own_join_request,
        "join_request": join_request,
        "visit": visit,
        "task": GroupTaskFactory(group=group),
        "circular": assigned_circular,
        "attachment": attachment,
        "target": target,
        "assignment": assigned_circular.assignments.get(),
        "proposal": proposal,
        "draft_proposal": ProposalFactory(coordination=coordination, proposed_by=coordinator),
        # A proposal of the coordinator's made public (actions/public.py).
        "public_proposal": PublishedProposalFactory(
            coordination=coordination, proposed_by=coordinator, is_public=True
        ),
        "report_token": report_token(
            proposal_id=proposal.pk, group_id=group.pk, leader_id=leader.pk
        ),
        "unsubscribe_token": signing.dumps(volunteer.pk, salt=UNSUBSCRIBE_SALT),
        "signalement": liaison_signalement(coordinator=coordinator, coordination=coordination),
        # The people pages: a tag to put on people, a saved search, a draft to the volunteer.
        "tag": TagFactory(name="Presse"),
        "segment": SegmentFactory(name="Responsables", filters={"role": "leader"}),
        "mailing": draft_to(volunteer),
        # Events: a public assembly the volunteer registered for, Namur's stand and its shift.
        **events_objects(group=group, volunteer=volunteer, leader=leader),
    }
    users = {
        "anonymous": None,
        "volunteer": volunteer,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "leader": leader,
        "other_leader": other_leader,
        "staff": secretariat,
        "superuser": superuser,
    }
    return Cast(users=users, objects=objects)


def draft_to(person):
    """A message to several people, still a draft, to the volunteer (people.mailing_views)."""
    mailing = MailingFactory(segment=None)
    mailing.people.add(person)
    return mailing


def liaison_signalement(*, coordinator, coordination):
    """The coordinator's signalement to the secretariat, with a PDF attached (liaison)."""
    from liaison import services as liaison_services

    return liaison_services.signalement_submit(
        author=coordinator,
        coordination=coordination,
        kind="public_action",
        title="Visite d'État",
        body="Le président vient à Bruxelles.",
        attachment=pdf_upload("programme.pdf"),
    )


def VisitRequestFactory_for(*, group, mandate, requested_by):
    today = timezone.localdate()
    return VisitRequest.objects.create(
        group=group,
        coordinator=mandate.volunteer,
        coordination=mandate.coordination,
        requested_by=requested_by,
        first_date=today + datetime.timedelta(days=20),
        second_date=today + datetime.timedelta(days=48),
        topic="La situation au Mexique",
        message="Nous aimerions préparer une action avec vous.",
    )


# The table -------------------------------------------------------------------------------------


def answers(default: str, **per_role: str) -> dict[str, str]:
    unknown = set(per_role) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: per_role.get(role, default) for role in ROLES}


@dataclass(frozen=True)
class Entry:
    kwargs: Callable[[Cast], dict]
    get: dict[str, str]
    post: dict[str, str]


def no_kwargs(cast):
    return {}


def everyone(answer: str) -> dict[str, str]:
    return answers(answer)


def logged_in(answer: str) -> dict[str, str]:
    """Anybody logged in gets ``answer``; visitors are sent to log in."""
    return answers(answer, anonymous=LOGIN)


def only(roles: tuple[str, ...], answer: str, *, others=NOT_FOUND, anonymous=LOGIN):
    """``roles`` get ``answer``, the other logged-in people ``others``, visitors ``anonymous``."""
    return answers(others, anonymous=anonymous, **dict.fromkeys(roles, answer))


def staff_only(answer: str) -> dict[str, str]:
    """Staff pages (``staff_required``): visitors log in, everybody else gets 404."""
    return only(STAFF, answer)


VOLUNTEER = ("volunteer",)  # the owner of the application, interest, join request to Liège
MANDATE = ("coordinator", *STAFF)  # the coordinator's own mandate (Mexique), and staff
GROUP = ("leader", *STAFF)  # the leader's own group (Namur), and staff
COORDINATORS = ("coordinator", "other_coordinator", *STAFF)  # any coordinator in office
# The people of Namur (its leader, the volunteer who is a member), staff, and the coordinator
# whose coordination proposed the action to Namur.
GROUP_PEOPLE = ("leader", "volunteer", *STAFF)
ACTION_PAGE = (*GROUP_PEOPLE, "coordinator")

# How the URL's arguments are built from the cast.
MANDATE_PK = lambda c: {"pk": c.mandate.pk}  # noqa: E731
APPLICATION_PK = lambda c: {"pk": c.application.pk}  # noqa: E731
INTERVIEW_PK = lambda c: {"pk": c.interview.pk}  # noqa: E731
VACANCY_SLUG = lambda c: {"slug": c.vacancy.slug}  # noqa: E731
GROUP_SLUG = lambda c: {"slug": c.group.slug}  # noqa: E731
CIRCULAR_PK = lambda c: {"pk": c.circular.pk}  # noqa: E731
PROPOSAL_PK = lambda c: {"pk": c.proposal.pk}  # noqa: E731
DRAFT_PROPOSAL_PK = lambda c: {"pk": c.draft_proposal.pk}  # noqa: E731
SIGNALEMENT_PK = lambda c: {"pk": c.signalement.pk}  # noqa: E731
PUBLIC_SLUG = lambda c: {"slug": c.public_proposal.public_slug}  # noqa: E731
EVENT_SLUG = lambda c: {"slug": c.event.slug}  # noqa: E731
STAND_SLUG = lambda c: {"slug": c.stand.slug}  # noqa: E731
STAND_SHIFT = lambda c: {"slug": c.stand.slug, "pk": c.shift.pk}  # noqa: E731
PERSON_PK = lambda c: {"pk": c.users["volunteer"].pk}  # noqa: E731
SEGMENT_PK = lambda c: {"pk": c.segment.pk}  # noqa: E731
MAILING_PK = lambda c: {"pk": c.mailing.pk}  # noqa: E731

TABLE: dict[str, Entry] = {
    # --- config: public pages, health, language, places --------------------------------------
    "home": Entry(no_kwargs, get=everyone(OK), post=everyone(NOT_ALLOWED)),
    "privacy": Entry(no_kwargs, get=everyone(OK), post=everyone(NOT_ALLOWED)),
    "signed_in": Entry(no_kwargs, get=logged_in(OK), post=everyone(NOT_ALLOWED)),
    "healthz": Entry(no_kwargs, get=everyone(OK), post=everyone(NOT_ALLOWED)),
    # Django's view: back to the page (here, "/") whatever the method.
    "set_language": Entry(no_kwargs, get=everyone(REDIRECT), post=everyone(REDIRECT)),
    "places_autocomplete": Entry(no_kwargs, get=everyone(OK), post=everyone(NOT_ALLOWED)),
    # --- api: the public read-only API (/api/v1/), the same answer for everybody -------------
    **{
        f"api_v1:{name}": Entry(no_kwargs, get=everyone(OK), post=everyone(NOT_ALLOWED))
        for name in (
            "index",
            "openapi-json",
            "docs",
            "vacancies",
            "coordinations",
            "groups",
            "actions",
            "events",
        )
    },
    "api_v1:vacancy": Entry(VACANCY_SLUG, get=everyone(OK), post=everyone(NOT_ALLOWED)),
    # Near nothing (no postal code, commune or position): the API says what is missing.
    "api_v1:groups_near": Entry(no_kwargs, get=everyone(BAD_REQUEST), post=everyone(NOT_ALLOWED)),
    # Any other address under /api/v1/: a JSON 404 whatever the method.
    "api_v1:not_found": Entry(
        lambda c: {"rest": "volunteers/"}, get=everyone(NOT_FOUND), post=everyone(NOT_FOUND)
    ),
    # --- api: the widgets a website embeds, and their snippets for staff ----------------------
    **{
        f"embeds:{name}": Entry(no_kwargs, get=everyone(OK), post=everyone(NOT_ALLOWED))
        for name in ("groups", "vacancies", "actions")
    },
    "embeds:snippets": Entry(no_kwargs, get=staff_only(OK), post=staff_only(NOT_ALLOWED)),
    # --- allauth: logged-in people are sent on from log-in and sign-up -------------------------
    "account_login": Entry(
        no_kwargs, get=answers(REDIRECT, anonymous=OK), post=answers(REDIRECT, anonymous=OK)
    ),
    "account_signup": Entry(
        no_kwargs, get=answers(REDIRECT, anonymous=OK), post=answers(REDIRECT, anonymous=OK)
    ),
    "account_logout": Entry(
        no_kwargs, get=answers(OK, anonymous=REDIRECT), post=everyone(REDIRECT)
    ),
    "account_reset_password": Entry(no_kwargs, get=everyone(OK), post=everyone(OK)),
    "account_reset_password_done": Entry(no_kwargs, get=everyone(OK), post=everyone(NOT_ALLOWED)),
    # A key that is not one: the page says the link is bad.
    "account_reset_password_from_key": Entry(
        lambda c: {"uidb36": "1", "key": "not-a-key"}, get=everyone(OK), post=everyone(OK)
    ),
    "account_reset_password_from_key_done": Entry(
        no_kwargs, get=everyone(OK), post=everyone(NOT_ALLOWED)
    ),
    # --- accounts ------------------------------------------------------------------------------
    # My space: the overview reads only; the profile is edited on its own page.
    "accounts:me": Entry(no_kwargs, get=logged_in(OK), post=logged_in(NOT_ALLOWED)),
    "accounts:me_profile": Entry(no_kwargs, get=logged_in(OK), post=logged_in(OK)),
    # The coordinator's pages of My space: each coordinator in office sees their own mandate's
    # (no object in the URL); everybody else, staff included, holds none: 404.
    **{
        f"accounts:me_{page}": Entry(
            no_kwargs,
            get=only(("coordinator", "other_coordinator"), OK),
            post=logged_in(NOT_ALLOWED),
        )
        for page in ("mandate", "tasks", "onboarding", "activity", "handover")
    },
    # Personal data and consents: each person's own (no object of somebody else in the URL).
    "accounts:my_data": Entry(no_kwargs, get=logged_in(OK), post=logged_in(OK)),
    "accounts:erase": Entry(no_kwargs, get=logged_in(OK), post=logged_in(OK)),
    "accounts:consents": Entry(no_kwargs, get=logged_in(OK), post=logged_in(NOT_ALLOWED)),
    "accounts:consent_digests": Entry(no_kwargs, get=logged_in(REDIRECT), post=logged_in(REDIRECT)),
    "accounts:consent_news": Entry(no_kwargs, get=logged_in(REDIRECT), post=logged_in(REDIRECT)),
    # The signed link of the volunteer's digest: whoever holds it (no log-in by design).
    "accounts:unsubscribe": Entry(
        lambda c: {"token": c.unsubscribe_token}, get=everyone(OK), post=everyone(OK)
    ),
    # --- coordinations -------------------------------------------------------------------------
    "coordinations:list": Entry(no_kwargs, get=everyone(OK), post=everyone(NOT_ALLOWED)),
    "coordinations:detail": Entry(
        lambda c: {"slug": c.coordination.slug}, get=everyone(OK), post=everyone(NOT_ALLOWED)
    ),
    "coordinations:mandate_request": Entry(
        MANDATE_PK, get=logged_in(REDIRECT), post=only(MANDATE, OK)
    ),
    "coordinations:mandate_tasks": Entry(
        MANDATE_PK, get=logged_in(REDIRECT), post=only(MANDATE, REDIRECT)
    ),
    "coordinations:onboarding": Entry(
        MANDATE_PK, get=only(MANDATE, OK), post=logged_in(NOT_ALLOWED)
    ),
    "coordinations:onboarding_tick": Entry(
        MANDATE_PK, get=logged_in(REDIRECT), post=only(MANDATE, OK)
    ),
    "coordinations:onboarding_untick": Entry(
        lambda c: {"pk": c.progress.pk}, get=only(MANDATE, REDIRECT), post=only(MANDATE, REDIRECT)
    ),
    "coordinations:activity_list": Entry(
        MANDATE_PK, get=only(MANDATE, OK), post=logged_in(NOT_ALLOWED)
    ),
    "coordinations:activity_create": Entry(
        MANDATE_PK, get=logged_in(REDIRECT), post=only(MANDATE, OK)
    ),
    "coordinations:activity_update": Entry(
        lambda c: {"pk": c.activity.pk}, get=only(MANDATE, REDIRECT), post=only(MANDATE, OK)
    ),
    "coordinations:activity_delete": Entry(
        lambda c: {"pk": c.activity.pk}, get=only(MANDATE, REDIRECT), post=only(MANDATE, REDIRECT)
    ),
    "coordinations:handover_note_create": Entry(
        lambda c: {"slug": c.coordination.slug},
        get=logged_in(REDIRECT),
        post=only(MANDATE, OK),
    ),
    "coordinations:handover_note_update": Entry(
        lambda c: {"pk": c.note.pk}, get=logged_in(REDIRECT), post=only(MANDATE, OK)
    ),
    # --- recruitment: the public board ---------------------------------------------------------
    "recruitment:vacancy_list": Entry(no_kwargs, get=everyone(OK), post=everyone(NOT_ALLOWED)),
    "recruitment:vacancy_feed": Entry(no_kwargs, get=everyone(OK), post=everyone(NOT_ALLOWED)),
    "recruitment:vacancy_detail": Entry(VACANCY_SLUG, get=everyone(OK), post=everyone(NOT_ALLOWED)),
    # Everybody logged in may apply (the volunteer, who already has, is told so).
    "recruitment:vacancy_apply": Entry(VACANCY_SLUG, get=logged_in(OK), post=logged_in(OK)),
    "recruitment:interest_register": Entry(no_kwargs, get=logged_in(OK), post=logged_in(OK)),
    "recruitment:interest_stop": Entry(
        lambda c: {"pk": c.interest.pk},
        get=logged_in(REDIRECT),
        post=only(VOLUNTEER, REDIRECT),
    ),
    # --- recruitment: the applicant's own application ------------------------------------------
    # Staff read applications in the pipeline: they are sent there.
    "recruitment:application_detail": Entry(
        APPLICATION_PK,
        get=answers(NOT_FOUND, anonymous=LOGIN, volunteer=OK, staff=REDIRECT, superuser=REDIRECT),
        post=logged_in(NOT_ALLOWED),
    ),
    # Only the applicant withdraws: not even staff, on their behalf.
    "recruitment:application_withdraw": Entry(
        APPLICATION_PK, get=only(VOLUNTEER, OK), post=only(VOLUNTEER, REDIRECT)
    ),
    "recruitment:application_cv": Entry(
        APPLICATION_PK, get=only(("volunteer", *STAFF), OK), post=logged_in(NOT_ALLOWED)
    ),
    # --- recruitment: the staff pipeline -------------------------------------------------------
    "recruitment:pipeline_index": Entry(
        no_kwargs, get=staff_only(OK), post=staff_only(NOT_ALLOWED)
    ),
    "recruitment:pipeline_vacancy": Entry(
        VACANCY_SLUG, get=staff_only(OK), post=staff_only(NOT_ALLOWED)
    ),
    "recruitment:pipeline_publish": Entry(
        VACANCY_SLUG, get=staff_only(REDIRECT), post=staff_only(REDIRECT)
    ),
    "recruitment:pipeline_close": Entry(
        VACANCY_SLUG, get=staff_only(REDIRECT), post=staff_only(REDIRECT)
    ),
    "recruitment:pipeline_decline_remaining": Entry(
        VACANCY_SLUG, get=staff_only(OK), post=staff_only(OK)
    ),
    "recruitment:pipeline_application": Entry(
        APPLICATION_PK, get=staff_only(OK), post=staff_only(NOT_ALLOWED)
    ),
    "recruitment:pipeline_move": Entry(
        APPLICATION_PK, get=staff_only(REDIRECT), post=staff_only(OK)
    ),
    "recruitment:pipeline_note": Entry(
        APPLICATION_PK, get=staff_only(REDIRECT), post=staff_only(OK)
    ),
    "recruitment:pipeline_interview": Entry(
        APPLICATION_PK, get=staff_only(REDIRECT), post=staff_only(OK)
    ),
    "recruitment:pipeline_decline": Entry(
        APPLICATION_PK, get=staff_only(REDIRECT), post=staff_only(OK)
    ),
    # Empty, the reschedule form comes back with its errors; cancelling needs no data.
    "recruitment:pipeline_interview_reschedule": Entry(
        INTERVIEW_PK, get=staff_only(OK), post=staff_only(OK)
    ),
    "recruitment:pipeline_interview_cancel": Entry(
        INTERVIEW_PK, get=staff_only(OK), post=staff_only(REDIRECT)
    ),
    "recruitment:pipeline_accept": Entry(
        APPLICATION_PK, get=staff_only(REDIRECT), post=staff_only(OK)
    ),
    # --- groups: public pages ------------------------------------------------------------------
    "groups:search": Entry(no_kwargs, get=everyone(OK), post=everyone(NOT_ALLOWED)),
    "groups:detail": Entry(GROUP_SLUG, get=everyone(OK), post=everyone(NOT_ALLOWED)),
    # Anybody may write to a group; empty, the form comes back with its errors.
    "groups:contact": Entry(GROUP_SLUG, get=everyone(REDIRECT), post=everyone(OK)),
    # Anybody logged in may ask to join (the member and the leader are told they already are).
    "groups:join": Entry(
        GROUP_SLUG, get=everyone(REDIRECT), post=answers(REDIRECT, anonymous=LOGIN)
    ),
    # The members of Namur leave it (the volunteer; the leader is told to hand over first).
    "groups:leave": Entry(
        GROUP_SLUG, get=everyone(REDIRECT), post=only(("volunteer", "leader"), REDIRECT)
    ),
    # --- groups: the leader's pages ------------------------------------------------------------
    "groups:edit": Entry(GROUP_SLUG, get=only(GROUP, OK), post=only(GROUP, OK)),
    "groups:members": Entry(GROUP_SLUG, get=only(GROUP, OK), post=everyone(NOT_ALLOWED)),
    "groups:coordinators": Entry(GROUP_SLUG, get=only(GROUP, OK), post=everyone(NOT_ALLOWED)),
    "groups:visit_request": Entry(
        lambda c: {"slug": c.group.slug, "mandate_pk": c.mandate.pk},
        get=only(GROUP, OK),
        post=only(GROUP, OK),
    ),
    "groups:membership_role": Entry(
        lambda c: {"pk": c.membership.pk},
        get=only(GROUP, REDIRECT),
        post=only(GROUP, REDIRECT),
    ),
    "groups:membership_remove": Entry(
        lambda c: {"pk": c.membership.pk},
        get=only(GROUP, REDIRECT),
        post=only(GROUP, REDIRECT),
    ),
    "groups:join_request_accept": Entry(
        lambda c: {"pk": c.join_request.pk},
        get=everyone(REDIRECT),
        post=only(GROUP, REDIRECT),
    ),
    "groups:join_request_decline": Entry(
        lambda c: {"pk": c.join_request.pk},
        get=everyone(REDIRECT),
        post=only(GROUP, REDIRECT),
    ),
    # The volunteer's own request to join Liège: not even Liège's leader withdraws it.
    "groups:join_request_withdraw": Entry(
        lambda c: {"pk": c.own_join_request.pk},
        get=everyone(REDIRECT),
        post=only(VOLUNTEER, REDIRECT),
    ),
    # Namur's tasks and who takes them on: its leader and staff.
    "groups:tasks": Entry(GROUP_SLUG, get=only(GROUP, OK), post=only(GROUP, OK)),
    "groups:task_assign": Entry(
        lambda c: {"pk": c.task.pk}, get=only(GROUP, REDIRECT), post=only(GROUP, REDIRECT)
    ),
    "groups:task_delete": Entry(
        lambda c: {"pk": c.task.pk}, get=only(GROUP, REDIRECT), post=only(GROUP, REDIRECT)
    ),
    # Anybody logged in may ask to found a group; empty, the form comes back with its errors.
    "groups:found": Entry(no_kwargs, get=logged_in(OK), post=logged_in(OK)),
    # --- groups: the visit Namur asked of the coordinator --------------------------------------
    # Only the coordinator asked answers (staff correct it in the admin).
    "groups:visit_accept": Entry(
        lambda c: {"pk": c.visit.pk}, get=everyone(REDIRECT), post=only(("coordinator",), OK)
    ),
    "groups:visit_decline": Entry(
        lambda c: {"pk": c.visit.pk},
        get=everyone(REDIRECT),
        post=only(("coordinator",), REDIRECT),
    ),
    "groups:visit_cancel": Entry(
        lambda c: {"pk": c.visit.pk}, get=everyone(REDIRECT), post=only(GROUP, REDIRECT)
    ),
    # --- actions: the secretariat's registry ---------------------------------------------------
    "actions:circular_list": Entry(no_kwargs, get=staff_only(OK), post=staff_only(NOT_ALLOWED)),
    "actions:circular_create": Entry(no_kwargs, get=staff_only(OK), post=staff_only(OK)),
    "actions:circular_edit": Entry(CIRCULAR_PK, get=staff_only(OK), post=staff_only(OK)),
    "actions:circular_assign": Entry(CIRCULAR_PK, get=staff_only(OK), post=staff_only(OK)),
    "actions:circular_close": Entry(
        CIRCULAR_PK, get=staff_only(REDIRECT), post=staff_only(BAD_REQUEST)
    ),
    "actions:attachment_upload": Entry(
        CIRCULAR_PK, get=staff_only(REDIRECT), post=staff_only(BAD_REQUEST)
    ),
    # The circular is assigned to Mexique: its coordinator reads it, and its PDF.
    "actions:circular_detail": Entry(
        CIRCULAR_PK, get=only(MANDATE, OK), post=logged_in(NOT_ALLOWED)
    ),
    "actions:attachment_download": Entry(
        lambda c: {"pk": c.circular.pk, "attachment": c.attachment.pk},
        get=only(MANDATE, OK),
        post=logged_in(NOT_ALLOWED),
    ),
    # --- actions: the coordinator's inbox and proposals ----------------------------------------
    "actions:inbox": Entry(no_kwargs, get=logged_in(OK), post=logged_in(NOT_ALLOWED)),
    "actions:assignment_acknowledge": Entry(
        lambda c: {"pk": c.assignment.pk},
        get=logged_in(REDIRECT),
        post=only(MANDATE, REDIRECT),
    ),
    "actions:proposal_list": Entry(
        no_kwargs, get=only(COORDINATORS, OK), post=logged_in(NOT_ALLOWED)
    ),
    "actions:proposal_create": Entry(
        no_kwargs, get=only(COORDINATORS, OK), post=only(COORDINATORS, OK)
    ),
    "actions:proposal_results": Entry(
        PROPOSAL_PK, get=only(MANDATE, OK), post=logged_in(NOT_ALLOWED)
    ),
    "actions:proposal_edit": Entry(
        DRAFT_PROPOSAL_PK, get=only(MANDATE, OK), post=only(MANDATE, OK)
    ),
    "actions:proposal_publish": Entry(
        DRAFT_PROPOSAL_PK, get=logged_in(REDIRECT), post=only(MANDATE, REDIRECT)
    ),
    "actions:proposal_close": Entry(
        PROPOSAL_PK, get=logged_in(REDIRECT), post=only(MANDATE, REDIRECT)
    ),
    # Namur has not reported: its leader is reminded (refused again within 48 hours).
    "actions:proposal_remind": Entry(
        PROPOSAL_PK, get=logged_in(REDIRECT), post=only(MANDATE, REDIRECT)
    ),
    # The public page's switch: a confirmation page; empty, the confirmation comes back (400).
    "actions:proposal_public": Entry(
        PROPOSAL_PK, get=only(MANDATE, OK), post=only(MANDATE, BAD_REQUEST)
    ),
    # --- actions: the public action page (no log-in by design) ---------------------------------
    "actions:public_action": Entry(PUBLIC_SLUG, get=everyone(OK), post=everyone(NOT_ALLOWED)),
    # Empty, the "I have acted" form comes back with its errors.
    "actions:public_action_participate": Entry(
        PUBLIC_SLUG, get=everyone(REDIRECT), post=everyone(OK)
    ),
    # --- actions: Namur's side -----------------------------------------------------------------
    # Namur's people see what was proposed to it (only its leader and staff report).
    "actions:group_proposals": Entry(
        lambda c: {"group": c.group.slug}, get=only(GROUP_PEOPLE, OK), post=logged_in(NOT_ALLOWED)
    ),
    # The action page, its chosen documents and its letters: Namur's people, the proposing
    # coordinator, staff; 404 for the other leader, coordinator, and volunteers of no group.
    "actions:action_page": Entry(
        lambda c: {"group": c.group.slug, "pk": c.proposal.pk},
        get=only(ACTION_PAGE, OK),
        post=logged_in(NOT_ALLOWED),
    ),
    "actions:action_document": Entry(
        lambda c: {"group": c.group.slug, "pk": c.proposal.pk, "document": c.attachment.pk},
        get=only(ACTION_PAGE, OK),
        post=logged_in(NOT_ALLOWED),
    ),
    "actions:action_letter": Entry(
        lambda c: {"group": c.group.slug, "pk": c.proposal.pk, "target": c.target.pk},
        get=only(ACTION_PAGE, OK),
        post=logged_in(NOT_ALLOWED),
    ),
    # Empty, the report form comes back with its errors and a 400.
    "actions:report_edit": Entry(
        lambda c: {"group": c.group.slug, "pk": c.proposal.pk},
        get=only(GROUP, OK),
        post=only(GROUP, BAD_REQUEST),
    ),
    # The signed link e-mailed to Namur's leader: whoever holds it (no log-in by design).
    "actions:report_by_link": Entry(
        lambda c: {"token": c.report_token}, get=everyone(OK), post=everyone(BAD_REQUEST)
    ),
    # --- liaison: the coordinators' signalements, the secretariat's queue ----------------------
    # Coordinators in office (Mexique, the Great Lakes) send; staff are not coordinators.
    "liaison:my_list": Entry(
        no_kwargs,
        get=only(("coordinator", "other_coordinator"), OK),
        post=logged_in(NOT_ALLOWED),
    ),
    "liaison:create": Entry(
        no_kwargs,
        get=only(("coordinator", "other_coordinator"), OK),
        post=only(("coordinator", "other_coordinator"), OK),
    ),
    # The Mexique coordinator's own signalement: the thread on their side is theirs alone.
    "liaison:my_detail": Entry(
        SIGNALEMENT_PK, get=only(("coordinator",), OK), post=logged_in(NOT_ALLOWED)
    ),
    "liaison:my_reply": Entry(
        SIGNALEMENT_PK, get=logged_in(REDIRECT), post=only(("coordinator",), OK)
    ),
    "liaison:attachment": Entry(
        SIGNALEMENT_PK, get=only(("coordinator", *STAFF), OK), post=logged_in(NOT_ALLOWED)
    ),
    "liaison:queue": Entry(no_kwargs, get=staff_only(OK), post=staff_only(NOT_ALLOWED)),
    "liaison:staff_detail": Entry(SIGNALEMENT_PK, get=staff_only(OK), post=staff_only(NOT_ALLOWED)),
    # Empty, the reply and status forms come back with their errors.
    "liaison:staff_reply": Entry(SIGNALEMENT_PK, get=staff_only(REDIRECT), post=staff_only(OK)),
    "liaison:status": Entry(SIGNALEMENT_PK, get=staff_only(REDIRECT), post=staff_only(OK)),
    # --- events: public pages and calendars -------------------------------------------------
    "events:list": Entry(no_kwargs, get=everyone(OK), post=everyone(NOT_ALLOWED)),
    "events:feed": Entry(no_kwargs, get=everyone(OK), post=everyone(NOT_ALLOWED)),
    "events:detail": Entry(EVENT_SLUG, get=everyone(OK), post=everyone(NOT_ALLOWED)),
    "events:ics": Entry(EVENT_SLUG, get=everyone(OK), post=everyone(NOT_ALLOWED)),
    # The volunteer's private calendar: whoever holds its secret address (no log-in by design).
    "events:personal_feed": Entry(
        lambda c: {"token": c.feed_token}, get=everyone(OK), post=everyone(NOT_ALLOWED)
    ),
    # --- events: taking part (a public assembly; Namur's stand is for Namur's people) ----------
    "events:register": Entry(EVENT_SLUG, get=logged_in(REDIRECT), post=logged_in(REDIRECT)),
    "events:shift_signup": Entry(
        STAND_SHIFT, get=logged_in(REDIRECT), post=only(GROUP_PEOPLE, REDIRECT)
    ),
    # The volunteer's registration: they cancel it, and the organisers (staff, here).
    "events:cancel": Entry(
        lambda c: {"pk": c.registration.pk},
        get=logged_in(REDIRECT),
        post=only(("volunteer", *STAFF), REDIRECT),
    ),
    # Empty, the check-in form comes back with its errors.
    "events:check_in": Entry(EVENT_SLUG, get=logged_in(OK), post=logged_in(OK)),
    "events:my_schedule": Entry(no_kwargs, get=logged_in(OK), post=logged_in(NOT_ALLOWED)),
    "events:calendar_reset": Entry(no_kwargs, get=logged_in(REDIRECT), post=logged_in(REDIRECT)),
    # --- events: the organisers (Namur's leader for its stand, and staff) ----------------------
    "events:manage": Entry(STAND_SLUG, get=only(GROUP, OK), post=logged_in(NOT_ALLOWED)),
    "events:edit": Entry(STAND_SLUG, get=only(GROUP, OK), post=only(GROUP, OK)),
    "events:attendance": Entry(STAND_SLUG, get=logged_in(REDIRECT), post=only(GROUP, REDIRECT)),
    "events:code_renew": Entry(STAND_SLUG, get=logged_in(REDIRECT), post=only(GROUP, REDIRECT)),
    "events:call_for_help": Entry(STAND_SHIFT, get=logged_in(REDIRECT), post=only(GROUP, REDIRECT)),
    "events:create": Entry(no_kwargs, get=only(STAFF, OK), post=only(STAFF, OK)),
    "events:create_for_group": Entry(
        lambda c: {"group": c.group.slug}, get=only(GROUP, OK), post=only(GROUP, OK)
    ),
    "events:create_for_coordination": Entry(
        lambda c: {"coordination": c.coordination.slug},
        get=only(MANDATE, OK),
        post=only(MANDATE, OK),
    ),
    # --- events: a group's hours (its leader and staff, never public) --------------------------
    "events:group_hours": Entry(GROUP_SLUG, get=only(GROUP, OK), post=logged_in(NOT_ALLOWED)),
    "events:time_log": Entry(GROUP_SLUG, get=logged_in(REDIRECT), post=only(GROUP, OK)),
    "events:time_delete": Entry(
        lambda c: {"pk": c.time_entry.pk}, get=only(GROUP, REDIRECT), post=only(GROUP, REDIRECT)
    ),
    # --- events: the secretariat's hours, export and trainings ---------------------------------
    "events:hours": Entry(no_kwargs, get=staff_only(OK), post=staff_only(NOT_ALLOWED)),
    "events:hours_export": Entry(no_kwargs, get=staff_only(OK), post=staff_only(NOT_ALLOWED)),
    "events:training_needs": Entry(no_kwargs, get=staff_only(OK), post=staff_only(NOT_ALLOWED)),
    # --- dashboard -----------------------------------------------------------------------------
    "dashboard:index": Entry(no_kwargs, get=staff_only(OK), post=staff_only(NOT_ALLOWED)),
    "dashboard:map_data": Entry(no_kwargs, get=staff_only(OK), post=staff_only(NOT_ALLOWED)),
    "dashboard:export_coordinators": Entry(
        no_kwargs, get=staff_only(OK), post=staff_only(NOT_ALLOWED)
    ),
    "dashboard:export_groups": Entry(no_kwargs, get=staff_only(OK), post=staff_only(NOT_ALLOWED)),
    "dashboard:export_applications": Entry(
        VACANCY_SLUG, get=staff_only(OK), post=staff_only(NOT_ALLOWED)
    ),
    "dashboard:export_follow_up": Entry(
        PROPOSAL_PK, get=staff_only(OK), post=staff_only(NOT_ALLOWED)
    ),
    # --- people: the search, segments, a person's page (the volunteer's) ----------------------
    "people:search": Entry(no_kwargs, get=staff_only(OK), post=staff_only(NOT_ALLOWED)),
    "people:export": Entry(no_kwargs, get=staff_only(OK), post=staff_only(NOT_ALLOWED)),
    # Empty: no name, the search page says so.
    "people:segment_save": Entry(no_kwargs, get=staff_only(REDIRECT), post=staff_only(REDIRECT)),
    "people:segment_delete": Entry(SEGMENT_PK, get=staff_only(REDIRECT), post=staff_only(REDIRECT)),
    "people:person": Entry(PERSON_PK, get=staff_only(OK), post=staff_only(NOT_ALLOWED)),
    # Empty, the note comes back with its error; no tag chosen takes them all off.
    "people:note_add": Entry(PERSON_PK, get=staff_only(REDIRECT), post=staff_only(OK)),
    "people:tags": Entry(PERSON_PK, get=staff_only(REDIRECT), post=staff_only(REDIRECT)),
    # --- messages to several people (the draft to the volunteer) -------------------------------
    "mailings:list": Entry(no_kwargs, get=staff_only(OK), post=staff_only(NOT_ALLOWED)),
    "mailings:create": Entry(no_kwargs, get=staff_only(OK), post=staff_only(OK)),
    "mailings:detail": Entry(MAILING_PK, get=staff_only(OK), post=staff_only(NOT_ALLOWED)),
    "mailings:edit": Entry(MAILING_PK, get=staff_only(OK), post=staff_only(OK)),
    # Empty, the choice of a time comes back with its error.
    "mailings:send": Entry(MAILING_PK, get=staff_only(REDIRECT), post=staff_only(OK)),
    # A draft is not scheduled: staff are told so.
    "mailings:unschedule": Entry(
        MAILING_PK, get=staff_only(NOT_ALLOWED), post=staff_only(REDIRECT)
    ),
    "mailings:delete": Entry(MAILING_PK, get=staff_only(REDIRECT), post=staff_only(REDIRECT)),
    # --- the outbox's staff page (failed and stuck messages) -----------------------------------
    "messaging:outbox": Entry(no_kwargs, get=staff_only(OK), post=staff_only(NOT_ALLOWED)),
    # Without messages chosen: the confirmation says that nothing can be sent again.
    "messaging:resend": Entry(no_kwargs, get=staff_only(REDIRECT), post=staff_only(OK)),
}


# Walking the resolver --------------------------------------------------------------------------

# django-allauth's pages that the matrix covers; its other pages (e-mail management,
# reauthentication, login codes...) are allauth's own business and left out.
ALLAUTH_PAGES = {
    "account_login",
    "account_logout",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
}


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", pattern


def url_names() -> set[str]:
    """Every URL name of the portal that the matrix must cover."""
    names = set()
    for name, pattern in _walk(get_resolver().url_patterns):
        if name.startswith("admin:"):
            continue
        module = getattr(pattern.callback, "__module__", "") or ""
        if module.startswith("allauth.") and name not in ALLAUTH_PAGES:
            continue
        assert pattern.name, f"a URL pattern without a name: {pattern}"
        names.add(name)
    return names


# Asking ----------------------------------------------------------------------------------------

LOGIN_PATHS = ("/fr/accounts/login/", "/en/accounts/login/")
# Sessions change with every log-in; the places and permissions are never written by a page.
SKIPPED_TABLES = {"django_session", "groups_place", "auth_permission", "django_content_type"}


def database_state() -> dict:
    """Every row of every table (a few aside), to tell that a request changed nothing."""
    state = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            state[table] = cursor.fetchall()
    return state


@functools.cache
def _tables() -> tuple[str, ...]:
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
    return tuple(name for name in names if name not in SKIPPED_TABLES)


def difference(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after[label]]


def classify(response) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        path = urlsplit(response["Location"]).path
        return LOGIN if path in LOGIN_PATHS else REDIRECT
    return str(response.status_code)


def client_for(user, **options) -> Client:
    # Staff open pages only once their session passed the second factor (tests/mfa.py).
    client = SecondFactorClient(**options)
    if user is not None:
        client.force_login(user)
    return client


def ask(client: Client, method: str, url: str, *, baseline: dict | None = None, check_state=None):
    """One request in a transaction that is rolled back: (answer, tables changed).

    With ``baseline`` (the ``database_state()`` before any request), the tables are compared
    after the request whenever ``check_state(answer)`` is true."""
    cookies = SimpleCookie()
    cookies.load(client.cookies.output(header="", sep=";"))
    changed = []
    try:
        with transaction.atomic():
            response = getattr(client, method)(url)
            answer = classify(response)
            if response.streaming:
                # Read to the end: the test client then closes the file and the response.
                b"".join(response.streaming_content)
            if baseline is not None and check_state(answer):
                changed = difference(baseline, database_state())
            transaction.set_rollback(True)
    except Exception as error:  # a server error: reported in the matrix, not raised
        answer = f"500 {type(error).__name__}: {error}"
    finally:
        # A log-out (or a log-in) changes the client's session: start again from the same one.
        client.cookies = cookies
        cache.clear()
        translation.activate("fr")
    return answer, changed


def url_of(name: str, cast: Cast) -> str:
    with translation.override("fr"):
        return reverse(name, kwargs=TABLE[name].kwargs(cast))


# The tests -------------------------------------------------------------------------------------


def test_every_url_has_an_entry():
    names = url_names()
    missing = sorted(names - set(TABLE))
    stale = sorted(set(TABLE) - names)
    assert not missing, f"URLs without an entry in the permission matrix: {missing}"
    assert not stale, f"entries of the permission matrix for URLs that do not exist: {stale}"
    print(
        f"permission matrix: {len(TABLE)} URLs x {len(ROLES)} roles x 2 methods = "
        f"{len(TABLE) * len(ROLES) * 2} requests"
    )


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, cast):
    client = client_for(cast.users[role])
    baseline = database_state()
    wrong = []
    checked = 0
    for name in sorted(TABLE):
        url = url_of(name, cast)
        entry = TABLE[name]
        for method, expected in (("get", entry.get[role]), ("post", entry.post[role])):
            # A refused POST must leave every row as it was (GETs: see test_csrf.py).
            answer, changed = ask(
                client,
                method,
                url,
                baseline=baseline if method == "post" else None,
                check_state=lambda answer: answer in REFUSALS,
            )
            checked += 1
            if answer != expected:
                wrong.append(f"{method.upper()} {name} {url}: {answer}, expected {expected}")
            if changed:
                wrong.append(
                    f"{method.upper()} {name} {url}: refused ({answer}) yet changed {changed}"
                )
    print(f"permission matrix, {role}: {checked} requests ({len(TABLE)} URLs x GET and POST)")
    assert not wrong, "\n".join(wrong)
