"""French written as the French (and the Belgians) write it.

- Elision: "le rôle d’Anne", "le groupe de Marc", "le rôle d’Hélène" but "du Honduras" and
  "de Huy" (an aspirated h, the rule for Walloon place names).
- Country names with their article: "pour l’Iran", "pour le Mexique", "pour les États-Unis",
  "à Cuba", "en Israël"; English gets the plain name ("for Iran", "for the United States").
- Non-breaking spaces: a narrow one before ; ! ? and inside « », an ordinary one before :.

Everything here is French-only where the rule is French: in English the text is left as it is.
"""

import re
import unicodedata

from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

NBSP = "\u00a0"  # before a colon
NNBSP = "\u202f"  # before ; ! ? and inside « » (the "fine insécable")
APOSTROPHE = "\u2019"  # the catalogue writes l’, d’, qu’ with the typographic apostrophe

VOWELS = set("aeiouœæ")
# Words that begin with a vowel letter but are said as if they began with a consonant.
NO_ELISION_WORDS = {"onze", "onzième", "oui", "ouistiti", "uhlan", "yacht"}
# A word that begins with h takes no elision (the h "aspiré" of "Hongrie", "Honduras", "Huy",
# "Hannut", of most Walloon places and of foreign names like "Hassan") unless it is one of these
# words with a mute h.
MUTE_H_WORDS = {
    "haïti",
    "habitant",
    "habitants",
    "habitude",
    "harmonie",
    "hébergement",
    "hector",
    "hélène",
    "héloïse",
    "henri",
    "henriette",
    "herbe",
    "héritage",
    "hermine",
    "hervé",
    "heure",
    "heures",
    "hippolyte",
    "histoire",
    "hiver",
    "homme",
    "hommes",
    "honneur",
    "honoré",
    "hôpital",
    "horaire",
    "horizon",
    "hortense",
    "hospitalité",
    "hôtel",
    "hubert",
    "hugo",
    "hugues",
    "huile",
    "humain",
    "humaine",
    "humaines",
    "humains",
    "humanité",
    "hygiène",
}


def is_french(language: str | None = None) -> bool:
    return (language or get_language() or "fr").lower().startswith("fr")


def _base(char: str) -> str:
    """The letter without its accent: "É" → "e"."""
    return unicodedata.normalize("NFD", char.casefold())[0]


def _first_word(text: str) -> str:
    match = re.match(r"[\W\d_]*([^\W\d_][\w’'-]*)", text)
    return match.group(1).casefold() if match else ""


def starts_with_vowel_sound(text: str) -> bool:
    """Whether French elides before ``text``: "Anne", "Élodie", "Ixelles", "Yves", "Hélène" yes;
    "Marc", "Yasmine", "Honduras", "Huy", "onze", "2026" no."""
    stripped = text.lstrip(" \u00a0\u202f«“\"'(")
    if not stripped or not stripped[0].isalpha():
        return False
    word = _first_word(stripped)
    if word in NO_ELISION_WORDS:
        return False
    first = _base(stripped[0])
    if first in VOWELS:
        return True
    if first == "y":
        # "Yves", "Ypres": a vowel; "Yasmine", "Yémen": a consonant.
        return len(stripped) > 1 and _base(stripped[1]) not in VOWELS | {"y"}
    if first == "h":
        return word in MUTE_H_WORDS
    return False


def de(name: str) -> str:
    """The preposition before a name, elided when French says so: "d’Anne", "de Marc". The
    name is taken as it is, without article (countries: ``country_with_article``)."""
    return f"d{APOSTROPHE}{name}" if starts_with_vowel_sound(name) else f"de {name}"


# The short words French elides, and what they become.
_ELIDING = {"de": "d", "que": "qu", "le": "l", "la": "l", "jusque": "jusqu", "lorsque": "lorsqu"}
_ELIDING_PATTERN = "|".join(sorted(_ELIDING, key=len, reverse=True))


