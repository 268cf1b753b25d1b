"""The staff pipeline pages: staff only, the moves through the forms, fixed query counts."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from coordinations.models import Mandate
from recruitment.models import Application, ApplicationNote, Interview, Vacancy
from tests.factories import StaffFactory
from tests.recruitment.factories import ApplicationFactory, VacancyFactory

pytestmark = pytest.mark.django_db
Status = Application.Status


def set_status(application, status, reason=None):
    Application.objects.filter(pk=application.pk).update(
        status=status,
        decline_reason=reason,
        start_date=datetime.date(2026, 1, 1) if status == Status.ACCEPTED else None,
    )
    application.refresh_from_db()
    return application


def without_tokens(response) -> str:
    """A page's HTML without its CSRF tokens (masked anew for each response)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def urls(application):
    vacancy = application.vacancy
    return {
        "index": ("get", reverse("recruitment:pipeline_index")),
        "vacancy": ("get", reverse("recruitment:pipeline_vacancy", args=[vacancy.slug])),
        "application": ("get", reverse("recruitment:pipeline_application", args=[application.pk])),
        "move": ("post", reverse("recruitment:pipeline_move", args=[application.pk])),
        "note": ("post", reverse("recruitment:pipeline_note", args=[application.pk])),
        "interview": ("post", reverse("recruitment:pipeline_interview", args=[application.pk])),
        "decline": ("post", reverse("recruitment:pipeline_decline", args=[application.pk])),
        "accept": ("post", reverse("recruitment:pipeline_accept", args=[application.pk])),
        "decline_remaining": (
            "get",
            reverse("recruitment:pipeline_decline_remaining", args=[vacancy.slug]),
        ),
        "publish": ("post", reverse("recruitment:pipeline_publish", args=[vacancy.slug])),
        "close": ("post", reverse("recruitment:pipeline_close", args=[vacancy.slug])),
    }


NAMES = [
    "index",
    "vacancy",
    "application",
    "move",
    "note",
    "interview",
    "decline",
    "accept",
    "decline_remaining",
    "publish",
    "close",
]


@pytest.mark.parametrize("name", NAMES)
def test_anonymous_visitors_are_sent_to_log_in(client, application, name):
    method, url = urls(application)[name]
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", NAMES)
def test_volunteers_and_coordinators_get_404(client, application, coordinator, name):
    method, url = urls(application)[name]
    for person in (application.applicant, coordinator):
        client.force_login(person)
        assert getattr(client, method)(url).status_code == 404
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.vacancy.status == Vacancy.Status.PUBLISHED


@pytest.mark.parametrize(
    "name", ["move", "note", "interview", "decline", "accept", "publish", "close"]
)
def test_verbs_refuse_get(staff_client, application, name):
    _method, url = urls(application)[name]
    # By GET (a reload, a language switch): the pipeline's page with the form, nothing done.
    response = staff_client.get(url, follow=True)
    assert response.status_code == 200 and response.redirect_chain
    assert "/pipeline/" in response.redirect_chain[-1][0]
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


@pytest.mark.parametrize("name", ["index", "vacancy", "application"])
def test_pages_refuse_post(staff_client, application, name):
    _method, url = urls(application)[name]
    assert staff_client.post(url).status_code == 405


def test_unknown_objects_are_404(staff_client):
    assert (
        staff_client.get(reverse("recruitment:pipeline_vacancy", args=["nope"])).status_code == 404
    )
    assert (
        staff_client.get(reverse("recruitment:pipeline_application", args=[404])).status_code == 404
    )
    assert staff_client.post(reverse("recruitment:pipeline_move", args=[404])).status_code == 404


# Pages --------------------------------------------------------------------------------------


def test_the_index_counts_applications_by_stage(
    staff_client, application, other_application, decline_reason
):
    set_status(other_application, Status.DECLINED, decline_reason)
    VacancyFactory(title="Brouillon à relire", status="draft", published_at=None)
    response = staff_client.get(reverse("recruitment:pipeline_index"))
    vacancy = next(v for v in response.context["vacancies"] if v.pk == application.vacancy_id)
    assert (vacancy.count_submitted, vacancy.count_declined, vacancy.count_total) == (1, 1, 2)
    assert "Brouillon à relire" in response.content.decode()


