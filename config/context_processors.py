from django.utils.functional import SimpleLazyObject

from config.navigation import items_for


def portal(request):
    """The main navigation (config/navigation.py), built only when a page shows it."""
    return {"nav_items": SimpleLazyObject(lambda: _items(request))}


def _items(request):
    # Once per request, however many templates render the header.
    if not hasattr(request, "_nav_items"):
        request._nav_items = items_for(request)
    return request._nav_items
