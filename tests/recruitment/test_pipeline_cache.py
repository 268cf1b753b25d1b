"""The board of a vacancy in the pipeline (recruitment/views.py): a column per stage, each with
its exact count and a page of its cards, kept for every staff member alike against the versions
of what it reads (config/versions.py).

What staff see must be what the data says, at once: the board names every area it reads
(checked against the SQL it runs), any change shows on the next visit whatever made it, a
vacancy's board never shows another's applications, each language and each page of a column
has its own, and only staff ever see it, kept or not.
"""

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from recruitment import views
from recruitment.models import Application, ApplicationNote, DeclineReason, Vacancy
from tests.factories import StaffFactory, UserFactory
from tests.fragments import assert_areas_named
from tests.mfa import SecondFactorClient
from tests.recruitment.factories import ApplicationFactory, VacancyFactory

pytestmark = pytest.mark.django_db
Status = Application.Status


def board_url(vacancy, language="fr", **pages):
    with translation.override(language):
        url = reverse("recruitment:pipeline_vacancy", args=[vacancy.slug])
    query = "&".join(f"{status}={page}" for status, page in pages.items())
    return f"{url}?{query}" if query else url


def column(page: str, status: str) -> str:
    """The HTML of one column of the board."""
    start = page.index(f'id="column-{status}"')
    end = page.find('<section class="pipeline-column', start)
    return page[start : end if end > 0 else None]


def count_of(page: str, status: str) -> int:
    return int(re.search(r'class="badge status-[a-z_]+">(\d+)<', column(page, status)).group(1))


def card_links(page: str, status: str) -> list[str]:
    return re.findall(r'<li class="mb-2"><a href="([^"]+)"', column(page, status))


def link(application) -> str:
    return reverse("recruitment:pipeline_application", args=[application.pk])


def applications(vacancy, count, status=Status.SUBMITTED):
    made = ApplicationFactory.create_batch(count, vacancy=vacancy)
    reason = DeclineReason.objects.first() if status == Status.DECLINED else None
    Application.objects.filter(pk__in=[a.pk for a in made]).update(
        status=status, decline_reason=reason
    )
    return made


# What it reads ------------------------------------------------------------------------------


def test_the_board_names_every_area_it_reads(application, other_application, staff, decline_reason):
    Application.objects.filter(pk=other_application.pk).update(
        status=Status.DECLINED, decline_reason=decline_reason
    )
    ApplicationNote.objects.create(application=application, author=staff, body="Solide", rating=4)
    applications(application.vacancy, views.COLUMN_SIZE + 1)
    request = RequestFactory().get("/")
    request.user = staff
    for pages in ({}, {Status.SUBMITTED: 2}):
        assert_areas_named(
            lambda pages=pages: views._board(request, application.vacancy.slug, pages),
            views.BOARD_AREAS,
        )


def test_a_second_visit_reads_nothing_of_the_board_whoever_makes_it(
    client, application, staff, django_assert_num_queries
):
    url = board_url(application.vacancy)
    other_staff = StaffFactory(email="other.staff@example.org")
    client.force_login(staff)
    first = client.get(url).content.decode()
    client.force_login(other_staff)
    # The session, the person and their second factor: the board comes from the cache.
    with django_assert_num_queries(3):
        second = client.get(url).content.decode()
    assert link(application) in first and link(application) in second
    # Anything else in the address is left out: the same kept board.
    with django_assert_num_queries(3):
        client.get(url + "?utm_source=mail&submitted=abc&submitted=0")


# A change shows at once ----------------------------------------------------------------------


