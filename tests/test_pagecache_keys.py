"""The public-page cache keys a page on the parameters it reads, never on the raw query string.

Junk parameters (tracking tags, a flood of random ones) are served from the page's one entry;
real filters get entries of their own, however they are spelled.
"""

import re
import warnings

import pytest
from django.core.cache import cache
from django.core.cache.backends.base import CacheKeyWarning
from django.test import Client
from django.urls import reverse

from config import pagecache
from coordinations.views import COORDINATIONS_PER_PAGE
from tests.coordinations.factories import CoordinationFactory
from tests.recruitment.factories import VacancyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogues", "places")]

FLOOD = 200


class RecordingCache:
    """The real cache, recording the keys of the pages it is asked to keep."""

    def __init__(self):
        self.pages: list[str] = []

    def set(self, key, *args, **kwargs):
        if key.startswith(f"{pagecache.KEY_PREFIX}:"):
            self.pages.append(key)
        return cache.set(key, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(cache, name)


@pytest.fixture
def stored(monkeypatch) -> list[str]:
    recorder = RecordingCache()
    monkeypatch.setattr(pagecache, "cache", recorder)
    return recorder.pages


def kept_in_cache(keys: list[str]) -> int:
    """How many of these page keys the cache really holds."""
    return sum(cache.get(key) is not None for key in set(keys))


@pytest.fixture
def cached_pages(coordination, group) -> dict[str, str]:
    """Every page served from the cache, by name, without the language prefix."""
    vacancy = VacancyFactory(title="Tenir un stand à Namur")
    return {
        "home": "",
        "coordinations": "coordinations/",
        "coordination": f"coordinations/{coordination.slug}/",
        "vacancies": "vacancies/",
        "vacancy": f"vacancies/{vacancy.slug}/",
        "groups": "groups/",
    }


def junk(index: int) -> dict[str, str]:
    """Parameters no page reads, and values that the pages ignore, different each time."""
    return {
        f"utm_{index}": "x" * (index % 7),
        "fbclid": f"IwAR{index}",
        "_": str(index),
        "kind": f"nonsense-{index}",
        "country": f"zz{index}",
        "province": f"atlantis-{index}",
        "page": f"p{index}",
    }


def test_a_flood_of_junk_parameters_leaves_one_entry_per_page_and_language(cached_pages, stored):
    visitor = Client()
    for language in ("fr", "en"):
        for path in cached_pages.values():
            url = f"/{language}/{path}"
            first = visitor.get(url)
            assert first.status_code == 200, url
            assert first["X-Page-Cache"] == "miss", url
            for index in range(FLOOD):
                response = visitor.get(url, junk(index))
                assert response.status_code == 200, (url, index)
                assert response["X-Page-Cache"] == "hit", (url, index)
            # The page carries none of the junk (the language switcher's return address is clean).
            assert (
                "utm_" not in response.content.decode() and "IwAR" not in response.content.decode()
            )

    assert len(stored) == len(set(stored)) == 2 * len(cached_pages)
    assert kept_in_cache(stored) == 2 * len(cached_pages)


def test_real_filters_get_entries_of_their_own(cached_pages, other_coordination, stored):
    visitor = Client()
    mexique = visitor.get("/en/coordinations/", {"kind": "country"}).content.decode()
    lakes = visitor.get("/en/coordinations/", {"kind": "region"}).content.decode()
    assert "Mexique" in mexique and "Afrique des Grands Lacs" not in mexique
    assert "Afrique des Grands Lacs" in lakes and "Mexique" not in lakes
    assert len(set(stored)) == 2

    visitor.get("/en/groups/", {"q": "5000"})
    visitor.get("/en/groups/", {"q": "4000"})
    assert len(set(stored)) == 4


@pytest.mark.parametrize(
    ("path", "spellings"),
    [
        (
            "coordinations/",
            [
                "?kind=country&vacant=on",
                "?vacant=on&kind=country",
                "?kind=COUNTRY&vacant=true&ref=newsletter",
                "?kind=%20Country%20&vacant=1&vacant=on",
            ],
        ),
        (
            "vacancies/",
            [
                "?q=stand&kind=volunteer&closing_soon=on",
                "?closing_soon=1&q=%20stand%20&kind=Volunteer",
                "?kind=volunteer&closing_soon=yes&q=stand&page=1&utm_source=x",
            ],
        ),
        ("groups/", ["?q=5000&province=namur", "?province=NAMUR&q=%205000&lat=&lon="]),
        ("groups/", ["?lat=50.4669&lon=4.8675", "?lon=4.86749&lat=50.46691&zoom=12"]),
    ],
)
def test_order_case_and_spaces_give_one_entry(cached_pages, stored, path, spellings):
    visitor = Client()
    answers = [visitor.get(f"/en/{path}{query}") for query in spellings]
    assert [answer.status_code for answer in answers] == [200] * len(spellings)
    assert [answer["X-Page-Cache"] for answer in answers] == ["miss"] + ["hit"] * (
        len(spellings) - 1
    )
    assert len(set(stored)) == 1


def test_a_filter_reads_the_same_for_a_logged_in_person(
    cached_pages, other_coordination, volunteer
):
    """The view sees the normalised parameters for everyone: the cache holds the same page."""
    person = Client()
    person.force_login(volunteer)
    page = person.get("/en/coordinations/?kind=%20REGION%20&utm_source=x").content.decode()
    assert "Afrique des Grands Lacs" in page and "Mexique" not in page
    assert "utm_source" not in page


def names_on(page: str) -> list[str]:
    return re.findall(r'class="stretched-link">([^<]+)</a>', page)


def test_a_page_that_reads_page_still_paginates(stored):
    for index in range(COORDINATIONS_PER_PAGE + 1):
        CoordinationFactory(name=f"Coordination {index:02}")
    visitor = Client()
    first = names_on(visitor.get("/en/coordinations/").content.decode())
    second = names_on(visitor.get("/en/coordinations/", {"page": "2"}).content.decode())
    assert len(first) == COORDINATIONS_PER_PAGE and len(second) == 1
    assert not set(first) & set(second)

    # The same second page, whatever else comes with it, and the link back to the first page.
    again = visitor.get("/en/coordinations/?page=02&utm_campaign=x")
    assert again["X-Page-Cache"] == "hit"
    assert names_on(again.content.decode()) == second
    assert visitor.get("/en/coordinations/?page=1")["X-Page-Cache"] == "hit"
    # Past the last page: the last page, from one entry however far past.
    past = [visitor.get("/en/coordinations/", {"page": str(n)}) for n in (5, 10**6, 10**30)]
    assert all(names_on(answer.content.decode()) == second for answer in past)
    assert [answer["X-Page-Cache"] for answer in past[1:]] == ["miss", "hit"]
    assert len(set(stored)) == 4  # page 1, page 2, page 5, and every page number from 1000 on

    # The pages' own links still carry the page number (and nothing else).
    assert "?page=2" in visitor.get("/en/coordinations/").content.decode()


def test_a_broken_position_still_says_so_from_the_cache(cached_pages, stored):
    visitor = Client()
    for index in range(3):
        response = visitor.get("/en/groups/", {"lat": f"north{index}", "lon": "999"})
        assert "We could not read your position" in response.content.decode()
    assert len(set(stored)) == 1


def test_a_cached_page_must_declare_the_parameters_it_reads():
    def view(request):
        raise AssertionError("never called")

    with pytest.raises(TypeError, match="params"):
        pagecache.public_page(view)
    with pytest.raises(TypeError, match="params"):
        pagecache.public_page()


def test_every_cached_page_declares_its_parameters():
    """The views behind the cached URLs say which parameters they read (an empty set is a
    declaration too)."""
    from django.urls import resolve

    for name in ("home", "coordinations:list", "recruitment:vacancy_list", "groups:search"):
        view = resolve(reverse(name)).func
        assert isinstance(getattr(view, "public_page_params", None), dict), name


def test_long_searches_keep_short_keys_of_their_own(cached_pages, stored):
    """A pasted paragraph keeps a key that every cache backend accepts, and its own page."""
    visitor = Client()
    # Non-ASCII letters triple in length once percent-encoded; two searches differ by one letter.
    first, second = "Ø" * 99 + "a", "Ø" * 99 + "b"
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        answers = [
            visitor.get("/fr/vacancies/", {"q": first}),
            visitor.get("/fr/vacancies/", {"q": second}),
            visitor.get("/fr/vacancies/", {"q": first}),
        ]
    assert [answer["X-Page-Cache"] for answer in answers] == ["miss", "miss", "hit"]
    assert len(set(stored)) == 2
    assert max(len(key) for key in stored) <= pagecache.KEY_LIMIT
    pages = [answer.content.decode() for answer in answers]
    assert first in pages[2] and second not in pages[2]
    assert second in pages[1]
