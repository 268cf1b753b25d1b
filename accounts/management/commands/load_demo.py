from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import DEMO_PASSWORD, DEMO_TOTP_COMMAND, DEMO_TOTP_SECRET, DEMO_USERS


class Command(BaseCommand):
    help = "Load the demo data (idempotent). Refused in production."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("The demo data is never loaded when DJANGO_ENV=production.")
        # Each app of the portal may have a demo module; they load in INSTALLED_APPS order so
        # that later apps find the people and coordinations the earlier ones created.
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                if not app_config.path.startswith(str(settings.BASE_DIR)):
                    continue
                try:
                    demo = import_module(f"{app_config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{app_config.name}.demo":
                        raise
                    continue
                demo.load(self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded. Demo logins (password: {DEMO_PASSWORD}):")
        )
        for email, *_ in DEMO_USERS:
            self.stdout.write(f"  {email}")
        self.stdout.write(
            "Staff sign in with a second factor too. Add this secret to an authenticator app: "
            f"{DEMO_TOTP_SECRET}\nor print the code of the moment with:\n  {DEMO_TOTP_COMMAND}"
        )
