"""Every admin action that changes something needs a permission beyond "view".

Django lets anybody who can open a list page run the actions that declare no permission, so a
staff member with view-only access could publish vacancies or close circulars. Enumerated from
the admin site, so an action added later without a permission fails here.
"""

from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import RequestFactory


def test_every_admin_action_declares_the_permission_it_needs():
    undeclared = []
    for model, model_admin in admin.site._registry.items():
        for action in model_admin.actions or ():
            function = action if callable(action) else getattr(model_admin, action)
            permissions = getattr(function, "allowed_permissions", ())
            if not permissions or set(permissions) <= {"view"}:
                undeclared.append(f"{model._meta.label}.{getattr(function, '__name__', action)}")
    assert undeclared == []


def test_a_view_only_staff_member_is_offered_no_action(client, django_user_model):
    viewer = django_user_model.objects.create_user(
        email="viewer@example.org", password="x-Viewer-2026!", is_staff=True
    )
    viewer.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    request = RequestFactory().get("/admin/")
    request.user = viewer
    offered = {}
    for model, model_admin in admin.site._registry.items():
        actions = model_admin.get_actions(request)
        if actions:
            offered[model._meta.label] = sorted(actions)
    assert offered == {}
