"""Messages to several people, under /dashboard/messages/ (the views: people.mailing_views)."""

from django.urls import path

from people import mailing_views as views

app_name = "mailings"

urlpatterns = [
    path("", views.mailing_list, name="list"),
    path("new/", views.mailing_create, name="create"),
    path("<int:pk>/", views.mailing_detail, name="detail"),
    path("<int:pk>/edit/", views.mailing_edit, name="edit"),
    path("<int:pk>/send/", views.mailing_send, name="send"),
    path("<int:pk>/unschedule/", views.mailing_unschedule, name="unschedule"),
    path("<int:pk>/delete/", views.mailing_delete, name="delete"),
]
