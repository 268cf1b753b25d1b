from django.urls import path

from events import views

app_name = "events"

# Fixed words first: an event's address (its slug) always ends with its date, so it can never
# be one of them.
urlpatterns = [
    path("", views.event_list, name="list"),
    path("feed.ics", views.public_feed, name="feed"),
    path("me/", views.my_schedule, name="my_schedule"),
    path("me/calendar/", views.calendar_reset, name="calendar_reset"),
    path("calendar/<str:token>.ics", views.personal_feed, name="personal_feed"),
    path("hours/", views.hours, name="hours"),
    path("hours/export.csv", views.hours_export, name="hours_export"),
    path("trainings/", views.training_needs, name="training_needs"),
    path("new/", views.event_create, name="create"),
    path("new/group/<slug:group>/", views.event_create, name="create_for_group"),
    path(
        "new/coordination/<slug:coordination>/",
        views.event_create,
        name="create_for_coordination",
    ),
    path("groups/<slug:slug>/", views.group_hours, name="group_hours"),
    path("groups/<slug:slug>/time/", views.time_log, name="time_log"),
    path("time/<int:pk>/delete/", views.time_delete, name="time_delete"),
    path("places/<int:pk>/cancel/", views.participation_cancel, name="cancel"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/event.ics", views.event_ics, name="ics"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/shifts/<int:pk>/sign-up/", views.shift_signup, name="shift_signup"),
    path("<slug:slug>/check-in/", views.check_in, name="check_in"),
    path("<slug:slug>/manage/", views.manage, name="manage"),
    path("<slug:slug>/manage/edit/", views.event_edit, name="edit"),
    path("<slug:slug>/manage/attendance/", views.attendance, name="attendance"),
    path("<slug:slug>/manage/code/", views.code_renew, name="code_renew"),
    path("<slug:slug>/shifts/<int:pk>/call/", views.call_for_help, name="call_for_help"),
]