def test_the_vacancy_page_groups_applications_by_stage(
    staff_client, application, other_application, decline_reason
):
    set_status(other_application, Status.INTERVIEW)
    response = staff_client.get(
        reverse("recruitment:pipeline_vacancy", args=[application.vacancy.slug])
    )
    columns = {column["status"]: column for column in response.context["columns"]}
    link = reverse("recruitment:pipeline_application", args=[application.pk])
    other_link = reverse("recruitment:pipeline_application", args=[other_application.pk])
    assert [card["url"] for card in columns[Status.SUBMITTED]["cards"]] == [link]
    assert [card["url"] for card in columns[Status.INTERVIEW]["cards"]] == [other_link]
    assert columns[Status.ACCEPTED]["cards"] == [] and columns[Status.ACCEPTED]["count"] == 0
    page = response.content.decode()
    assert f'href="{link}"' in page and f'href="{other_link}"' in page
    assert "Refuser les 2 candidatures restantes" in page


def test_the_application_page_shows_everything_to_staff(staff_client, application, staff):
    ApplicationNote.objects.create(application=application, author=staff, body="Solide", rating=4)
    page = staff_client.get(
        reverse("recruitment:pipeline_application", args=[application.pk])
    ).content.decode()
    assert application.motivation in page
    assert application.applicant.email in page
    assert "Solide" in page and "★ 4/5" in page
    assert "Planifier un entretien" not in page  # only from "in review"
    assert "Faire avancer" in page


def pipeline_sizes(vacancy, count, reason):
    """`count` applications spread over every stage, with notes, interviews and events."""
    staff = StaffFactory()
    statuses = list(Status.values)
    for number in range(count):
        status = statuses[number % len(statuses)]
        application = ApplicationFactory(vacancy=vacancy)
        set_status(application, status, reason if status == Status.DECLINED else None)
        ApplicationNote.objects.create(application=application, author=staff, body="n", rating=3)


@pytest.mark.parametrize("count", [10, 200])
def test_the_pipeline_query_budget_does_not_grow(
    staff_client, vacancy, decline_reason, count, django_assert_num_queries
):
    pipeline_sizes(vacancy, count, decline_reason)
    VacancyFactory.create_batch(3)
    url = reverse("recruitment:pipeline_vacancy", args=[vacancy.slug])
    # Each page counts the session, the user and their second factor (accounts/middleware.py);
    # the board: its vacancy with the counts per stage, and a page of each column's cards.
    with django_assert_num_queries(5):
        response = staff_client.get(url)
    assert sum(column["count"] for column in response.context["columns"]) == count
    # Kept: the next visit reads nothing of the board again (test_pipeline_cache.py).
    with django_assert_num_queries(3):
        again = staff_client.get(url)
    assert without_tokens(again) == without_tokens(response)
    with django_assert_num_queries(5):
        staff_client.get(reverse("recruitment:pipeline_index"))


