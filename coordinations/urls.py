from django.urls import path

from coordinations import views

app_name = "coordinations"

urlpatterns = [
    path("", views.coordination_list, name="list"),
    # My mandate (the verbs of My space); fixed prefixes before the coordination's slug.
    path("mandates/<int:pk>/request/", views.mandate_request, name="mandate_request"),
    path("mandates/<int:pk>/tasks/", views.mandate_tasks, name="mandate_tasks"),
    path("mandates/<int:pk>/onboarding/", views.onboarding, name="onboarding"),
    path("mandates/<int:pk>/onboarding/tick/", views.onboarding_tick, name="onboarding_tick"),
    path("onboarding/<int:pk>/untick/", views.onboarding_untick, name="onboarding_untick"),
    path("mandates/<int:pk>/activities/", views.activity_list, name="activity_list"),
    path("mandates/<int:pk>/activities/add/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/edit/", views.activity_update, name="activity_update"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("handover/<int:pk>/edit/", views.handover_note_update, name="handover_note_update"),
    path("<slug:slug>/handover/add/", views.handover_note_create, name="handover_note_create"),
    path("<slug:slug>/", views.coordination_detail, name="detail"),
]
