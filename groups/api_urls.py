"""The places autocomplete, outside the language prefix: /api/places/?q= (config/urls.py)."""

from django.urls import path

from groups import views

urlpatterns = [path("", views.places_autocomplete, name="places_autocomplete")]
