import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from groups.models import (
    GroupFoundingRequest,
    GroupTask,
    JoinRequest,
    LocalGroup,
    Membership,
    Place,
    VisitRequest,
)
from tests.coordinations.factories import MandateFactory
from tests.factories import UserFactory


def place(postal_code: str = "5000") -> Place:
    """A place of the table the data migration loaded (the first commune of the code)."""
    return Place.objects.filter(postal_code=postal_code).order_by("pk").first()


class LocalGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalGroup
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Groupe {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    place = factory.LazyFunction(place)
    description = "Nous nous retrouvons chaque mois pour écrire des lettres et tenir des stands."
    meeting_rhythm = "Le deuxième mardi du mois, à 20 h"
    meeting_address = "Maison des associations, salle 2"
    is_active = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    volunteer = factory.SubFactory(UserFactory)
    group = factory.SubFactory(LocalGroupFactory)
    role = Membership.Role.MEMBER
    since = datetime.date(2024, 9, 1)


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    volunteer = factory.SubFactory(UserFactory)
    group = factory.SubFactory(LocalGroupFactory)
    message = "J’aimerais vous rejoindre."


class VisitRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitRequest

    group = factory.SubFactory(LocalGroupFactory)
    coordinator = factory.LazyAttribute(lambda o: o.mandate.volunteer)
    coordination = factory.LazyAttribute(lambda o: o.mandate.coordination)
    requested_by = factory.SubFactory(UserFactory)
    first_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))
    second_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=48))
    topic = "La situation au Mexique"
    message = "Nous aimerions préparer une action avec vous."

    class Params:
        mandate = factory.SubFactory(MandateFactory)


class GroupTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupTask

    group = factory.SubFactory(LocalGroupFactory)
    kind = GroupTask.Kind.SALES
    label = "Bougies du 10 décembre"


class GroupFoundingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupFoundingRequest

    founder = factory.SubFactory(UserFactory)
    place = factory.LazyFunction(lambda: place("6600"))
    description = "Nous sommes trois à vouloir agir pour les droits humains à Bastogne."
    cofounder_emails = factory.LazyFunction(lambda: ["cofondatrice@example.org"])
