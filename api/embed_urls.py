"""The widgets and their staff page, under the language prefix (config/urls.py)."""

from django.urls import path

from api import embeds

app_name = "embeds"

urlpatterns = [
    path("embed/groups/", embeds.groups, name="groups"),
    path("embed/vacancies/", embeds.vacancies, name="vacancies"),
    path("embed/actions/", embeds.actions, name="actions"),
    path("dashboard/embeds/", embeds.snippets, name="snippets"),
]
