import datetime

import factory
from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from recruitment.models import Application, InterestRegistration, Vacancy
from tests.coordinations.factories import CoordinationFactory
from tests.factories import UserFactory


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy
        django_get_or_create = ("slug",)

    kind = Vacancy.Kind.VOLUNTEER
    title = factory.Sequence(lambda n: f"Bénévole pour les stands {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "Tenir un stand avec un groupe local autour du 10 décembre."
    country = "BE"
    status = Vacancy.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    deadline = None


class CoordinationVacancyFactory(VacancyFactory):
    kind = Vacancy.Kind.COORDINATION
    coordination = factory.SubFactory(CoordinationFactory)
    title = factory.LazyAttribute(
        lambda o: f"Coordinateur ou coordinatrice : {o.coordination.name}"
    )
    minimum_commitment_months = 24
    remote_possible = True


class PaidJobFactory(VacancyFactory):
    kind = Vacancy.Kind.PAID_JOB
    title = factory.Sequence(lambda n: f"Conseiller en droits humains {n}")
    organisation_name = "Organisation mondiale contre la torture"
    organisation_url = "https://www.omct.org/"
    city = "Bruxelles"
    workload_unit = Vacancy.WorkloadUnit.PERCENT
    workload_value = 100
    salary_min = 3600
    salary_max = 4100
    salary_period = Vacancy.SalaryPeriod.MONTH


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    vacancy = factory.SubFactory(VacancyFactory)
    applicant = factory.SubFactory(UserFactory)
    motivation = "Je souhaite m’engager pour les droits humains près de chez moi."
    consent_given_at = factory.LazyFunction(timezone.now)
    privacy_version = factory.LazyFunction(lambda: settings.PRIVACY_VERSION)


class InterestRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterestRegistration

    person = factory.SubFactory(UserFactory)
    kind = InterestRegistration.Kind.COUNTRY
    country = "MX"
    consent_given_at = factory.LazyFunction(timezone.now)
    privacy_version = factory.LazyFunction(lambda: settings.PRIVACY_VERSION)
