"""Robust input: every form a visitor, a volunteer, a leader, a coordinator or the secretariat
can reach is fed arbitrary text, numbers, dates and Unicode through the real views.

The forms are found on the pages themselves (each ``<form>`` with its fields, its method and its
action), so that a form added to a page is fuzzed without touching this file. Each example is
sent by a fresh client carrying the person's session, inside a savepoint that is rolled back:
examples do not depend on each other, and the limits on repeated sending are switched off.
The answer must be a page (with field errors) or a redirect: never a server error; and a form
sent back with errors has saved nothing. The secretariat's pipeline is fuzzed at each stage
(submitted, in review, at interview), so that its interview and acceptance forms, with their
dates, are fuzzed too; dates include the edges of the calendar (year 1, year 9999).
"""

import copy
import datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from groups.models import Membership
from recruitment.models import Application
from tests.factories import UserFactory
from tests.groups.factories import MembershipFactory, VisitRequestFactory
from tests.mfa import SecondFactorClient
from tests.recruitment.factories import ApplicationFactory, VacancyFactory

pytestmark = pytest.mark.django_db

EXAMPLES = 8  # per page: each example fills every form of the page once
ALLOWED = {200, 302, 303}
# The circular's forms (documents, closing) answer their errors with 400 (the page, with the
# errors) on purpose.
ALLOWED_400 = ("/documents/", "/close/")
SKIPPED_ACTIONS = ("/i18n/setlang/", "/logout/")