@pytest.mark.parametrize("count", [10, 200])
def test_the_application_page_query_budget_does_not_grow(
    staff_client, application, staff, count, django_assert_num_queries
):
    for _ in range(count // 10):
        ApplicationNote.objects.create(application=application, author=staff, body="n", rating=3)
        StaffFactory()
    with django_assert_num_queries(13):  # 12, and the second factor (accounts/middleware.py)
        staff_client.get(reverse("recruitment:pipeline_application", args=[application.pk]))


# Moves through the forms -----------------------------------------------------------------


def test_moving_to_review(staff_client, application, staff):
    response = staff_client.post(
        reverse("recruitment:pipeline_move", args=[application.pk]),
        {"to_status": "in_review", "note": "À lire", "message": "", "notify": ""},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    assert application.events.get().actor == staff


def test_a_forbidden_move_is_refused_with_a_message(staff_client, application):
    response = staff_client.post(
        reverse("recruitment:pipeline_move", args=[application.pk]), {"to_status": "accepted"}
    )
    assert response.status_code == 200
    assert "to_status" in response.context["move_form"].errors
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_adding_a_note(staff_client, application, staff):
    url = reverse("recruitment:pipeline_note", args=[application.pk])
    assert staff_client.post(url, {"body": "Très bon contact", "rating": "5"}).status_code == 302
    note = application.notes.get()
    assert (note.body, note.rating, note.author) == ("Très bon contact", 5, staff)
    response = staff_client.post(url, {"body": "", "rating": "9"})
    assert response.status_code == 200
    assert set(response.context["note_form"].errors) == {"body", "rating"}
    assert application.notes.count() == 1


def test_scheduling_an_interview(
    clock, staff_client, application, staff, mailoutbox, django_capture_on_commit_callbacks
):
    # An interview is planned within two years (config.dates): the fixed clock of tests/clock.py.
    set_status(application, Status.IN_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("recruitment:pipeline_interview", args=[application.pk]),
            {
                "starts_at": "2026-12-03T19:30",
                "duration": "45",
                "place": "",
                "video_url": "https://visio.example.org/salle",
                "interviewers": [staff.pk],
            },
        )
    assert response.status_code == 302
    interview = Interview.objects.get()
    assert interview.starts_at == datetime.datetime(2026, 12, 3, 18, 30, tzinfo=datetime.UTC)
    assert interview.ends_at - interview.starts_at == datetime.timedelta(minutes=45)
    application.refresh_from_db()
    assert application.status == Status.INTERVIEW
    assert mailoutbox[0].attachments[0][0] == "interview.ics"


def test_a_bad_interview_form_saves_nothing(staff_client, application, volunteer):
    set_status(application, Status.IN_REVIEW)
    response = staff_client.post(
        reverse("recruitment:pipeline_interview", args=[application.pk]),
        {"starts_at": "demain", "duration": "60", "interviewers": [volunteer.pk]},
    )
    assert response.status_code == 200
    assert {"starts_at", "interviewers", "place"} <= set(response.context["interview_form"].errors)
    assert not Interview.objects.exists()


def test_declining_with_a_reason(
    staff_client, application, decline_reason, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("recruitment:pipeline_decline", args=[application.pk]),
            {"reason": decline_reason.pk, "personal_message": "Merci encore.", "notify": "on"},
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.decline_reason) == (Status.DECLINED, decline_reason)
    assert "Merci encore." in mailoutbox[0].body


def test_declining_without_a_reason_is_refused(staff_client, application):
    response = staff_client.post(reverse("recruitment:pipeline_decline", args=[application.pk]), {})
    assert "reason" in response.context["decline_form"].errors
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_accepting_with_a_start_date(clock, staff_client, application, coordination):
    set_status(application, Status.INTERVIEW)
    response = staff_client.post(
        reverse("recruitment:pipeline_accept", args=[application.pk]),
        {"start_date": "2026-12-01", "notify": ""},
    )
    assert response.status_code == 302
    mandate = Mandate.objects.get()
    assert (mandate.coordination, mandate.start_date) == (coordination, datetime.date(2026, 12, 1))
    application.vacancy.refresh_from_db()
    assert application.vacancy.status == Vacancy.Status.FILLED


def test_accepting_too_early_in_the_pipeline_is_refused(clock, staff_client, application):
    response = staff_client.post(
        reverse("recruitment:pipeline_accept", args=[application.pk]), {"start_date": "2026-12-01"}
    )
    assert response.status_code == 200
    assert (
        "ne peut pas passer de «\u202fEnvoyée\u202f» à «\u202fAcceptée\u202f»"
        in response.content.decode()
    )
    assert not Mandate.objects.exists()


def test_accepting_without_a_date_is_refused(staff_client, application):
    set_status(application, Status.INTERVIEW)
    response = staff_client.post(
        reverse("recruitment:pipeline_accept", args=[application.pk]), {"start_date": "bientôt"}
    )
    assert "start_date" in response.context["accept_form"].errors
    assert not Mandate.objects.exists()


def test_declining_the_remaining_candidates_after_confirmation(
    staff_client,
    application,
    other_application,
    decline_reason,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    url = reverse("recruitment:pipeline_decline_remaining", args=[application.vacancy.slug])
    page = staff_client.get(url).content.decode()
    assert application.applicant.get_full_name() in page
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED  # nothing happens on GET
    assert staff_client.post(url, {}).status_code == 200  # no reason: refused
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {"reason": decline_reason.pk})
    assert response.status_code == 302
    assert set(Application.objects.values_list("status", flat=True)) == {Status.DECLINED}
    assert len(mailoutbox) == 2


def test_publishing_and_closing(staff_client, coordination):
    draft = VacancyFactory(status="draft", published_at=None)
    assert (
        staff_client.post(reverse("recruitment:pipeline_publish", args=[draft.slug])).status_code
        == 302
    )
    draft.refresh_from_db()
    assert draft.status == Vacancy.Status.PUBLISHED
    response = staff_client.post(
        reverse("recruitment:pipeline_publish", args=[draft.slug]), follow=True
    )
    assert "déjà publiée" in response.content.decode()
    staff_client.post(reverse("recruitment:pipeline_close", args=[draft.slug]))
    draft.refresh_from_db()
    assert draft.status == Vacancy.Status.CLOSED


def test_a_vacancy_past_its_deadline_is_not_published(staff_client):
    draft = VacancyFactory(
        status="draft", published_at=None, deadline=timezone.now() - datetime.timedelta(days=1)
    )
    response = staff_client.post(
        reverse("recruitment:pipeline_publish", args=[draft.slug]), follow=True
    )
    assert "date limite est dépassée" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Vacancy.Status.DRAFT
