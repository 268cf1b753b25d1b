from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("", views.search, name="search"),
    path("export.csv", views.export, name="export"),
    path("segments/save/", views.segment_save, name="segment_save"),
    path("segments/<int:pk>/delete/", views.segment_delete, name="segment_delete"),
    path("<int:pk>/", views.person, name="person"),
    path("<int:pk>/notes/", views.note_add, name="note_add"),
    path("<int:pk>/tags/", views.tags_set, name="tags"),
]
