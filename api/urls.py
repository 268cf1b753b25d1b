"""The public API under /api/v1/ (config/urls.py, outside the language prefix).

django-ninja's views are served through api.http.api_view, each with the query parameters it
reads (api.v1.QUERY_PARAMS); the documentation page is the portal's own (api.views.docs); any
other address under /api/v1/ is a JSON 404 (or the same address with its final slash).
"""

from django.urls import path, re_path

from api import views
from api.http import api_view
from api.v1 import QUERY_PARAMS, api

app_name = "api_v1"


def _served(patterns):
    for pattern in patterns:
        if pattern.name == "api-root":
            continue  # the index ("") answers at the root instead
        yield path(
            str(pattern.pattern),
            api_view(pattern.callback, params=QUERY_PARAMS[pattern.name]),
            name=pattern.name,
        )


ninja_patterns, _ninja_app, _namespace = api.urls

urlpatterns = [
    path("docs/", views.docs, name="docs"),
    *_served(ninja_patterns),
    re_path(r"^(?P<rest>.*)$", views.not_found, name="not_found"),
]
