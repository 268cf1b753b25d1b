"""Area versions (config/versions.py): every write through Django's connection changes the
version of its table's area, whatever form the write takes, and a read changes nothing."""

import pytest
from django.db import connection, transaction

from accounts.models import User
from config import versions
from coordinations.models import Coordination
from tests.coordinations.factories import CoordinationFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def version(area: str) -> str:
    return versions.versions([area])


def test_a_save_an_update_a_bulk_insert_and_raw_sql_each_change_the_area():
    coordination = CoordinationFactory(name="Chili", slug="chili")
    seen = [version("coordinations")]

    coordination.name = "Chili et Argentine"
    coordination.save()
    seen.append(version("coordinations"))
    Coordination.objects.filter(pk=coordination.pk).update(is_active=False)
    seen.append(version("coordinations"))
    Coordination.objects.bulk_create([Coordination(name="Pérou", slug="perou", kind="country")])
    seen.append(version("coordinations"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {connection.ops.quote_name(Coordination._meta.db_table)} SET is_active = %s",
            [True],
        )
    seen.append(version("coordinations"))
    Coordination.objects.filter(slug="perou").delete()
    seen.append(version("coordinations"))

    assert len(set(seen)) == len(seen)


@pytest.mark.usefixtures("catalogues")
def test_a_many_to_many_add_and_remove_change_the_area():
    """INSERT ... ON CONFLICT DO NOTHING on PostgreSQL, INSERT OR IGNORE on SQLite."""
    from coordinations.models import Responsibility
    from tests.coordinations.factories import MandateFactory

    mandate = MandateFactory()
    task = Responsibility.objects.filter(kind=Responsibility.Kind.OPTIONAL).first()
    before = version("coordinations")
    mandate.optional_responsibilities.add(task)
    added = version("coordinations")
    mandate.optional_responsibilities.remove(task)
    assert before != added != version("coordinations")


def test_reads_and_other_areas_leave_the_version_alone():
    CoordinationFactory(name="Chili", slug="chili")
    before = version("coordinations")
    list(Coordination.objects.all())
    UserFactory(email="someone@example.org")
    assert version("coordinations") == before
    assert Coordination.objects.count() == 1


def test_a_log_in_time_changes_nothing_shown():
    user = UserFactory(email="someone@example.org")
    before = version("accounts")
    from django.contrib.auth.models import update_last_login

    update_last_login(None, user)
    assert version("accounts") == before
    User.objects.filter(pk=user.pk).update(first_name="Léa")
    assert version("accounts") != before


def test_the_version_changes_again_when_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        CoordinationFactory(name="Chili", slug="chili")
        at_write = version("coordinations")
        CoordinationFactory(name="Pérou", slug="perou")
    # One increment per write, and one more at the commit for the area (not per write).
    assert len(callbacks) == 1
    callbacks[0]()
    assert version("coordinations") != at_write


def test_a_savepoint_rolled_back_does_not_lose_the_next_write(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        try:
            with transaction.atomic():
                CoordinationFactory(name="Chili", slug="chili")
                raise RuntimeError
        except RuntimeError:
            pass
        CoordinationFactory(name="Pérou", slug="perou")
    # The savepoint's callback went with it; the write after it registered its own.
    assert len(callbacks) == 1
    before = version("coordinations")
    callbacks[0]()
    assert version("coordinations") != before


def test_kept_html_carries_each_visitors_own_csrf_token(rf):
    from django.middleware.csrf import _unmask_cipher_token, get_token

    first, second = rf.get("/"), rf.get("/")
    first.META["CSRF_COOKIE"] = "a" * 32
    second.META["CSRF_COOKIE"] = "b" * 32
    form = '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="{}">'

    key = versions.fragment_key("test-form", ["coordinations"])
    versions.cached_html(first, key, lambda: form.format(get_token(first)))
    again = versions.cached_html(second, key, lambda: pytest.fail("rendered twice"))
    token = again.split('value="')[1].split('"')[0]
    # The second visitor's form would pass their own CSRF check, not the first one's.
    assert _unmask_cipher_token(token) == "b" * 32


def test_a_loop_of_writes_costs_one_increment_until_a_page_reads(monkeypatch):
    bumps = []
    real = versions._bump
    monkeypatch.setattr(versions, "_bump", lambda area: (bumps.append(area), real(area)))
    with transaction.atomic():
        for index in range(50):
            CoordinationFactory(name=f"Pays {index}", slug=f"pays-{index}")
        assert bumps.count("coordinations") == 1
        seen = version("coordinations")  # a page reads: the next write shows to it
        CoordinationFactory(name="Chili", slug="chili")
        assert version("coordinations") != seen
    assert bumps.count("coordinations") == 2


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_every_write_increments(monkeypatch):
    """In autocommit each write is visible to every process at once: each one increments."""
    coordination = CoordinationFactory(name="Chili", slug="chili")
    bumps = []
    monkeypatch.setattr(versions, "_bump", bumps.append)
    Coordination.objects.filter(pk=coordination.pk).update(is_active=False)
    Coordination.objects.filter(pk=coordination.pk).update(is_active=True)
    assert bumps == ["coordinations", "coordinations"]


def test_a_version_lost_by_the_cache_never_comes_back_as_an_old_one():
    """Evicted (or Redis restarted), an area starts again from a value it never had: a
    fragment kept under an earlier version cannot be served again."""
    from django.core.cache import cache

    seen = set()
    for _round in range(20):
        for _index in range(5):
            versions.changed("coordinations")
            seen.add(version("coordinations"))
        cache.delete(versions.VERSION_PREFIX + "coordinations")
    versions.changed("coordinations")
    assert version("coordinations") not in seen
    assert len(seen) == 100
