"""Settings of the portal, all driven by environment variables.

The defaults give the embedded set-up (one machine, nothing to prepare): SQLite, Celery in
eager mode, e-mail printed on the console. Production (DJANGO_ENV=production) refuses to start
with the development secret key or with DEBUG on. The README has the table of every variable.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = DJANGO_ENV == "production"

# A key that is public by design: it only ever serves development machines, and production
# refuses it below.
DEVELOPMENT_SECRET_KEY = "development-only-key-never-use-in-production-0123456789abcdefghij"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
DEBUG = env.bool("DJANGO_DEBUG", default=not PRODUCTION)

if PRODUCTION:
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_ENV=production needs its own DJANGO_SECRET_KEY (at least 50 characters)."
        )
    if DEBUG:
        raise ImproperlyConfigured("DJANGO_ENV=production refuses to start with DJANGO_DEBUG on.")

SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS",
    default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"],
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "django_filters",
    "django_htmx",
    "csp",
    # The portal's own apps, in the order their demo data is loaded.
    "accounts",
    "coordinations",
    "groups",
    "recruitment",
    "actions",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "config.middleware.PersonalDataNoStoreMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.portal",
            ],
            "libraries": {"portal": "config.templatetags"},
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Web addresses typed without a scheme are taken as https (Django 6's default, adopted now).
FORMS_URLFIELD_ASSUME_HTTPS = True

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
        }
    }
else:
    # allauth's rate limits need a real cache: locmem on one machine, Redis in production.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:me"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: the e-mail address is the login; verification is mandatory in production.
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = (
    "mandatory" if PRODUCTION else env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
)
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, spelled out so that nobody switches them off by accident.
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
}
# The portal's own forms (config/ratelimit.py): (how many, per how many seconds), counted per
# account when logged in and per address otherwise, in the same cache.
PORTAL_RATE_LIMITS = {
    "application": (env.int("RATE_LIMIT_APPLICATIONS", default=10), 60 * 60),
    "contact": (env.int("RATE_LIMIT_CONTACT_MESSAGES", default=5), 60 * 60),
    "visit_request": (env.int("RATE_LIMIT_VISIT_REQUESTS", default=10), 60 * 60),
}

# Internationalisation: French (Belgium) by default, English complete.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
# Files people upload (CVs, circular attachments) are private: never under STATIC or a public
# MEDIA_URL; a view that checks permission serves them.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))

FORM_RENDERER = "config.forms.PortalFormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: printed on the console unless an SMTP server is configured.
EMAIL_HOST = env.str("EMAIL_HOST", default="")
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-emails"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Portail des coordinations <noreply@example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The version of the privacy text: every consent records the version the person saw.
PRIVACY_VERSION = "2026-11-23"
APPLICATION_RETENTION_MONTHS = env.int("APPLICATION_RETENTION_MONTHS", default=12)
# Public pages served from the cache to anonymous visitors (config/pagecache.py); 0: never
# (the default with DEBUG on, so that an edited template shows at once).
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=0 if DEBUG else 300)
# The dashboard's figures are kept this long for all of staff (Celery beat counts them anew
# every minute); the page says when they were counted and can count them anew. 0: never kept
# (the default with DEBUG on).
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=0 if DEBUG else 120)
SECRETARIAT_EMAIL = env.str("SECRETARIAT_EMAIL", default="secretariat@example.org")
SUPPORT_TEAM_EMAIL = env.str("SUPPORT_TEAM_EMAIL", default="soutien.coordinations@example.org")

# Celery: eager in the web process without REDIS_URL; a real worker on Redis with it.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Tasks are never scheduled further ahead than this: far-future work is found by the daily
# sweeps in the database, so nothing relies on Redis re-delivering a long countdown.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# The reminders' daily sweep (Europe/Brussels); the sweeps find due work in the database.
REMINDERS_HOUR = env.int("REMINDERS_HOUR", default=7)
REMINDERS_MINUTE = env.int("REMINDERS_MINUTE", default=0)
# Days before a mandate's end at which its coordinator is reminded (0 = the end date).
MANDATE_MILESTONE_DAYS = env.list("MANDATE_MILESTONE_DAYS", cast=int, default=[180, 90, 30, 0])
CELERY_BEAT_SCHEDULE = {
    "daily-reminder-sweeps": {
        "task": "accounts.tasks.run_daily_sweeps",
        "schedule": crontab(hour=REMINDERS_HOUR, minute=REMINDERS_MINUTE),
    },
    # The dashboard's figures, counted ahead for staff (they are kept DASHBOARD_CACHE_SECONDS).
    "dashboard-figures": {"task": "dashboard.tasks.refresh_dashboard", "schedule": 60.0},
}
# E-mail has its own queue, so that a slow mail server never holds up the other tasks.
CELERY_MAIL_QUEUE = env.str("CELERY_MAIL_QUEUE", default="mail")
CELERY_TASK_ROUTES = {
    "accounts.tasks.send_email": {"queue": CELERY_MAIL_QUEUE},
    "accounts.tasks.deliver_reminder": {"queue": CELERY_MAIL_QUEUE},
}
CELERY_TASK_DEFAULT_QUEUE = "celery"

# Security headers. The Content Security Policy allows no inline script or style.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
if env.bool("DJANGO_BEHIND_PROXY", default=PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Map tiles: none by default (no outside host); production may set an OpenStreetMap tile server,
# e.g. https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png
MAP_TILE_URL = env.str("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="&copy; OpenStreetMap contributors")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([_origin(MAP_TILE_URL)] if MAP_TILE_URL else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One JSON line per security event (log-ins, denials, exports, data downloads).
        "portal.security": {"level": "INFO", "propagate": True},
    },
}
