from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from config import views

# The admin's own log-in form would skip allauth, and with it the second factor, the rate
# limits and the security log: /admin/login/ sends people to allauth's log-in instead.
# Before admin.site.urls below, which binds the view.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/places/", include("groups.api_urls")),
    # The public read-only API, its schema and documentation (api/urls.py).
    path("api/v1/", include("api.urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("signed-in/", views.signed_in, name="signed_in"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("accounts.urls")),
    path("coordinations/", include("coordinations.urls")),
    path("vacancies/", include("recruitment.urls")),
    path("groups/", include("groups.urls")),
    path("actions/", include("actions.urls")),
    path("events/", include("events.urls")),
    # Signalements: the coordinator's in My space (me/signalements/), the queue with the
    # dashboard (dashboard/signalements/).
    path("", include("liaison.urls")),
    path("dashboard/people/", include("people.urls")),
    path("dashboard/messages/", include("people.mailing_urls")),
    # The embeddable widgets (embed/...) and their staff page (dashboard/embeds/).
    path("", include("api.embed_urls")),
    path("dashboard/", include("dashboard.urls")),
    # The outbox's staff page (failed and stuck messages) sits with the dashboard that links it.
    path("dashboard/outbox/", include("messaging.urls")),
)

admin.site.site_header = "Portail des coordinations"
admin.site.site_title = "Portail des coordinations"

# The error pages, in the portal's layout and the visitor's language (config/errors.py); allauth
# sends its rate limits' 429 to handler429 too.
handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler429 = "config.errors.too_many_requests"
handler500 = "config.errors.server_error"
