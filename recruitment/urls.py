from django.urls import path

from recruitment import views

app_name = "recruitment"

# Fixed addresses come before "<slug>/": a vacancy's slug can never take them (RESERVED_SLUGS).
urlpatterns = [
    path("", views.vacancy_list, name="vacancy_list"),
    path("feed/", views.vacancy_feed, name="vacancy_feed"),
    path("interest/", views.interest_register, name="interest_register"),
    path("interest/<int:pk>/stop/", views.interest_stop, name="interest_stop"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path(
        "applications/<int:pk>/withdraw/",
        views.application_withdraw,
        name="application_withdraw",
    ),
    path("applications/<int:pk>/cv/", views.application_cv, name="application_cv"),
    path("pipeline/", views.pipeline_index, name="pipeline_index"),
    path(
        "pipeline/applications/<int:pk>/",
        views.pipeline_application,
        name="pipeline_application",
    ),
    path("pipeline/applications/<int:pk>/move/", views.pipeline_move, name="pipeline_move"),
    path("pipeline/applications/<int:pk>/note/", views.pipeline_note, name="pipeline_note"),
    path(
        "pipeline/applications/<int:pk>/interview/",
        views.pipeline_interview,
        name="pipeline_interview",
    ),
    path(
        "pipeline/interviews/<int:pk>/reschedule/",
        views.pipeline_interview_reschedule,
        name="pipeline_interview_reschedule",
    ),
    path(
        "pipeline/interviews/<int:pk>/cancel/",
        views.pipeline_interview_cancel,
        name="pipeline_interview_cancel",
    ),
    path(
        "pipeline/applications/<int:pk>/decline/",
        views.pipeline_decline,
        name="pipeline_decline",
    ),
    path("pipeline/applications/<int:pk>/accept/", views.pipeline_accept, name="pipeline_accept"),
    path("pipeline/<slug:slug>/", views.pipeline_vacancy, name="pipeline_vacancy"),
    path("pipeline/<slug:slug>/publish/", views.pipeline_publish, name="pipeline_publish"),
    path("pipeline/<slug:slug>/close/", views.pipeline_close, name="pipeline_close"),
    path(
        "pipeline/<slug:slug>/decline-remaining/",
        views.pipeline_decline_remaining,
        name="pipeline_decline_remaining",
    ),
    path("<slug:slug>/", views.vacancy_detail, name="vacancy_detail"),
    path("<slug:slug>/apply/", views.vacancy_apply, name="vacancy_apply"),
]
