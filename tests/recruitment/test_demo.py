"""The recruitment demo: every kind of vacancy, every stage, and loading it twice changes nothing."""

import io

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from accounts import demo as accounts_demo
from recruitment import demo
from recruitment.models import Application, ApplicationEvent, Vacancy

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(Vacancy.objects.values_list("slug", "kind", "status", "coordination__slug")),
        sorted(Application.objects.values_list("vacancy__slug", "applicant__email", "status")),
        ApplicationEvent.objects.count(),
    )


def load():
    # The group comes from a migration; a transactional test elsewhere may have flushed it.
    Group.objects.get_or_create(name="Secretariat")
    out = io.StringIO()
    accounts_demo.load(out)
    demo.load(out)
    return out.getvalue()


def test_the_demo_loads_twice_to_the_same_data():
    output = load()
    first = snapshot()
    load()
    assert snapshot() == first
    assert "recruitment:" in output


def test_the_demo_covers_every_kind_and_stage():
    load()
    assert set(Vacancy.objects.values_list("kind", flat=True)) == set(Vacancy.Kind.values)
    assert set(Application.objects.values_list("status", flat=True)) == set(
        Application.Status.values
    )
    coordinations = set(
        Vacancy.objects.filter(kind="coordination").values_list("coordination__slug", flat=True)
    )
    assert coordinations == {"etats-unis", "afrique-des-grands-lacs", "mexique"}
    assert Application.objects.filter(applicant__email="volunteer@example.org").exists()
    job = Vacancy.objects.get(kind="paid_job")
    assert (job.salary_min, job.salary_max, job.apply_email_subject) == (
        3600,
        4100,
        "Human Rights Advisor",
    )
    assert sorted(job.workload_shares.values_list("percent", flat=True)) == [20, 80]
    abroad = Vacancy.objects.get(kind="cooperation")
    assert (abroad.city, abroad.country.code, abroad.duration_months) == ("La Paz", "BO", 12)
    assert abroad.partners.count() == 2
    assert abroad.eligibility_conditions.count() == 1
    for vacancy in Vacancy.objects.all():
        vacancy.full_clean()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_page_renders_with_the_demo_data(client, language):
    from django.urls import reverse
    from django.utils import translation

    from accounts.models import User

    load()
    with translation.override(language):
        public = [reverse("recruitment:vacancy_list"), reverse("recruitment:vacancy_feed")]
        public += [v.get_absolute_url() for v in Vacancy.objects.exclude(status="draft")]
        volunteer = User.objects.get(email="volunteer@example.org")
        own = [
            reverse("accounts:me"),
            reverse("recruitment:interest_register"),
            *[a.get_absolute_url() for a in volunteer.vacancy_applications.all()],
            *[
                reverse("recruitment:vacancy_apply", args=[v.slug])
                for v in Vacancy.objects.exclude(status="draft")
            ],
        ]
        staff_pages = [reverse("recruitment:pipeline_index")]
        staff_pages += [
            reverse("recruitment:pipeline_vacancy", args=[v.slug]) for v in Vacancy.objects.all()
        ]
        staff_pages += [
            reverse("recruitment:pipeline_application", args=[a.pk])
            for a in Application.objects.all()
        ]
    for url in public:
        assert client.get(url).status_code == 200, url
    client.force_login(volunteer)
    for url in own:
        assert client.get(url).status_code == 200, url
    client.force_login(User.objects.get(email="staff@example.org"))
    for url in staff_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content.decode().count("<h1") == 1, url


def test_the_coordinator_call_invents_no_hours():
    # The call for coordinators gives no figure: its vacancies say "as available".
    load()
    for vacancy in Vacancy.objects.filter(kind="coordination"):
        assert (vacancy.workload_unit, vacancy.workload_value) == ("as_available", None)
        with translation.override("en"):
            assert vacancy.workload_display() == "As available"


def test_the_demo_has_a_posting_with_a_one_of_language_group():
    load()
    job = Vacancy.objects.get(kind="paid_job")
    assert [
        [(wanted.language, wanted.level) for wanted in requirement.alternatives]
        for requirement in job.language_requirements()
    ] == [[("en", "C1")], [("fr", "C1"), ("es", "C1")]]
