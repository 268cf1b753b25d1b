from django.urls import path

from liaison import views

app_name = "liaison"

# Mounted at the root of the language prefix: the coordinator's pages sit in My space
# (/fr/me/signalements/), the secretariat's with the dashboard (/fr/dashboard/signalements/).
urlpatterns = [
    path("me/signalements/", views.my_list, name="my_list"),
    path("me/signalements/new/", views.signalement_create, name="create"),
    path("me/signalements/<int:pk>/", views.my_detail, name="my_detail"),
    path("me/signalements/<int:pk>/reply/", views.my_reply, name="my_reply"),
    path("me/signalements/<int:pk>/attachment/", views.attachment_download, name="attachment"),
    path("dashboard/signalements/", views.queue, name="queue"),
    path("dashboard/signalements/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("dashboard/signalements/<int:pk>/reply/", views.staff_reply, name="staff_reply"),
    path("dashboard/signalements/<int:pk>/status/", views.status_change, name="status"),
]
