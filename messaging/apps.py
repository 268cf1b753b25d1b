from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("Messages")

    def ready(self):
        # Each app declares its daily sweeps in reminders.py (@sweep) and its daily purges of
        # personal data in retention.py (@daily_job): load them all (messaging.sweeps).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("reminders")
        autodiscover_modules("retention")