def elide(text: str, *values: str, language: str | None = None, escaped: bool | None = None) -> str:
    """``text`` (a translated sentence into which ``values`` were put) with "de Anne" written
    "d’Anne", "que Isabelle" written "qu’Isabelle", and so on, right before each value only.

    The catalogue writes "Rôle de %(name)s": only the value decides whether "de" elides, so
    the fix is made once it is known. Safe (escaped) text is searched for the escaped value.
    ``escaped`` says whether the values were HTML-escaped into ``text`` (by default: when it is
    safe text). In English, the text is returned unchanged.
    """
    if not is_french(language) or not text:
        return text
    safe = isinstance(text, SafeData)
    escaped = safe if escaped is None else escaped
    for value in values:
        value = str(value or "")
        if not value or not starts_with_vowel_sound(value):
            continue
        needle = str(conditional_escape(value)) if escaped else value
        pattern = re.compile(
            rf"(?<![\w’'])({_ELIDING_PATTERN})[ \u00a0]+(?={re.escape(needle)})",
            re.IGNORECASE,
        )

        def contract(match):
            word = match.group(1)
            short = _ELIDING[word.lower()]
            if word[0].isupper():
                short = short[0].upper() + short[1:]
            return short + APOSTROPHE

        text = pattern.sub(contract, str(text))
    return mark_safe(text) if safe else text


# Countries ------------------------------------------------------------------------------------

MASCULINE, FEMININE, PLURAL, BARE = "m", "f", "pl", ""

