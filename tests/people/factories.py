import factory

from messaging.models import Mailing, MailingRecipient
from people.models import Note, Segment, Tag
from tests.factories import StaffFactory, UserFactory


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Étiquette {n}")
    description = "Pour retrouver ces personnes d'un coup d'œil."


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    person = factory.SubFactory(UserFactory)
    author = factory.SubFactory(StaffFactory)
    body = "Rencontrée au stand du 10 décembre : prête à aider pour les pétitions."


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Segment
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Segment {n}")
    filters = factory.LazyFunction(lambda: {"role": "leader"})


class MailingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mailing

    kind = Mailing.Kind.SERVICE
    subject_fr = "Bonjour {first_name}"
    body_fr = "Bonjour {first_name}, une nouvelle de {group}."
    subject_en = "Hello {first_name}"
    body_en = "Hello {first_name}, news from {group}."
    segment = factory.SubFactory(SegmentFactory)


class MailingRecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MailingRecipient

    mailing = factory.SubFactory(MailingFactory)
    person = factory.SubFactory(UserFactory)
    language = "fr"
