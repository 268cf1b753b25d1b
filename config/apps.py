from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project itself: its management commands, and what every database connection needs."""

    name = "config"
    verbose_name = "Portal"

    def ready(self):
        from django.db.backends.signals import connection_created

        from config import versions
        from config.collation import register_collation

        # SQLite learns the name collation that PostgreSQL has built in (config/collation.py).
        connection_created.connect(register_collation, dispatch_uid="portal_name_collation")
        # Every write changes the version of its area (config/versions.py).
        connection_created.connect(versions.install, dispatch_uid="portal_area_versions")