# The French name of each country and its gender (BARE: said without article, "Cuba", "Israël").
# The name is the short one used in the organisation's texts ("États-Unis", "Myanmar").
FRENCH_COUNTRIES: dict[str, tuple[str, str]] = {
    "AD": ("Andorre", FEMININE),
    "AE": ("Émirats arabes unis", PLURAL),
    "AF": ("Afghanistan", MASCULINE),
    "AG": ("Antigua-et-Barbuda", BARE),
    "AL": ("Albanie", FEMININE),
    "AM": ("Arménie", FEMININE),
    "AO": ("Angola", MASCULINE),
    "AR": ("Argentine", FEMININE),
    "AT": ("Autriche", FEMININE),
    "AU": ("Australie", FEMININE),
    "AZ": ("Azerbaïdjan", MASCULINE),
    "BA": ("Bosnie-Herzégovine", FEMININE),
    "BB": ("Barbade", FEMININE),
    "BD": ("Bangladesh", MASCULINE),
    "BE": ("Belgique", FEMININE),
    "BF": ("Burkina Faso", MASCULINE),
    "BG": ("Bulgarie", FEMININE),
    "BH": ("Bahreïn", BARE),
    "BI": ("Burundi", MASCULINE),
    "BJ": ("Bénin", MASCULINE),
    "BN": ("Brunei", MASCULINE),
    "BO": ("Bolivie", FEMININE),
    "BR": ("Brésil", MASCULINE),
    "BS": ("Bahamas", PLURAL),
    "BT": ("Bhoutan", MASCULINE),
    "BW": ("Botswana", MASCULINE),
    "BY": ("Biélorussie", FEMININE),
    "BZ": ("Belize", MASCULINE),
    "CA": ("Canada", MASCULINE),
    "CD": ("République démocratique du Congo", FEMININE),
    "CF": ("République centrafricaine", FEMININE),
    "CG": ("Congo", MASCULINE),
    "CH": ("Suisse", FEMININE),
    "CI": ("Côte d’Ivoire", FEMININE),
    "CL": ("Chili", MASCULINE),
    "CM": ("Cameroun", MASCULINE),
    "CN": ("Chine", FEMININE),
    "CO": ("Colombie", FEMININE),
    "CR": ("Costa Rica", MASCULINE),
    "CU": ("Cuba", BARE),
    "CV": ("Cap-Vert", MASCULINE),
    "CY": ("Chypre", BARE),
    "CZ": ("République tchèque", FEMININE),
    "DE": ("Allemagne", FEMININE),
    "DJ": ("Djibouti", BARE),
    "DK": ("Danemark", MASCULINE),
    "DM": ("Dominique", FEMININE),
    "DO": ("République dominicaine", FEMININE),
    "DZ": ("Algérie", FEMININE),
    "EC": ("Équateur", MASCULINE),
    "EE": ("Estonie", FEMININE),
    "EG": ("Égypte", FEMININE),
    "EH": ("Sahara occidental", MASCULINE),
    "ER": ("Érythrée", FEMININE),
    "ES": ("Espagne", FEMININE),
    "ET": ("Éthiopie", FEMININE),
    "FI": ("Finlande", FEMININE),
    "FJ": ("Fidji", PLURAL),
    "FM": ("Micronésie", FEMININE),
    "FR": ("France", FEMININE),
    "GA": ("Gabon", MASCULINE),
    "GB": ("Royaume-Uni", MASCULINE),
    "GD": ("Grenade", FEMININE),
    "GE": ("Géorgie", FEMININE),
    "GH": ("Ghana", MASCULINE),
    "GM": ("Gambie", FEMININE),
    "GN": ("Guinée", FEMININE),
    "GQ": ("Guinée équatoriale", FEMININE),
    "GR": ("Grèce", FEMININE),
    "GT": ("Guatemala", MASCULINE),
    "GW": ("Guinée-Bissau", FEMININE),
    "GY": ("Guyana", MASCULINE),
    "HK": ("Hong Kong", BARE),
    "HN": ("Honduras", MASCULINE),
    "HR": ("Croatie", FEMININE),
    "HT": ("Haïti", BARE),
    "HU": ("Hongrie", FEMININE),
    "ID": ("Indonésie", FEMININE),
    "IE": ("Irlande", FEMININE),
    "IL": ("Israël", BARE),
    "IN": ("Inde", FEMININE),
    "IQ": ("Irak", MASCULINE),
    "IR": ("Iran", MASCULINE),
    "IS": ("Islande", FEMININE),
    "IT": ("Italie", FEMININE),
    "JM": ("Jamaïque", FEMININE),
    "JO": ("Jordanie", FEMININE),
    "JP": ("Japon", MASCULINE),
    "KE": ("Kenya", MASCULINE),
    "KG": ("Kirghizistan", MASCULINE),
    "KH": ("Cambodge", MASCULINE),
    "KI": ("Kiribati", BARE),
    "KM": ("Comores", PLURAL),
    "KN": ("Saint-Christophe-et-Niévès", BARE),
    "KP": ("Corée du Nord", FEMININE),
    "KR": ("Corée du Sud", FEMININE),
    "KW": ("Koweït", MASCULINE),
    "KZ": ("Kazakhstan", MASCULINE),
    "LA": ("Laos", MASCULINE),
    "LB": ("Liban", MASCULINE),
    "LC": ("Sainte-Lucie", BARE),
    "LI": ("Liechtenstein", MASCULINE),
    "LK": ("Sri Lanka", MASCULINE),
    "LR": ("Liberia", MASCULINE),
    "LS": ("Lesotho", MASCULINE),
    "LT": ("Lituanie", FEMININE),
    "LU": ("Luxembourg", MASCULINE),
    "LV": ("Lettonie", FEMININE),
    "LY": ("Libye", FEMININE),
    "MA": ("Maroc", MASCULINE),
    "MC": ("Monaco", BARE),
    "MD": ("Moldavie", FEMININE),
    "ME": ("Monténégro", MASCULINE),
    "MG": ("Madagascar", BARE),
    "MH": ("Îles Marshall", PLURAL),
    "MK": ("Macédoine du Nord", FEMININE),
    "ML": ("Mali", MASCULINE),
    "MM": ("Myanmar", MASCULINE),
    "MN": ("Mongolie", FEMININE),
    "MR": ("Mauritanie", FEMININE),
    "MT": ("Malte", BARE),
    "MU": ("Maurice", BARE),
    "MV": ("Maldives", PLURAL),
    "MW": ("Malawi", MASCULINE),
    "MX": ("Mexique", MASCULINE),
    "MY": ("Malaisie", FEMININE),
    "MZ": ("Mozambique", MASCULINE),
    "NA": ("Namibie", FEMININE),
    "NE": ("Niger", MASCULINE),
    "NG": ("Nigeria", MASCULINE),
    "NI": ("Nicaragua", MASCULINE),
    "NL": ("Pays-Bas", PLURAL),
    "NO": ("Norvège", FEMININE),
    "NP": ("Népal", MASCULINE),
    "NR": ("Nauru", BARE),
    "NZ": ("Nouvelle-Zélande", FEMININE),
    "OM": ("Oman", BARE),
    "PA": ("Panama", MASCULINE),
    "PE": ("Pérou", MASCULINE),
    "PG": ("Papouasie-Nouvelle-Guinée", FEMININE),
    "PH": ("Philippines", PLURAL),
    "PK": ("Pakistan", MASCULINE),
    "PL": ("Pologne", FEMININE),
    "PS": ("Palestine", FEMININE),
    "PT": ("Portugal", MASCULINE),
    "PW": ("Palaos", PLURAL),
    "PY": ("Paraguay", MASCULINE),
    "QA": ("Qatar", MASCULINE),
    "RO": ("Roumanie", FEMININE),
    "RS": ("Serbie", FEMININE),
    "RU": ("Russie", FEMININE),
    "RW": ("Rwanda", MASCULINE),
    "SA": ("Arabie saoudite", FEMININE),
    "SB": ("Îles Salomon", PLURAL),
    "SC": ("Seychelles", PLURAL),
    "SD": ("Soudan", MASCULINE),
    "SE": ("Suède", FEMININE),
    "SG": ("Singapour", BARE),
    "SI": ("Slovénie", FEMININE),
    "SK": ("Slovaquie", FEMININE),
    "SL": ("Sierra Leone", FEMININE),
    "SM": ("Saint-Marin", BARE),
    "SN": ("Sénégal", MASCULINE),
    "SO": ("Somalie", FEMININE),
    "SR": ("Suriname", MASCULINE),
    "SS": ("Soudan du Sud", MASCULINE),
    "ST": ("Sao Tomé-et-Principe", BARE),
    "SV": ("Salvador", MASCULINE),
    "SY": ("Syrie", FEMININE),
    "SZ": ("Eswatini", MASCULINE),
    "TD": ("Tchad", MASCULINE),
    "TG": ("Togo", MASCULINE),
    "TH": ("Thaïlande", FEMININE),
    "TJ": ("Tadjikistan", MASCULINE),
    "TL": ("Timor oriental", MASCULINE),
    "TM": ("Turkménistan", MASCULINE),
    "TN": ("Tunisie", FEMININE),
    "TO": ("Tonga", PLURAL),
    "TR": ("Turquie", FEMININE),
    "TT": ("Trinité-et-Tobago", BARE),
    "TV": ("Tuvalu", BARE),
    "TW": ("Taïwan", BARE),
    "TZ": ("Tanzanie", FEMININE),
    "UA": ("Ukraine", FEMININE),
    "UG": ("Ouganda", MASCULINE),
    "US": ("États-Unis", PLURAL),
    "UY": ("Uruguay", MASCULINE),
    "UZ": ("Ouzbékistan", MASCULINE),
    "VA": ("Saint-Siège", MASCULINE),
    "VC": ("Saint-Vincent-et-les-Grenadines", BARE),
    "VE": ("Venezuela", MASCULINE),
    "VN": ("Viêt Nam", MASCULINE),
    "VU": ("Vanuatu", MASCULINE),
    "WS": ("Samoa", PLURAL),
    "XK": ("Kosovo", MASCULINE),
    "YE": ("Yémen", MASCULINE),
    "ZA": ("Afrique du Sud", FEMININE),
    "ZM": ("Zambie", FEMININE),
    "ZW": ("Zimbabwe", MASCULINE),
}
# Where "in" is not what the gender gives: "en Israël", not "à Israël"; the islands that keep
# their article take "à la".
FRENCH_IN: dict[str, str] = {
    "IL": "en Israël",
    "HT": "en Haïti",
    "BB": "à la Barbade",
    "DM": "à la Dominique",
    "GD": "à la Grenade",
}
# English names said with "the", and shorter names than the official ones the list gives.
ENGLISH_COUNTRIES: dict[str, str] = {
    "AE": "the United Arab Emirates",
    "BS": "the Bahamas",
    "CD": "the Democratic Republic of the Congo",
    "CF": "the Central African Republic",
    "DO": "the Dominican Republic",
    "GB": "the United Kingdom",
    "GM": "the Gambia",
    "KM": "the Comoros",
    "MH": "the Marshall Islands",
    "MV": "the Maldives",
    "NL": "the Netherlands",
    "PH": "the Philippines",
    "SB": "the Solomon Islands",
    "SC": "the Seychelles",
    "US": "the United States",
    "VA": "the Holy See",
}
PREPOSITIONS = {
    "": "",
    "the": "",
    "for": "for",
    "pour": "for",
    "of": "of",
    "de": "of",
    "in": "in",
    "en": "in",
    "au": "in",
    "à": "in",
}


