"""French written as the French write it: elision, countries with their article, non-breaking
spaces and guillemets (config/typography.py)."""

import pytest
from django.template import engines
from django.utils import translation
from django.utils.html import escape

from config.typography import (
    NBSP,
    NNBSP,
    country_name,
    country_with_article,
    de,
    elide,
    french_spacing,
    guillemets,
    starts_with_vowel_sound,
)


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return engines["django"].from_string(source).render(context)


# Elision ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Anne", "d’Anne"),
        ("Marc", "de Marc"),
        ("Élodie", "d’Élodie"),  # an accented capital is a vowel too
        ("Ève", "d’Ève"),
        ("Ixelles", "d’Ixelles"),
        ("Œdipe", "d’Œdipe"),
        ("Hélène", "d’Hélène"),  # a mute h
        ("Hassan", "de Hassan"),  # an aspirated h: names and places elide only before a mute one
        ("Huy", "de Huy"),
        ("Yves", "d’Yves"),  # y before a consonant is a vowel
        ("Yasmine", "de Yasmine"),  # y before a vowel is a consonant
        ("onze", "de onze"),
        ("2026", "de 2026"),
        ("", "de "),
    ],
)
def test_de_elides_before_a_vowel_sound(name, expected):
    assert de(name) == expected


def test_a_word_in_quotes_is_judged_by_its_first_letter():
    assert starts_with_vowel_sound("« Amnesty »")
    assert not starts_with_vowel_sound("« Bruxelles »")


def test_elide_changes_the_word_before_the_value_only():
    with translation.override("fr"):
        assert elide("Rôle de Anne", "Anne") == "Rôle d’Anne"
        assert elide("Rôle de Marc", "Marc") == "Rôle de Marc"
        # The translator's own words are left as they are, whatever follows them.
        assert elide("Liste de inscrits : de Anne", "Anne") == "Liste de inscrits : d’Anne"
        assert elide("De Isabelle", "Isabelle") == "D’Isabelle"
        assert elide("en tant que Équipe", "Équipe") == "en tant qu’Équipe"
        assert elide("la Inde", "Inde") == "l’Inde"
        # A word that merely ends like an eliding one is not one.
        assert elide("monde Anne", "Anne") == "monde Anne"


def test_elide_leaves_english_alone():
    with translation.override("en"):
        assert elide("Role de Anne", "Anne") == "Role de Anne"


def test_elide_finds_an_escaped_value_in_escaped_text():
    with translation.override("fr"):
        text = escape("Rôle de O'Neil")
        assert str(elide(text, "O'Neil")) == "Rôle d’O&#x27;Neil"


def test_the_elide_filter_works_on_a_translated_sentence():
    source = (
        "{% load i18n %}{% blocktranslate asvar role with name=name %}Role of {{ name }}"
        "{% endblocktranslate %}{{ role|elide:name }}"
    )
    assert render(source, "fr", name="Anne") == "Rôle d’Anne"
    assert render(source, "fr", name="Marc") == "Rôle de Marc"
    assert render(source, "en", name="Anne") == "Role of Anne"
    assert render("{{ name|de }}", "fr", name="Ursule") == "d’Ursule"


# Countries with their article -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "bare", "for_", "of", "in_"),
    [
        ("IR", "l’Iran", "pour l’Iran", "de l’Iran", "en Iran"),
        ("MX", "le Mexique", "pour le Mexique", "du Mexique", "au Mexique"),
        ("US", "les États-Unis", "pour les États-Unis", "des États-Unis", "aux États-Unis"),
        ("CN", "la Chine", "pour la Chine", "de la Chine", "en Chine"),
        ("EG", "l’Égypte", "pour l’Égypte", "de l’Égypte", "en Égypte"),
        # An aspirated h: no elision.
        ("HN", "le Honduras", "pour le Honduras", "du Honduras", "au Honduras"),
        ("HU", "la Hongrie", "pour la Hongrie", "de la Hongrie", "en Hongrie"),
        # y before a vowel: a consonant.
        ("YE", "le Yémen", "pour le Yémen", "du Yémen", "au Yémen"),
        # Without article.
        ("CU", "Cuba", "pour Cuba", "de Cuba", "à Cuba"),
        ("IL", "Israël", "pour Israël", "d’Israël", "en Israël"),
        ("HT", "Haïti", "pour Haïti", "d’Haïti", "en Haïti"),
        ("MM", "le Myanmar", "pour le Myanmar", "du Myanmar", "au Myanmar"),
    ],
)
def test_french_countries_take_their_article(code, bare, for_, of, in_):
    with translation.override("fr"):
        assert country_with_article(code) == bare
        assert country_with_article(code, "pour") == for_
        assert country_with_article(code, "de") == of
        assert country_with_article(code, "en") == in_


def test_english_countries_keep_their_name_with_the_where_english_says_it():
    with translation.override("en"):
        assert country_with_article("IR", "for") == "for Iran"
        assert country_with_article("MX", "in") == "in Mexico"
        assert country_with_article("US", "for") == "for the United States"
        assert country_with_article("NL") == "the Netherlands"


