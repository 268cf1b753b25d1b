"""Version counters (config/counters.py): after the cache loses one, it never comes back to a
value it had, so nothing kept under an old value is served again."""

import pytest
from django.core.cache import cache
from django.test import Client

from config import counters, navigation, pagecache, versions
from tests.coordinations.factories import CoordinationFactory

pytestmark = pytest.mark.django_db


def test_a_lost_counter_starts_again_from_a_value_it_never_had():
    seen = set()
    for _ in range(5):
        seen.add(counters.current("test:counter"))
        counters.bump("test:counter")
        seen.add(counters.current("test:counter"))
        cache.delete("test:counter")  # evicted, or Redis restarted
    assert len(seen) == 10  # five random starts, each incremented once: no value twice
    counters.bump("test:never-set")  # a bump before any read sets it
    assert cache.get("test:never-set") is not None


@pytest.mark.parametrize(
    "key, read",
    [
        (pagecache.VERSION_KEY, pagecache.data_version),
        (navigation.VERSION_KEY, navigation._version),
        (versions.VERSION_PREFIX + "actions", lambda: int(versions.versions(["actions"]))),
    ],
    ids=["public pages", "navigation", "an area"],
)
def test_every_version_of_the_portal_is_such_a_counter(key, read):
    before = read()
    cache.delete(key)
    assert read() not in (before, 0, 1)


def test_a_page_kept_before_the_version_was_lost_is_not_served_again():
    CoordinationFactory(name="Mexique")
    visitor = Client()
    assert visitor.get("/fr/coordinations/")["X-Page-Cache"] == "miss"
    assert visitor.get("/fr/coordinations/")["X-Page-Cache"] == "hit"
    cache.delete(pagecache.VERSION_KEY)  # the page is still there, its version is gone
    assert visitor.get("/fr/coordinations/")["X-Page-Cache"] == "miss"