class FormFinder(HTMLParser):
    """The forms of a page: method, action and fields (name, kind, the values offered)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.current = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.current = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action") or "",
                "fields": {},
            }
            self.forms.append(self.current)
        elif self.current is None:
            return
        elif tag in {"input", "textarea", "select"} and attrs.get("name"):
            name = attrs["name"]
            kind = attrs.get("type", tag) if tag == "input" else tag
            if name == "csrfmiddlewaretoken" or kind in {"submit", "button", "file"}:
                return
            field = self.current["fields"].setdefault(name, {"kind": kind, "values": []})
            if attrs.get("value"):
                field["values"].append(attrs["value"])
            if tag == "select":
                self.select = field
        elif tag == "option" and self.select is not None and attrs.get("value"):
            self.select["values"].append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


def forms_on(html: str, page_url: str) -> list[dict]:
    finder = FormFinder()
    finder.feed(html)
    found = []
    for form in finder.forms:
        form["action"] = urlsplit(form["action"]).path or page_url
        if form["fields"] and not form["action"].endswith(SKIPPED_ACTIONS):
            found.append(form)
    return found


# What people (and robots) type -----------------------------------------------------------------

HUGE = st.text(min_size=1, max_size=8).map(lambda text: text * 2_000)
TEXT = st.one_of(
    st.text(max_size=60),  # any Unicode but surrogates, control characters included
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp"])),
    st.sampled_from(["", " ", "\x00", "0", "-1", "1e309", "NaN", "../../etc/passwd", "<script>"]),
    HUGE,
)
NUMBER = st.one_of(st.integers(), st.integers(-(10**30), 10**30), st.floats()).map(str)
# The edges of the calendar, where date arithmetic and time zones overflow.
EDGE_DATES = st.sampled_from(
    [
        "0001-01-01",
        "0001-01-01T00:00",
        "0001-01-02T10:00",
        "1899-12-31",
        "9999-12-31",
        "9999-12-31T23:59",
        "9999-12-31T10:00",
        "31/12/9999",
        "10000-01-01",
    ]
)
DATE = st.one_of(
    st.dates().map(datetime.date.isoformat),
    st.dates().map(lambda day: day.strftime("%d/%m/%Y")),
    st.datetimes().map(lambda moment: moment.isoformat(timespec="minutes")),
    EDGE_DATES,
)
DATE_INPUTS = {"date", "datetime-local", "time", "month"}


def value_for(field: dict):
    offered = [st.sampled_from(field["values"])] if field["values"] else []
    one = st.one_of(*offered, TEXT, NUMBER, DATE)
    if field["kind"] in DATE_INPUTS:
        # Mostly dates, so that the rest of the form is often valid and the date reaches the
        # service behind it.
        return st.one_of(st.none(), DATE, EDGE_DATES, one)
    if field["kind"] in {"checkbox", "select", "radio"}:
        # Mostly what the page offers: a form whose choices are valid gets to its dates.
        return st.one_of(st.none(), *offered, *offered, one, st.lists(one, max_size=3))
    return st.one_of(st.none(), one)


def filled(form: dict):
    """A strategy for what one sending of the form carries (None leaves the field out)."""
    return st.fixed_dictionaries({name: value_for(field) for name, field in form["fields"].items()})


# The people and the pages ----------------------------------------------------------------------


@pytest.fixture
def no_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = False
    settings.PORTAL_RATE_LIMITS = dict.fromkeys(settings.PORTAL_RATE_LIMITS, (10**9, 1))


@pytest.fixture
def cast(
    volunteer,
    staff,
    leader,
    group,
    coordinator,
    mandate,
    coordination,
    vacancy,
    application,
    circular,
    private_media,
):
    visit = VisitRequestFactory(group=group, requested_by=leader, mandate=mandate)
    open_vacancy = VacancyFactory(title="Bénévole pour les stands de Namur")
    MembershipFactory(group=group, role=Membership.Role.MEMBER)
    # The pipeline at its later stages: the interview and the acceptance forms show there.
    in_review, at_interview = (
        ApplicationFactory(
            vacancy=vacancy, applicant=UserFactory(), status=status, commitment_confirmed=True
        )
        for status in (Application.Status.IN_REVIEW, Application.Status.INTERVIEW)
    )
    return {
        "anonymous": None,
        "volunteer": volunteer,
        "leader": leader,
        "coordinator": coordinator,
        "staff": staff,
        "group": group,
        "mandate": mandate,
        "coordination": coordination,
        "vacancy": vacancy,
        "open vacancy": open_vacancy,
        "application": application,
        "application in review": in_review,
        "application at interview": at_interview,
        "circular": circular,
        "visit": visit,
    }


@pytest.fixture
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return settings.PRIVATE_MEDIA_ROOT


PAGES = [
    # (who, title of the page, where)
    ("anonymous", "login", lambda c: reverse("account_login")),
    ("anonymous", "signup", lambda c: reverse("account_signup")),
    ("anonymous", "password reset", lambda c: reverse("account_reset_password")),
    ("anonymous", "group search", lambda c: reverse("groups:search")),
    ("anonymous", "group page", lambda c: reverse("groups:detail", args=[c["group"].slug])),
    ("anonymous", "vacancy board", lambda c: reverse("recruitment:vacancy_list")),
    (
        "volunteer",
        "apply",
        lambda c: reverse("recruitment:vacancy_apply", args=[c["open vacancy"].slug]),
    ),
    ("volunteer", "interest", lambda c: reverse("recruitment:interest_register")),
    ("volunteer", "my profile", lambda c: reverse("accounts:me_profile")),
    ("volunteer", "consents", lambda c: reverse("accounts:consents")),
    ("volunteer", "erase", lambda c: reverse("accounts:erase")),
    (
        "volunteer",
        "withdraw",
        lambda c: reverse("recruitment:application_withdraw", args=[c["application"].pk]),
    ),
    ("volunteer", "group page", lambda c: reverse("groups:detail", args=[c["group"].slug])),
    ("leader", "group edit", lambda c: reverse("groups:edit", args=[c["group"].slug])),
    ("leader", "members", lambda c: reverse("groups:members", args=[c["group"].slug])),
    ("leader", "coordinators", lambda c: reverse("groups:coordinators", args=[c["group"].slug])),
    (
        "leader",
        "visit request",
        lambda c: reverse("groups:visit_request", args=[c["group"].slug, c["mandate"].pk]),
    ),
    ("coordinator", "my space", lambda c: reverse("accounts:me")),
    ("coordinator", "my mandate", lambda c: reverse("accounts:me_mandate")),
    ("coordinator", "my tasks", lambda c: reverse("accounts:me_tasks")),
    ("coordinator", "my hand-over", lambda c: reverse("accounts:me_handover")),
    (
        "coordinator",
        "activities",
        lambda c: reverse("coordinations:activity_list", args=[c["mandate"].pk]),
    ),
    ("coordinator", "new proposal", lambda c: reverse("actions:proposal_create")),
    ("staff", "new circular", lambda c: reverse("actions:circular_create")),
    (
        "staff",
        "circular",
        lambda c: reverse("actions:circular_detail", args=[c["circular"].pk]),
    ),
    (
        "staff",
        "pipeline application",
        lambda c: reverse("recruitment:pipeline_application", args=[c["application"].pk]),
    ),
    (
        "staff",
        "pipeline in review",
        lambda c: reverse("recruitment:pipeline_application", args=[c["application in review"].pk]),
    ),
    (
        "staff",
        "pipeline at interview",
        lambda c: reverse(
            "recruitment:pipeline_application", args=[c["application at interview"].pk]
        ),
    ),
    ("staff", "circular edit", lambda c: reverse("actions:circular_edit", args=[c["circular"].pk])),
    ("staff", "circular registry", lambda c: reverse("actions:circular_list")),
    ("staff", "new proposal", lambda c: reverse("actions:proposal_create")),
    (
        "staff",
        "onboarding",
        lambda c: reverse("coordinations:onboarding", args=[c["mandate"].pk]),
    ),
    (
        "staff",
        "activities",
        lambda c: reverse("coordinations:activity_list", args=[c["mandate"].pk]),
    ),
    (
        "staff",
        "decline remaining",
        lambda c: reverse("recruitment:pipeline_decline_remaining", args=[c["vacancy"].slug]),
    ),
    ("staff", "dashboard", lambda c: reverse("dashboard:index")),
    ("staff", "people search", lambda c: reverse("people:search")),
    ("staff", "person", lambda c: reverse("people:person", args=[c["volunteer"].pk])),
    ("staff", "new message", lambda c: reverse("mailings:create")),
]


def session_client(user) -> Client:
    client = SecondFactorClient()  # staff's session has passed their second factor (tests/mfa.py)
    if user is not None:
        client.force_login(user)
    return client


# What a form sent back with errors must leave as it was: the rows of the portal's apps, and
# where each application stands.
WATCHED_APPS = ("accounts", "actions", "coordinations", "local_groups", "recruitment")


def saved_state() -> dict:
    state = {
        model._meta.label: model._default_manager.count()
        for app_label in WATCHED_APPS
        for model in apps.get_app_config(app_label).get_models()
    }
    state["application statuses"] = sorted(Application.objects.values_list("pk", "status"))
    return state


def send(base: Client, form: dict, data: dict):
    """One sending by a fresh client with the same session, in a savepoint rolled back after.
    A POST answered with the page again (its errors) must have saved nothing."""
    cache.clear()
    client = Client()
    client.cookies = copy.deepcopy(base.cookies)
    data = {name: value for name, value in data.items() if value is not None}
    with transaction.atomic():
        if form["method"] == "post":
            before = saved_state()
            response = client.post(form["action"], data)
            if response.status_code not in {301, 302, 303}:
                assert saved_state() == before, (form["action"], data, "saved despite errors")
        else:
            response = client.get(form["action"], data)
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize(
    "who, title, where", PAGES, ids=[f"{who}-{title}".replace(" ", "-") for who, title, _ in PAGES]
)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: the time stays bounded
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_form_answers_with_a_server_error(cast, no_limits, who, title, where, data):
    base = session_client(cast[who])
    url = where(cast)
    response = base.get(url)
    assert response.status_code == 200, (who, title, url)
    forms = forms_on(response.content.decode(), url)
    assert forms, f"no form found on {title}"
    for form in forms:
        values = data.draw(filled(form), label=f"{form['method']} {form['action']}")
        answer = send(base, form, values)
        allowed = ALLOWED | ({400} if form["action"].endswith(ALLOWED_400) else set())
        assert answer.status_code in allowed, (form["action"], values, answer.status_code)


EXTREMES = {
    "NUL bytes": "a\x00b",
    "control characters": "\x01\x1b[31m\x7f\u202e\u2028",
    "a huge value": "Ø" * 20_000,  # below DATA_UPLOAD_MAX_MEMORY_SIZE with every field full
    "a negative number": "-99999999999999999999",
}


@pytest.mark.parametrize(
    "who, title, where", PAGES, ids=[f"{who}-{title}".replace(" ", "-") for who, title, _ in PAGES]
)
def test_extreme_values_in_every_field_at_once(cast, no_limits, who, title, where):
    """The values most likely to reach the database raw, in every field of every form."""
    base = session_client(cast[who])
    url = where(cast)
    for form in forms_on(base.get(url).content.decode(), url):
        allowed = ALLOWED | ({400} if form["action"].endswith(ALLOWED_400) else set())
        for kind, value in EXTREMES.items():
            answer = send(base, form, dict.fromkeys(form["fields"], value))
            assert answer.status_code in allowed, (form["action"], kind, answer.status_code)


# A plausible value for each kind of input, so that a form's other fields are valid and the date
# being tried reaches the service behind it.
PLAUSIBLE = {
    "email": "someone@example.org",
    "url": "https://example.org/",
    "number": "1",
    "tel": "+32 470 00 00 00",
    "date": "2026-11-23",
    "datetime-local": "2026-11-23T10:00",
}
CALENDAR_EDGES = {
    "date": ["0001-01-01", "9999-12-31"],
    "datetime-local": ["0001-01-01T00:10", "9999-12-31T23:30", "9999-12-31T10:00"],
}


def plausible(form: dict) -> dict:
    return {
        name: field["values"][0]
        if field["values"]
        else PLAUSIBLE.get(field["kind"], "Réunion au secrétariat")
        for name, field in form["fields"].items()
    }


@pytest.mark.parametrize(
    "who, title, where", PAGES, ids=[f"{who}-{title}".replace(" ", "-") for who, title, _ in PAGES]
)
def test_the_edges_of_the_calendar_in_every_date_field(cast, no_limits, who, title, where):
    """Year 1 and year 9999 in each date field, the rest of the form filled as a person would:
    an answer with the message, never a server error, and nothing saved (before, the interview
    and the acceptance forms answered with a 500)."""
    base = session_client(cast[who])
    url = where(cast)
    for form in forms_on(base.get(url).content.decode(), url):
        allowed = ALLOWED | ({400} if form["action"].endswith(ALLOWED_400) else set())
        for name, field in form["fields"].items():
            for edge in CALENDAR_EDGES.get(field["kind"], []):
                data = {**plausible(form), name: edge}
                with transaction.atomic():
                    before = saved_state()
                    answer = send(base, form, data)
                    assert answer.status_code in allowed, (form["action"], data, answer)
                    assert saved_state() == before, (form["action"], data, "saved")
                    transaction.set_rollback(True)


def test_the_fuzzed_pages_hold_every_kind_of_form(cast):
    """What the two tests above cover: at least 40 distinct forms (method, action, role),
    among them every verb of the secretariat's pipeline."""
    forms = set()
    for who, _title, where in PAGES:
        url = where(cast)
        for form in forms_on(session_client(cast[who]).get(url).content.decode(), url):
            forms.add(f"{who}: {form['method'].upper()} {form['action']}")
    assert len(forms) >= 40, sorted(forms)
    staff_verbs = {form.rsplit("/", 2)[-2] for form in forms if "/pipeline/applications/" in form}
    assert staff_verbs >= {"move", "note", "interview", "decline", "accept"}, sorted(forms)