def test_a_change_shows_at_once_whatever_made_it(
    staff_client, application, volunteer, staff, decline_reason
):
    vacancy = application.vacancy
    url = board_url(vacancy)
    page = staff_client.get(url).content.decode()
    assert card_links(page, Status.SUBMITTED) == [link(application)]
    assert "Refuser la candidature restante (1)" in page

    # A new application (a save), then a move made with QuerySet.update().
    newcomer = ApplicationFactory(vacancy=vacancy)
    page = staff_client.get(url).content.decode()
    assert card_links(page, Status.SUBMITTED) == [link(application), link(newcomer)]
    assert "Refuser les 2 candidatures restantes" in page
    Application.objects.filter(pk=newcomer.pk).update(
        status=Status.DECLINED, decline_reason=decline_reason
    )
    page = staff_client.get(url).content.decode()
    assert card_links(page, Status.SUBMITTED) == [link(application)]
    assert card_links(page, Status.DECLINED) == [link(newcomer)]
    assert (count_of(page, Status.SUBMITTED), count_of(page, Status.DECLINED)) == (1, 1)
    assert "Poste pourvu" in column(page, Status.DECLINED)

    # Notes added in bulk.
    ApplicationNote.objects.bulk_create(
        [
            ApplicationNote(application=application, author=staff, body="a", rating=4),
            ApplicationNote(application=application, author=staff, body="b", rating=3),
        ]
    )
    submitted = column(staff_client.get(url).content.decode(), Status.SUBMITTED)
    assert "★ 3,5" in submitted and "2 notes" in submitted
    # The applicant's name (accounts) changed by an update, and nothing else.
    User.objects.filter(pk=volunteer.pk).update(first_name="Lucien", last_name="Borgers")
    assert "Lucien Borgers" in column(staff_client.get(url).content.decode(), Status.SUBMITTED)
    # The reason's label, the vacancy's title and its state, changed by updates.
    DeclineReason.objects.filter(pk=decline_reason.pk).update(name="Rôle pourvu")
    Vacancy.objects.filter(pk=vacancy.pk).update(title="Coordination Mexique (2027)")
    page = staff_client.get(url).content.decode()
    assert "Rôle pourvu" in column(page, Status.DECLINED) and "Poste pourvu" not in page
    assert "<title>Coordination Mexique (2027) ·" in page

    Vacancy.objects.filter(pk=vacancy.pk).update(status=Vacancy.Status.CLOSED)
    page = staff_client.get(url).content.decode()
    assert reverse("recruitment:pipeline_publish", args=[vacancy.slug]) in page


def test_a_vacancy_gone_is_gone_from_the_pipeline(staff_client):
    vacancy = VacancyFactory(title="Stand de la Journée des droits humains")
    url = board_url(vacancy)
    assert staff_client.get(url).status_code == 200
    Vacancy.objects.filter(pk=vacancy.pk).delete()
    assert staff_client.get(url).status_code == 404


# The right board, to the right people, in the right language ----------------------------------


def test_each_vacancy_shows_its_own_applications(staff_client, application, other_application):
    elsewhere = ApplicationFactory(vacancy=VacancyFactory(title="Stand à Liège"))
    pages = {}
    for vacancy in (application.vacancy, elsewhere.vacancy, application.vacancy, elsewhere.vacancy):
        pages.setdefault(vacancy.pk, []).append(staff_client.get(board_url(vacancy)).content)
    mexique = [page.decode() for page in pages[application.vacancy_id]]
    liege = [page.decode() for page in pages[elsewhere.vacancy_id]]
    assert all(link(application) in page and link(elsewhere) not in page for page in mexique)
    assert all(link(elsewhere) in page and link(application) not in page for page in liege)
    assert all(count_of(page, Status.SUBMITTED) == 2 for page in mexique)
    assert all(count_of(page, Status.SUBMITTED) == 1 for page in liege)


def test_only_staff_see_a_kept_board(client, staff_client, application, volunteer, coordinator):
    url = board_url(application.vacancy)
    assert staff_client.get(url).status_code == 200  # kept now
    staff_client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    for person in (volunteer, coordinator):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 404 and link(application) not in response.content.decode()


def test_each_language_has_its_own(staff_client, application, decline_reason):
    Application.objects.filter(pk=application.pk).update(
        status=Status.DECLINED, decline_reason=decline_reason
    )
    french = staff_client.get(board_url(application.vacancy)).content.decode()
    english = staff_client.get(board_url(application.vacancy, "en")).content.decode()
    again = staff_client.get(board_url(application.vacancy)).content.decode()
    for page in (french, again):
        assert "Refusée" in page and "Declined" not in page
        assert "Poste pourvu" in page and "Position filled" not in page
        assert 'href="/fr/' in column(page, Status.DECLINED)
    assert "Declined" in english and "Position filled" in english and "Poste pourvu" not in english
    assert 'href="/en/' in column(english, Status.DECLINED)