def _code(country) -> str:
    return str(getattr(country, "code", country) or "").upper()


def _list_name(code: str) -> str:
    from django_countries import countries

    return str(countries.name(code) or code)


def country_name(country, language: str | None = None) -> str:
    """The country's usual name, without article: "États-Unis" / "United States of America"."""
    code = _code(country)
    if is_french(language) and code in FRENCH_COUNTRIES:
        return FRENCH_COUNTRIES[code][0]
    return _list_name(code)


def _french_article(name: str, gender: str) -> str:
    if gender == BARE:
        return name
    if gender == PLURAL:
        return f"les {name}"
    if starts_with_vowel_sound(name):
        return f"l{APOSTROPHE}{name}"
    return f"le {name}" if gender == MASCULINE else f"la {name}"


def country_with_article(country, preposition: str = "", language: str | None = None) -> str:
    """A country as a sentence says it, with its article and the preposition asked for.

    ``preposition`` is "" (the article only), "for"/"pour", "of"/"de" or "in"/"en"/"au"/"à".
    French: "l’Iran", "pour le Mexique", "des États-Unis", "en Iran", "au Mexique",
    "aux États-Unis", "à Cuba", "d’Israël". English: "Iran", "for the United States",
    "in Mexico". A country missing from the table keeps the list's name, without article.
    """
    kind = PREPOSITIONS[preposition]
    code = _code(country)
    if not is_french(language):
        name = ENGLISH_COUNTRIES.get(code) or _list_name(code)
        return f"{kind} {name}" if kind else name
    name, gender = FRENCH_COUNTRIES.get(code, (_list_name(code), BARE))
    if kind == "":
        return _french_article(name, gender)
    if kind == "for":
        return f"pour {_french_article(name, gender)}"
    if kind == "of":
        if gender == PLURAL:
            return f"des {name}"
        if gender == MASCULINE and not starts_with_vowel_sound(name):
            return f"du {name}"
        return de(_french_article(name, gender))
    # "in"
    if code in FRENCH_IN:
        return FRENCH_IN[code]
    if gender == PLURAL:
        return f"aux {name}"
    if gender == BARE:
        return f"à {name}"
    if gender == MASCULINE and not starts_with_vowel_sound(name):
        return f"au {name}"
    return f"en {name}"


