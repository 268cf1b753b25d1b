from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    label = "local_groups"  # "groups" would clash with auth.Group in people's heads and URLs
    verbose_name = _("Local groups")
