from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationsConfig(AppConfig):
    name = "coordinations"
    verbose_name = _("Coordinations")

    def ready(self):
        from coordinations import signals  # noqa: F401 (connects the receivers)
