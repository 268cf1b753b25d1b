from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.me, name="me"),
    path("data/", views.my_data, name="my_data"),
    path("delete/", views.erase, name="erase"),
    path("consents/", views.consents, name="consents"),
    path("consents/digests/", views.consent_digests, name="consent_digests"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
