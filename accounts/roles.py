"""The secretariat's Django group and its model permissions.

Data migrations call ``grant_secretariat_permissions`` for the apps they add, so that staff in
the "Secretariat" group can work in the admin on every model of the portal.
"""

SECRETARIAT_GROUP = "Secretariat"


def grant_secretariat_permissions(
    apps, app_label: str, actions=("add", "change", "delete", "view")
):
    """Give the Secretariat group the permissions on every model of ``app_label``."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; make sure they exist now. The migration
    # state's app config is a stub without models_module, which create_permissions requires.
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    codenames = [
        f"{action}_{model._meta.model_name}"
        for model in apps.get_app_config(app_label).get_models()
        for action in actions
    ]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )
