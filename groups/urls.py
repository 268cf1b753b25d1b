from django.urls import path

from groups import views

app_name = "groups"

urlpatterns = [
    path("", views.search, name="search"),
    path("found/", views.group_found, name="found"),
    path("tasks/<int:pk>/assign/", views.task_assign, name="task_assign"),
    path("tasks/<int:pk>/delete/", views.task_delete, name="task_delete"),
    # Fixed prefixes before the group's slug.
    path("members/<int:pk>/role/", views.membership_role, name="membership_role"),
    path("members/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("join-requests/<int:pk>/accept/", views.join_request_accept, name="join_request_accept"),
    path(
        "join-requests/<int:pk>/decline/", views.join_request_decline, name="join_request_decline"
    ),
    path(
        "join-requests/<int:pk>/withdraw/",
        views.join_request_withdraw,
        name="join_request_withdraw",
    ),
    path("visits/<int:pk>/accept/", views.visit_accept, name="visit_accept"),
    path("visits/<int:pk>/decline/", views.visit_decline, name="visit_decline"),
    path("visits/<int:pk>/cancel/", views.visit_cancel, name="visit_cancel"),
    path("<slug:slug>/", views.group_detail, name="detail"),
    path("<slug:slug>/contact/", views.group_contact, name="contact"),
    path("<slug:slug>/join/", views.group_join, name="join"),
    path("<slug:slug>/leave/", views.group_leave, name="leave"),
    path("<slug:slug>/edit/", views.group_edit, name="edit"),
    path("<slug:slug>/members/", views.group_members, name="members"),
    path("<slug:slug>/tasks/", views.group_tasks, name="tasks"),
    path("<slug:slug>/coordinators/", views.nearest_coordinators, name="coordinators"),
    path(
        "<slug:slug>/coordinators/<int:mandate_pk>/visit/",
        views.visit_request_create,
        name="visit_request",
    ),
]
