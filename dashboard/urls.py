from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("map.json", views.map_data, name="map_data"),
    path("exports/coordinators.csv", views.export_coordinators, name="export_coordinators"),
    path("exports/groups.csv", views.export_groups, name="export_groups"),
    path(
        "exports/vacancies/<slug:slug>/applications.csv",
        views.export_applications,
        name="export_applications",
    ),
    path(
        "exports/proposals/<int:pk>/follow-up.csv",
        views.export_follow_up,
        name="export_follow_up",
    ),
]