def single_country(coordination) -> str | None:
    """The code of the one country a country coordination covers (None for a region, a theme
    or a coordination of several countries): the coordinations whose name a sentence can
    replace by "pour l’Iran"."""
    if getattr(coordination, "kind", None) != "country":
        return None
    codes = [_code(country) for country in coordination.countries or []]
    return codes[0] if len(codes) == 1 else None


# Spaces and quotation marks ---------------------------------------------------------------------

# What the French spacing must leave alone: addresses, e-mail addresses, times (10:00), format
# placeholders (%(name)s, {name}), HTML tags and entities (&amp;).
_UNTOUCHABLE = re.compile(
    r"""
    (?:[a-z][a-z0-9+.-]*://|mailto:)[^\s<>"]*[^\s<>".,;:!?)]   # URLs
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+                             # e-mail addresses
    | %\(\w+\)[a-z]             # %(name)s
    | \{\{?[^{}]*\}\}?           # {name}, {{ name }}
    | <[^<>]*>                   # HTML tags and their attributes
    | &\#?\w+;                   # HTML entities
    | \d{1,2}:\d{2}              # times
    """,
    re.VERBOSE | re.IGNORECASE,
)
_SPACE_BEFORE = re.compile(r"""(?<=\S)[ \u00a0\u202f]*([:;!?])(?=$|[\s»)\]"”’'.,<:;!?])""")
_MASK = re.compile("\ue000(\\d+)\ue001")


def french_spacing(text: str) -> str:
    """``text`` with the non-breaking spaces of French typography: before : ; ! ? and inside
    « », leaving URLs, e-mail addresses, times, placeholders and HTML alone."""
    kept: list[str] = []

    def mask(match):
        kept.append(match.group(0))
        return f"\ue000{len(kept) - 1}\ue001"

    masked = _UNTOUCHABLE.sub(mask, text)

    def space(match):
        mark = match.group(1)
        if masked[match.start() - 1] in ":;!?":  # "?!": one space, before the first mark
            return mark
        return (NBSP if mark == ":" else NNBSP) + mark

    masked = _SPACE_BEFORE.sub(space, masked)
    masked = re.sub(r"«[ \u00a0\u202f]*", "«" + NNBSP, masked)
    masked = re.sub(r"(?<=\S)[ \u00a0\u202f]*»", NNBSP + "»", masked)
    return _MASK.sub(lambda match: kept[int(match.group(1))], masked)


_QUOTED = re.compile(r"(?<![=\w])(?:\"([^\"<>=]+)\"|“([^”]+)”)")


def guillemets(text: str) -> str:
    """English quotation marks ("…", “…”) become « … », with narrow non-breaking spaces;
    quotes of HTML attributes (href="…") are left alone."""

    def quote(match):
        inner = (match.group(1) or match.group(2)).strip()
        return f"«{NNBSP}{inner}{NNBSP}»"

    return _QUOTED.sub(quote, text)
