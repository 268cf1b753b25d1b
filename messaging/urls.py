from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("resend/", views.resend, name="resend"),
]
