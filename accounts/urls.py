from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.me, name="me"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
