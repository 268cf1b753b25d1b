from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.me, name="me"),
    path("profile/", views.me_profile, name="me_profile"),
    # The long sections of My space, each on its page (declared in the apps' myspace.py).
    path("mandate/", views.me_page, {"page": "mandate"}, name="me_mandate"),
    path("tasks/", views.me_page, {"page": "tasks"}, name="me_tasks"),
    path("onboarding/", views.me_page, {"page": "onboarding"}, name="me_onboarding"),
    path("activity/", views.me_page, {"page": "activity"}, name="me_activity"),
    path("handover/", views.me_page, {"page": "handover"}, name="me_handover"),
    path("data/", views.my_data, name="my_data"),
    path("delete/", views.erase, name="erase"),
    path("consents/", views.consents, name="consents"),
    path("consents/digests/", views.consent_digests, name="consent_digests"),
    path("consents/news/", views.consent_news, name="consent_news"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