def test_the_forms_of_a_kept_board_carry_this_sessions_token(
    staff, application, django_assert_num_queries
):
    """Two staff members, each in their own browser, the second served the kept board: each
    one's form passes their own CSRF check."""
    url = board_url(application.vacancy)
    close = reverse("recruitment:pipeline_close", args=[application.vacancy.slug])
    tokens = []
    browsers = []
    for person in (staff, StaffFactory(email="other.staff@example.org")):
        browser = SecondFactorClient(enforce_csrf_checks=True)
        browser.force_login(person)
        browsers.append(browser)
    for number, browser in enumerate(browsers):
        with django_assert_num_queries(5 if number == 0 else 3):
            page = browser.get(url).content.decode()
        form = page[page.index(f'action="{close}"') :]
        tokens.append(form.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0])
    for browser, token in zip(browsers, tokens, strict=True):
        response = browser.post(close, {"csrfmiddlewaretoken": token})
        assert response.status_code == 302, response.content.decode()[:300]
    application.vacancy.refresh_from_db()
    assert application.vacancy.status == Vacancy.Status.CLOSED


# Long columns --------------------------------------------------------------------------------


def test_a_long_column_shows_a_page_of_cards_and_every_application_is_reachable(
    staff_client, vacancy, django_assert_num_queries
):
    size = views.COLUMN_SIZE
    waiting = applications(vacancy, size + 3)
    in_review = applications(vacancy, 2, Status.IN_REVIEW)
    first = staff_client.get(board_url(vacancy)).content.decode()
    assert count_of(first, Status.SUBMITTED) == size + 3  # exact, whatever the page
    assert len(card_links(first, Status.SUBMITTED)) == size
    assert "Page 1 sur 2" in column(first, Status.SUBMITTED)
    assert "Page 1 sur" not in column(first, Status.IN_REVIEW)  # a short column has no pages
    assert "Refuser les 30 candidatures restantes" in first

    following = re.search(r'href="([^"]+)">Suivante<', column(first, Status.SUBMITTED)).group(1)
    assert following == board_url(vacancy, submitted=2) + "#column-submitted"
    with django_assert_num_queries(5):  # another page is another board: two queries
        second = staff_client.get(following).content.decode()
    assert count_of(second, Status.SUBMITTED) == size + 3
    assert "Page 2 sur 2" in column(second, Status.SUBMITTED)
    assert "Suivante" not in column(second, Status.SUBMITTED)
    # The other columns stay on their first page.
    assert card_links(second, Status.IN_REVIEW) == [link(a) for a in in_review]
    # Oldest first, each application on exactly one page.
    shown = card_links(first, Status.SUBMITTED) + card_links(second, Status.SUBMITTED)
    assert shown == [link(a) for a in sorted(waiting, key=lambda a: (a.submitted_at, a.pk))]

    # A page past the last shows the last; its links lead back.
    past = staff_client.get(board_url(vacancy, submitted=9)).content.decode()
    assert card_links(past, Status.SUBMITTED) == card_links(second, Status.SUBMITTED)
    previous = re.search(r'href="([^"]+)">Précédente<', column(past, Status.SUBMITTED)).group(1)
    assert previous == board_url(vacancy) + "#column-submitted"


def test_the_pages_of_two_columns_are_kept_together(staff_client, vacancy):
    size = views.COLUMN_SIZE
    applications(vacancy, size + 1)
    declined = applications(vacancy, size + 1, Status.DECLINED)
    page = staff_client.get(board_url(vacancy, submitted=2, declined=2)).content.decode()
    assert len(card_links(page, Status.SUBMITTED)) == 1
    assert card_links(page, Status.DECLINED) == [link(declined[-1])]
    back = re.search(r'href="([^"]+)">Précédente<', column(page, Status.DECLINED)).group(1)
    assert back == board_url(vacancy, submitted=2) + "#column-declined"


def test_the_board_costs_the_same_whatever_the_size(
    client, vacancy, staff, django_assert_num_queries
):
    client.force_login(staff)
    for count in (3, 120):
        applications(vacancy, count - Application.objects.filter(vacancy=vacancy).count())
        UserFactory.create_batch(3)
        with django_assert_num_queries(5):
            page = client.get(board_url(vacancy)).content.decode()
        assert count_of(page, Status.SUBMITTED) == count
        with django_assert_num_queries(3):
            client.get(board_url(vacancy))
