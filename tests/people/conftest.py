"""A small town of people whose answers to every filter are known (tests/people/test_search.py).

On the fixed clock (23 November 2026); the mandates' phases follow from it:

============  ======  ====  ===================================================================
person        lives   lang  what they are
============  ======  ====  ===================================================================
Alice Lambert  4000   fr    leads Liège; applies to Mexique (speaks Spanish, competency rated 4);
                            news; tag Presse
Bruno Martin   5000   en    leads Namur
Chloé Dubois   4000   fr    member of Namur; a withdrawn application (speaks German, rated 2)
David Peeters  1000   fr    coordinator of Mexique, his commitment ends in 10 days (ending)
Emma Janssens  5000   en    coordinator of Grands Lacs (in office); treasurer of Namur;
                            tags Presse and Formation
Farid Haddad   6000   fr    former coordinator of Colombie (ended); news
Gaëlle Simon   1300   fr    coordinator of Chili from next year (upcoming)
Ivan Leclercq  7000   fr    coordinator of Birmanie, commitment over a month ago (overdue)
Henri Closed   4000   fr    member of Liège, account closed: never found
Sophie (staff) 1000   fr    the secretariat
============  ======  ====  ===================================================================

Namur has reported on the proposal to both groups; Liège has not.
"""

import datetime
from types import SimpleNamespace

import pytest

from accounts import gdpr
from coordinations.models import Mandate
from groups.models import Membership
from recruitment.models import Application, ApplicationLanguage, Competency, CompetencyRating
from tests.actions.factories import PublishedProposalFactory, RecipientFactory, ReportFactory
from tests.coordinations.factories import CoordinationFactory, MandateFactory
from tests.factories import UserFactory
from tests.groups.factories import LocalGroupFactory, MembershipFactory, place
from tests.people.factories import TagFactory
from tests.recruitment.factories import ApplicationFactory, CoordinationVacancyFactory


def months_ago(today: datetime.date, months: int, days: int = 0) -> datetime.date:
    from config.dates import add_months

    return add_months(today, -months) + datetime.timedelta(days=days)


@pytest.fixture
def town(clock, places, staff, catalogues):
    today = clock.today
    staff.postal_code = "1000"
    staff.last_name = "Lemaire"
    staff.save()
    people = {}

    def person(key, first, last, postal_code, language="fr", **extra):
        people[key] = UserFactory(
            email=f"{key}@example.org",
            first_name=first,
            last_name=last,
            postal_code=postal_code,
            preferred_language=language,
            **extra,
        )
        return people[key]

    alice = person("alice", "Alice", "Lambert", "4000")
    bruno = person("bruno", "Bruno", "Martin", "5000", "en")
    chloe = person("chloe", "Chloé", "Dubois", "4000")
    david = person("david", "David", "Peeters", "1000")
    emma = person("emma", "Emma", "Janssens", "5000", "en")
    farid = person("farid", "Farid", "Haddad", "6000")
    gaelle = person("gaelle", "Gaëlle", "Simon", "1300")
    ivan = person("ivan", "Ivan", "Leclercq", "7000")
    henri = person("henri", "Henri", "Closed", "4000", is_active=False)

    liege = LocalGroupFactory(name="Groupe de Liège", slug="liege", place=place("4000"))
    namur = LocalGroupFactory(name="Groupe de Namur", slug="namur", place=place("5000"))
    MembershipFactory(group=liege, volunteer=alice, role=Membership.Role.LEADER)
    MembershipFactory(group=liege, volunteer=henri)
    MembershipFactory(group=namur, volunteer=bruno, role=Membership.Role.LEADER)
    MembershipFactory(group=namur, volunteer=chloe)
    MembershipFactory(group=namur, volunteer=emma, role=Membership.Role.TREASURER)

    mexique = CoordinationFactory(name="Mexique", slug="mexique", countries=["MX"])
    grands_lacs = CoordinationFactory(name="Grands Lacs", slug="grands-lacs", countries=["BI"])
    colombie = CoordinationFactory(name="Colombie", slug="colombie", countries=["CO"])
    chili = CoordinationFactory(name="Chili", slug="chili", countries=["CL"])
    birmanie = CoordinationFactory(name="Birmanie", slug="birmanie", countries=["MM"])
    mandates = {
        "david": MandateFactory(
            coordination=mexique, volunteer=david, start_date=months_ago(today, 24, days=10)
        ),
        "emma": MandateFactory(
            coordination=grands_lacs, volunteer=emma, start_date=today - datetime.timedelta(100)
        ),
        "farid": MandateFactory(
            coordination=colombie,
            volunteer=farid,
            start_date=datetime.date(2021, 1, 1),
            status=Mandate.Status.ENDED,
            ended_on=datetime.date(2023, 1, 1),
            end_kind=Mandate.EndKind.COMPLETED,
        ),
        "gaelle": MandateFactory(
            coordination=chili, volunteer=gaelle, start_date=today + datetime.timedelta(60)
        ),
        "ivan": MandateFactory(
            coordination=birmanie, volunteer=ivan, start_date=months_ago(today, 25)
        ),
    }

    vacancy = CoordinationVacancyFactory(coordination=mexique, slug="coordination-mexique")
    other_vacancy = CoordinationVacancyFactory(coordination=chili, slug="coordination-chili")
    writing = Competency.objects.order_by("pk").first()
    applied = ApplicationFactory(vacancy=vacancy, applicant=alice)
    ApplicationLanguage.objects.create(application=applied, language="es", level="B2")
    CompetencyRating.objects.create(application=applied, competency=writing, level=4)
    withdrawn = ApplicationFactory(
        vacancy=other_vacancy, applicant=chloe, status=Application.Status.WITHDRAWN
    )
    ApplicationLanguage.objects.create(application=withdrawn, language="de", level="C1")
    CompetencyRating.objects.create(application=withdrawn, competency=writing, level=2)

    presse = TagFactory(name="Presse")
    formation = TagFactory(name="Formation")
    presse.people.add(alice, emma)
    formation.people.add(emma)
    gdpr.news_set(user=alice, on=True)
    gdpr.news_set(user=farid, on=True)

    proposal = PublishedProposalFactory(coordination=mexique, title="Lettres pour Mexico")
    RecipientFactory(proposal=proposal, group=liege)
    RecipientFactory(proposal=proposal, group=namur)
    ReportFactory(proposal=proposal, group=namur, reported_by=bruno)

    return SimpleNamespace(
        today=today,
        staff=staff,
        liege=liege,
        namur=namur,
        mexique=mexique,
        chili=chili,
        vacancy=vacancy,
        competency=writing,
        presse=presse,
        formation=formation,
        proposal=proposal,
        mandates=mandates,
        **people,
    )
