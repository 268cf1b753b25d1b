"""Sessions read from the cache, written to the database (Django's ``cached_db``), with a bound.

Every logged-in request reads its session: from the cache that is one call instead of a query.
The database stays the reference, so nobody is logged out when the cache is emptied or
unreachable. Two bounds keep a session that has ended from living on in the cache:

- this engine is used only with a cache shared by every process (Redis; settings.py): with a
  cache per process, a log-out in one process would leave the session alive in the others;
- a session stays at most ``SESSION_CACHE_SECONDS`` in the cache (Django keeps it as long as the
  session itself, two weeks). If the cache was unreachable at a log-out (config/cache.py answers
  as an empty cache and deletes nothing), the ended session can come back from the cache for at
  most that long once it answers again.
"""

from django.conf import settings
from django.contrib.sessions.backends import cached_db


class SessionStore(cached_db.SessionStore):
    cache_key_prefix = "portal.session:"

    def _cache_seconds(self, expiry_age: int) -> int:
        return max(0, min(expiry_age, settings.SESSION_CACHE_SECONDS))

    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:  # an invalid key: read the database, as Django does
            data = None
        if data is None:
            stored = self._get_session_from_db()
            if not stored:
                return {}
            data = self.decode(stored.session_data)
            self._cache.set(
                self.cache_key,
                data,
                self._cache_seconds(self.get_expiry_age(expiry=stored.expire_date)),
            )
        return data

    def save(self, must_create=False):
        # The database first (cached_db.DBStore.save), then the cache, bounded.
        super(cached_db.SessionStore, self).save(must_create)
        self._cache.set(self.cache_key, self._session, self._cache_seconds(self.get_expiry_age()))
