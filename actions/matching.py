"""Which coordinations a circular concerns: by its countries, or by its themes.

The coordinations are read once (one query) and matched in memory, so that a page of circulars
costs the same whatever its length. For a list, only the coordinations that can match its circulars are read.
"""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from config.collation import sorted_by_name
from coordinations.models import Coordination
from coordinations.selectors import coordinations_with_vacancy


def _plain(text: str) -> str:
    """Lower case, without accents, with straight apostrophes: for comparing words."""
    text = unicodedata.normalize("NFKD", text or "").replace("’", "'")
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()


def theme_terms(theme) -> set[str]:
    words = [theme.name, theme.name_en, *(theme.aliases or "").split(",")]
    return {plain for plain in (_plain(word) for word in words) if len(plain) >= 3}


def theme_matches(theme, coordination_theme: str) -> bool:
    """True when a coordination's theme names this catalogue theme (or the other way round)."""
    wanted = _plain(coordination_theme)
    if not wanted:
        return False
    return any(term in wanted or wanted in term for term in theme_terms(theme))


@dataclass
class CoverageIndex:
    """The active coordinations, annotated with ``is_vacant``, indexed for matching."""

    coordinations: list[Coordination]
    by_country: dict[str, list[Coordination]] = field(default_factory=dict)

    def __post_init__(self):
        for coordination in self.coordinations:
            for country in coordination.countries:
                self.by_country.setdefault(country.code, []).append(coordination)

    def matching(self, circular) -> list[Coordination]:
        """The coordinations whose countries or theme match the circular, by name.

        The circular's themes must be prefetched (or be few): they are read here.
        """
        found = {}
        for country in circular.countries:
            for coordination in self.by_country.get(country.code, []):
                found[coordination.pk] = coordination
        themes = list(circular.themes.all())
        if themes:
            for coordination in self.coordinations:
                if coordination.theme and any(
                    theme_matches(theme, coordination.theme) for theme in themes
                ):
                    found[coordination.pk] = coordination
        return sorted_by_name(found.values(), key=lambda c: c.name)  # as the database sorts

    def vacant(self, circular) -> list[Coordination]:
        """The matching coordinations that nobody holds: the circular would reach no one."""
        return [c for c in self.matching(circular) if c.is_vacant]

    def uncovered_countries(self, circular) -> list:
        """The circular's countries that no active coordination covers."""
        return [country for country in circular.countries if country.code not in self.by_country]

    def flag(self, circulars: Iterable) -> None:
        """Set ``vacant_coordinations`` on each circular (for lists: no query per row)."""
        for circular in circulars:
            circular.vacant_coordinations = self.vacant(circular)


def coverage_index(
    circulars: Iterable | None = None, *, vacant_only: bool = False
) -> CoverageIndex:
    """One query: the active coordinations with their vacancy.

    Given the circulars of a page (their themes prefetched), only the coordinations that can
    match them are read: those covering one of their countries, and the thematic ones when a
    circular has themes. The index then answers for these circulars exactly as the whole one
    would, however many coordinations there are. With ``vacant_only`` (enough for ``flag``), only
    the vacant ones, and only the columns matching and links need."""
    coordinations = coordinations_with_vacancy().active().order_by("name")
    if vacant_only:
        coordinations = coordinations.filter(is_vacant=True).only(
            "pk", "name", "slug", "kind", "countries", "theme"
        )
    if circulars is not None:
        codes = {country.code for circular in circulars for country in circular.countries}
        wanted = Q(pk__in=[])
        for code in sorted(codes):
            # Stored as "BE,FR": a two-letter code cannot appear across a comma.
            wanted |= Q(countries__contains=code)
        if any(circular.themes.all() for circular in circulars):
            wanted |= ~Q(theme="")
        coordinations = coordinations.filter(wanted)
    return CoverageIndex(list(coordinations))
