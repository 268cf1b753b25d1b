import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from actions.models import (
    ActionProposal,
    ActionTarget,
    Circular,
    CircularAssignment,
    FollowUpReport,
    ProposalRecipient,
    Theme,
)
from groups.models import Membership
from tests.coordinations.factories import CoordinationFactory
from tests.groups.factories import LocalGroupFactory, MembershipFactory
from tests.recruitment.files import MINIMAL_PDF

# A real one-page PDF: the upload validator parses PDFs and refuses what it cannot read.
PDF_BYTES = MINIMAL_PDF


def pdf_upload(name="UA-123-26.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def today():
    return timezone.localdate()


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"theme-{n}")
    name = factory.Sequence(lambda n: f"Thème {n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")


class CircularFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Circular
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"UA {n + 100}/26")
    index_number = factory.Sequence(lambda n: f"AMR 41/{n + 1000}/2026")
    title = "Un syndicaliste détenu au secret"
    kind = Circular.Kind.URGENT_ACTION
    countries = ["MX"]
    issued_on = factory.LazyFunction(lambda: today() - datetime.timedelta(days=3))
    received_on = factory.LazyFunction(lambda: today() - datetime.timedelta(days=2))
    summary = "Détenu depuis trois semaines sans accès à un avocat."
    language = "en"
    link = "https://example.org/documents/ua-123-26"

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionTarget

    circular = factory.SubFactory(CircularFactory)
    authority = "Procureur général de la République"
    salutation = "Monsieur le Procureur,"
    address = "Avenida de la Reforma 211\nCiudad de México\nMexique"


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CircularAssignment

    circular = factory.SubFactory(CircularFactory)
    coordination = factory.SubFactory(CoordinationFactory)
    relay_due_on = factory.LazyAttribute(lambda o: o.circular.default_relay_due_on())


class LeaderFactory(MembershipFactory):
    """A volunteer who leads a group (the membership row)."""

    role = Membership.Role.LEADER


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionProposal

    coordination = factory.SubFactory(CoordinationFactory)
    circular = None
    title = "Écrire au procureur général"
    request = "Envoyez une lettre par membre du groupe avant la fin du mois."
    target = ActionProposal.Target.ALL
    starts_on = factory.LazyFunction(today)
    ends_on = factory.LazyFunction(lambda: today() + datetime.timedelta(days=30))
    follow_up_due_on = factory.LazyFunction(lambda: today() + datetime.timedelta(days=45))
    status = ActionProposal.Status.DRAFT


class PublishedProposalFactory(ProposalFactory):
    status = ActionProposal.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class RecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalRecipient

    proposal = factory.SubFactory(PublishedProposalFactory)
    group = factory.SubFactory(LocalGroupFactory)


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpReport

    proposal = factory.SubFactory(PublishedProposalFactory)
    group = factory.SubFactory(LocalGroupFactory)
    status = FollowUpReport.Status.DONE
    letters_sent = 12
    signatures_collected = 40
    people_reached = 60
    events_held = 1
