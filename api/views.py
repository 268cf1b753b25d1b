"""The pages of /api/v1/ that are not endpoints: the documentation, and the 404 of the API."""

from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from api.http import cors_open, error
from api.v1 import feed_urls
from config.pagecache import public_page


@cors_open
@require_safe
@public_page(params={})
def docs(request):
    """Swagger UI over the schema, from the portal's own files (the CSP allows no CDN)."""
    return render(
        request,
        "api/docs.html",
        {"schema_url": reverse("api_v1:openapi-json"), "feeds": feed_urls()},
    )


@cors_open
def not_found(request, rest):
    """Any other address under /api/v1/: the same with its final slash when that is one, else a
    404 in the API's shape (never the portal's HTML page)."""
    if not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "not_found":
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                request.path + "/" + (f"?{query}" if query else "")
            )
    return error(404, "not_found", _("There is nothing public at this address."))