def test_a_country_object_and_its_name():
    from django_countries.fields import Country

    with translation.override("fr"):
        assert country_with_article(Country("ir"), "for") == "pour l’Iran"
        assert country_name("US") == "États-Unis"
    with translation.override("en"):
        assert country_name("US") == "United States of America"


def test_every_country_of_the_table_is_a_country_of_the_list():
    from django_countries import countries

    from config.typography import ENGLISH_COUNTRIES, FRENCH_COUNTRIES, FRENCH_IN

    known = {code for code, _name in countries}
    assert set(FRENCH_COUNTRIES) - known == {"XK"}  # Kosovo has no ISO code of its own yet
    assert set(FRENCH_IN) <= set(FRENCH_COUNTRIES)
    assert set(ENGLISH_COUNTRIES) <= known


def test_the_filter_gives_the_country_with_its_article():
    assert render('{{ code|country_with_article:"for" }}', "fr", code="IR") == "pour l’Iran"
    assert render('{{ code|country_with_article:"for" }}', "en", code="IR") == "for Iran"


# Spaces and quotation marks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Note : voir plus bas", f"Note{NBSP}: voir plus bas"),
        ("Note: voir plus bas", f"Note{NBSP}: voir plus bas"),  # a missing space is added
        ("Vraiment ? Oui !", f"Vraiment{NNBSP}? Oui{NNBSP}!"),
        ("D'abord ; ensuite", f"D'abord{NNBSP}; ensuite"),
        ("Quoi ?!", f"Quoi{NNBSP}?!"),
        ("« Bonjour »", f"«{NNBSP}Bonjour{NNBSP}»"),
        ("%(date)s : %(status)s", f"%(date)s{NBSP}: %(status)s"),
        ("{name} ?", f"{{name}}{NNBSP}?"),
        # Left alone: times, addresses, e-mail addresses, placeholders, HTML.
        ("Rendez-vous à 10:00 précises", "Rendez-vous à 10:00 précises"),
        ("Voir https://example.org/a?b=1&c=2 demain", "Voir https://example.org/a?b=1&c=2 demain"),
        ("Écrivez à info@example.org.", "Écrivez à info@example.org."),
        ("mailto:info@example.org?subject=Bonjour", "mailto:info@example.org?subject=Bonjour"),
        ('<a href="?page=2">suite</a>', '<a href="?page=2">suite</a>'),
        ("Tom &amp; Jerry", "Tom &amp; Jerry"),
        (": au début", ": au début"),
    ],
)
def test_french_spacing(text, expected):
    assert french_spacing(text) == expected


def test_french_spacing_is_idempotent():
    once = french_spacing("Merci : « vraiment » ? https://example.org/?q=1 !")
    assert french_spacing(once) == once
    assert f"https://example.org/?q=1{NNBSP}!" in once


def test_guillemets_replace_english_quotes_but_not_html_attributes():
    text = 'L’action "Lettres" et “Bougies” <a href="%(url)s">ici</a>'
    assert guillemets(text) == (
        f'L’action «{NNBSP}Lettres{NNBSP}» et «{NNBSP}Bougies{NNBSP}» <a href="%(url)s">ici</a>'
    )


def test_the_french_catalogue_follows_french_typography():
    """Every French translation has its non-breaking spaces and its guillemets."""
    import polib
    from django.conf import settings

    catalogue = polib.pofile(str(settings.BASE_DIR / "locale/fr/LC_MESSAGES/django.po"))
    wrong = []
    for entry in catalogue.translated_entries():
        texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        wrong += [text for text in texts if french_spacing(guillemets(text)) != text]
    assert wrong == []


# On the pages -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_leader_reads_names_with_their_elision(leader_client, group):
    from django.urls import reverse

    from tests.factories import UserFactory
    from tests.groups.factories import JoinRequestFactory, MembershipFactory

    anne, marc = UserFactory(first_name="Anne"), UserFactory(first_name="Marc")
    MembershipFactory(group=group, volunteer=anne)
    MembershipFactory(group=group, volunteer=marc)
    page = leader_client.get(reverse("groups:members", args=[group.slug])).content.decode()
    assert "Rôle d’Anne" in page and "Rôle de Marc" in page
    request = JoinRequestFactory(volunteer=UserFactory(first_name="Éric"), group=group)
    response = leader_client.post(
        reverse("groups:join_request_decline", args=[request.pk]), follow=True
    )
    assert "La demande d’Éric a été déclinée." in response.content.decode()


@pytest.mark.django_db
def test_a_group_founded_in_a_commune_is_named_with_the_elision():
    from groups.models import Place
    from groups.services import _free_name_and_slug

    assert _free_name_and_slug(Place.objects.filter(postal_code="6700").first()) == (
        "Groupe d’Arlon",
        "groupe-darlon",
    )
    assert _free_name_and_slug(Place.objects.filter(postal_code="5000").first())[0] == (
        "Groupe de Namur"
    )
    # Huy's h is aspirated, as Walloon places' are.
    assert _free_name_and_slug(Place.objects.filter(postal_code="4500").first())[0] == (
        "Groupe de Huy"
    )
