from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Each app declares its permission rules and its My space sections: load them all.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("permissions")
        autodiscover_modules("myspace")
        from accounts import security  # noqa: F401  (connects the security log's receivers)
        from config.pagecache import connect_signals

        connect_signals()  # changes to what public pages show make their cached copies stale
        from config import navigation

        navigation.connect_signals()  # and the navigation's counts of what waits, theirs
