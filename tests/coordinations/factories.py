import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from coordinations.models import (
    Activity,
    Coordination,
    HandoverNote,
    Mandate,
    OnboardingProgress,
    OnboardingStep,
)
from tests.factories import UserFactory


class CoordinationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coordination
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Pays {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Coordination.Kind.COUNTRY
    countries = ["MX"]
    summary = "Suivre la situation des droits humains dans le pays."
    working_languages = ["fr"]


class ThemeCoordinationFactory(CoordinationFactory):
    kind = Coordination.Kind.THEMATIC
    countries = []
    theme = "Peine de mort"


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate

    coordination = factory.SubFactory(CoordinationFactory)
    volunteer = factory.SubFactory(UserFactory)
    role = Mandate.Role.LEAD
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=100))
    commitment_months = 24


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    mandate = factory.SubFactory(MandateFactory)
    kind = Activity.Kind.PRESS
    date = factory.LazyFunction(timezone.localdate)
    note = "Interview à la radio"


class HandoverNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HandoverNote

    coordination = factory.SubFactory(CoordinationFactory)
    topic = HandoverNote.Topic.NGO_CONTACTS
    title = factory.Sequence(lambda n: f"Contact {n}")
    body = "Réunion tous les deux mois."


class OnboardingProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OnboardingProgress

    mandate = factory.SubFactory(MandateFactory)
    step = factory.LazyFunction(lambda: OnboardingStep.objects.get(code="support-team-meeting"))
    done_on = factory.LazyFunction(timezone.localdate)
