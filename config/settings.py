"""Settings of the portal, all driven by environment variables.

The defaults give the embedded set-up (one machine, nothing to prepare): SQLite, Celery in
eager mode, e-mail printed on the console. Production (DJANGO_ENV=production) refuses to start
with the development secret key or with DEBUG on. The README has the table of every variable.
"""

import sys
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

# Keys that are public too: the placeholder of .env.example, and any other "change me" left in.
PLACEHOLDER_SECRET_KEY = "change-me-to-a-long-random-string-of-at-least-fifty-characters"


def _placeholder_secret(key: str) -> bool:
    return key in {DEVELOPMENT_SECRET_KEY, PLACEHOLDER_SECRET_KEY} or "change-me" in key.lower()


if PRODUCTION:
    if _placeholder_secret(SECRET_KEY) or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_ENV=production needs its own DJANGO_SECRET_KEY (at least 50 random "
            "characters, not the example's placeholder)."
        )
    if DEBUG:
        raise ImproperlyConfigured("DJANGO_ENV=production refuses to start with DJANGO_DEBUG on.")

SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The portal's name in the account e-mails (allauth's "site"); unset, "Coordination portal" in
# the reader's language.
SITE_NAME = env.str("SITE_NAME", default="") or _("Coordination portal")
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
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "django_filters",
    "django_htmx",
    "csp",
    # The project itself: its management commands (backup, restore).
    "config",
    # The portal's own apps, in the order their demo data is loaded.
    "accounts",
    "coordinations",
    "groups",
    "recruitment",
    "actions",
    "liaison",
    "dashboard",
    "messaging",
    # Events, shifts, registrations, trainings, attendance and volunteering hours.
    "events",
    # People: search, timelines, notes, tags and segments (messages to segments: messaging).
    "people",
    # The public read-only API (/api/v1/) and the embeddable widgets.
    "api",
]

MIDDLEWARE = [
    # First: the container's health check passes whatever its Host and scheme.
    "config.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CsrfViewMiddleware, the first to read a form: an oversized body is never read.
    "config.middleware.RequestSizeLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's, with the ordinary policy built once (config/middleware.py).
    "config.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff pass a second factor before any page opens (after allauth, which it relies on).
    "accounts.middleware.StaffSecondFactorMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "config.middleware.PersonalDataNoStoreMiddleware",
    # A bare 405 becomes the portal's page, or for a GET on a form's address, its form's page.
    "config.errors.MethodNotAllowedMiddleware",
    # Last, so that its page is in the visitor's language: a database timeout is a clear 503.
    "config.middleware.DatabaseBusyMiddleware",
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
            # In every template: the "date" filter with the French "1er janvier", and the
            # French typography (elide, de, country_with_article, money, french_spacing).
            "builtins": ["config.templatefilters"],
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
    # Bounded waits. A web request's statement stops after DB_STATEMENT_TIMEOUT_MS and a lock
    # wait after DB_LOCK_TIMEOUT_MS, and the visitor gets a clear "try again" page (503, from
    # config.middleware.DatabaseBusyMiddleware), well before gunicorn's own timeout would kill
    # the worker. manage.py commands (migrate, backup, load_demo...) and Celery run longer
    # statements: they have their own bounds, DB_COMMAND_*_TIMEOUT_MS (0: none).
    _program = Path(sys.argv[0]).name if sys.argv else ""
    _command = (_program == "manage.py" and sys.argv[1:2] != ["runserver"]) or _program == "celery"
    _prefix = "DB_COMMAND_" if _command else "DB_"
    DB_STATEMENT_TIMEOUT_MS = env.int(
        f"{_prefix}STATEMENT_TIMEOUT_MS", default=0 if _command else 15000
    )
    DB_LOCK_TIMEOUT_MS = env.int(f"{_prefix}LOCK_TIMEOUT_MS", default=60000 if _command else 5000)
    # PostgreSQL compiles a query whose estimated cost passes jit_above_cost to machine code: for
    # the portal's counts over a large table that took 160-220 ms per query, longer than running
    # them (bench/RESULTS.md). Off for the portal's connections unless DB_JIT=true.
    DB_JIT = env.bool("DB_JIT", default=False)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": env.int("DB_CONNECT_TIMEOUT", default=5),
            "options": f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS}"
            f" -c lock_timeout={DB_LOCK_TIMEOUT_MS}"
            f" -c jit={'on' if DB_JIT else 'off'}",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Web addresses typed without a scheme are taken as https (Django 6's default, adopted now).
FORMS_URLFIELD_ASSUME_HTTPS = True

REDIS_URL = env.str("REDIS_URL", default="")
# The cache (pages, rate limits, the dashboard's figures) may live in a Redis of its own, capped
# and evicting (docker-compose.yml), so that it never fills the broker's memory: memory limits
# and eviction apply to a whole Redis server, never to one of its databases. Unset: REDIS_URL's.
REDIS_CACHE_URL = env.str("REDIS_CACHE_URL", default=REDIS_URL)

if REDIS_CACHE_URL:
    CACHES = {
        "default": {
            # Redis, or an empty cache while Redis is unreachable (config/cache.py): every call
            # waits at most these timeouts, and the page is computed without the cache.
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "KEY_PREFIX": "portal",
            "OPTIONS": {
                "socket_connect_timeout": env.float("CACHE_CONNECT_TIMEOUT", default=0.3),
                "socket_timeout": env.float("CACHE_SOCKET_TIMEOUT", default=0.5),
            },
        }
    }
else:
    # allauth's rate limits need a real cache: locmem on one machine, Redis in production.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions live in the database: nobody is logged out when Redis restarts or is unreachable.
# With a cache shared by every process (Redis), each request reads its session from the cache,
# kept at most SESSION_CACHE_SECONDS (config/sessions.py); with a cache per process, a log-out
# in one would leave the session alive in the others: the database alone.
SESSION_ENGINE = "config.sessions" if REDIS_CACHE_URL else "django.contrib.sessions.backends.db"
SESSION_CACHE_SECONDS = env.int("SESSION_CACHE_SECONDS", default=300)

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
# A form refused for its security token gets the portal's page (config/errors.py).
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"
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
# Second factor (allauth.mfa): an authenticator app (TOTP) with recovery codes. Staff cannot
# work without one (accounts/middleware.py); volunteers may turn it on from My space.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# The name the authenticator app shows (allauth would take the request's Host header).
MFA_TOTP_ISSUER = "Portail des coordinations"
# The portal's own forms (config/ratelimit.py): (how many, per how many seconds), counted per
# account when logged in and per address otherwise, in the same cache.
PORTAL_RATE_LIMITS = {
    "application": (env.int("RATE_LIMIT_APPLICATIONS", default=10), 60 * 60),
    "contact": (env.int("RATE_LIMIT_CONTACT_MESSAGES", default=5), 60 * 60),
    "visit_request": (env.int("RATE_LIMIT_VISIT_REQUESTS", default=10), 60 * 60),
    # Failed confirmations of the account's erasure (wrong address or password), per account.
    "account_erase": (env.int("RATE_LIMIT_ACCOUNT_ERASE", default=5), 60 * 60),
    # "I have acted" on a public action page, per address: a family or a stand's wifi shares one.
    "public_action": (env.int("RATE_LIMIT_PUBLIC_ACTIONS", default=20), 60 * 60),
    # Requests to the public API (/api/v1/), per client address (never per account).
    "api": (env.int("RATE_LIMIT_API", default=600), 60),
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
# Files served at the site's root rather than under STATIC_URL: /favicon.ico, which browsers ask
# for whatever the page links.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
# Files people upload (CVs, circular attachments) are private: never under STATIC or a public
# MEDIA_URL; a view that checks permission serves them.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
# Request bodies: a form with its files may weigh this much (a 5 MB CV and the rest of the form
# fit; config/middleware.py answers 413 beyond, before reading it), staff this much (circulars'
# PDFs of up to 10 MB, several at once in the admin). The reverse proxy refuses the same first.
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=6 * 1024 * 1024)
MAX_STAFF_REQUEST_BYTES = env.int("MAX_STAFF_REQUEST_BYTES", default=32 * 1024 * 1024)
# Django's own limits: the fields of a form without its files (2.5 MB, Django's default, said
# here), and the size past which an uploaded file goes to a temporary file rather than memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

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
# Fragments of the pages people work in (each My space section, per person), kept against the
# versions of the data they read (config/versions.py) at most this long; 0: never kept (the
# default with DEBUG on). Needs a cache shared by every process (Redis) when more than one
# process serves the pages.
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=0 if DEBUG else 900)
SECRETARIAT_EMAIL = env.str("SECRETARIAT_EMAIL", default="secretariat@example.org")
# Where candidates' answers to interview invitations go (Reply-To, and the calendar's organizer
# when the vacancy names no contact person): an address the secretariat reads.
RECRUITMENT_REPLY_TO = env.str("RECRUITMENT_REPLY_TO", default=SECRETARIAT_EMAIL)
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
# The worker and beat log through LOGGING below (JSON lines in production), not Celery's format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Tasks are never scheduled further ahead than this: far-future work is found by the daily
# sweeps in the database, so nothing relies on Redis re-delivering a long countdown.
# A broker that does not answer is given up quickly (socket_connect_timeout): a request that
# records a message never hangs on the publish, and the outbox's relay hands it over later.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 3}
# The outbox (messaging/): every e-mail is a row first, delivered by the worker. A message the
# mail server refuses for a passing reason (4xx, no connection) is tried again after
# MESSAGE_RETRY_FIRST_SECONDS, doubling up to MESSAGE_RETRY_MAX_SECONDS between attempts, for
# MESSAGE_RETRY_HOURS from its first attempt; then, or at once on a permanent refusal (5xx), it
# is marked failed for staff to resend. A worker holds a message it sends for
# MESSAGE_LEASE_SECONDS (longer than the task's time limit): a message left "sending" by a worker
# that died is sent again once the lease has run out.
MESSAGE_RETRY_HOURS = env.int("MESSAGE_RETRY_HOURS", default=24)
MESSAGE_RETRY_FIRST_SECONDS = env.int("MESSAGE_RETRY_FIRST_SECONDS", default=60)
MESSAGE_RETRY_MAX_SECONDS = env.int("MESSAGE_RETRY_MAX_SECONDS", default=3600)
MESSAGE_LEASE_SECONDS = env.int("MESSAGE_LEASE_SECONDS", default=600)
# The relay hands over every minute what is due and not taken (a failed publish, a retry).
MESSAGE_RELAY_SECONDS = env.float("MESSAGE_RELAY_SECONDS", default=60.0)
# Messages to several people (messaging/mailings.py) go out at most this many a minute: the
# rest wait in the outbox, due a minute later each, for the relay (mail servers throttle or
# refuse a burst).
MAILING_PER_MINUTE = env.int("MAILING_PER_MINUTE", default=60)
if MAILING_PER_MINUTE < 1:
    raise ImproperlyConfigured("MAILING_PER_MINUTE must be 1 or more.")
# Reminders due on a day without a run (beat stopped, Redis down at that minute, a restored
# backup) are sent by the next run if they are at most this many days late.
REMINDER_CATCH_UP_DAYS = env.int("REMINDER_CATCH_UP_DAYS", default=14)
# The reminders' daily sweep (Europe/Brussels); the sweeps find due work in the database.
REMINDERS_HOUR = env.int("REMINDERS_HOUR", default=7)
REMINDERS_MINUTE = env.int("REMINDERS_MINUTE", default=0)
# Days before a mandate's end at which its coordinator is reminded (0 = the end date).
MANDATE_MILESTONE_DAYS = env.list("MANDATE_MILESTONE_DAYS", cast=int, default=[180, 90, 30, 0])
CELERY_BEAT_SCHEDULE = {
    "daily-reminder-sweeps": {
        "task": "messaging.tasks.run_daily_sweeps",
        "schedule": crontab(hour=REMINDERS_HOUR, minute=REMINDERS_MINUTE),
    },
    "outbox-relay": {"task": "messaging.tasks.relay_messages", "schedule": MESSAGE_RELAY_SECONDS},
    # The dashboard's figures, counted ahead for staff (they are kept DASHBOARD_CACHE_SECONDS).
    "dashboard-figures": {"task": "dashboard.tasks.refresh_dashboard", "schedule": 60.0},
    # CVs and attachments left behind by a failed or killed request (config/private_media.py).
    "orphan-files": {
        "task": "recruitment.tasks.cleanup_orphan_files",
        "schedule": crontab(hour=3, minute=30),
    },
    # The reminders two days before an event or a shift, each once (the outbox's key): every
    # hour, so that a shift at 10:00 is reminded around 10:00 two days before.
    "event-reminders": {
        "task": "events.tasks.send_event_reminders",
        "schedule": crontab(minute=5),
    },
}
# Beat touches a heartbeat file at least once a minute: its container's health check reads it
# (config/beat.py).
CELERY_BEAT_SCHEDULER = "config.beat:HeartbeatScheduler"
CELERY_BEAT_MAX_LOOP_INTERVAL = 60
# E-mail has its own queue, so that a slow mail server never holds up the other tasks.
CELERY_MAIL_QUEUE = env.str("CELERY_MAIL_QUEUE", default="mail")
CELERY_TASK_ROUTES = {
    "messaging.tasks.deliver_message": {"queue": CELERY_MAIL_QUEUE},
    # Former names, for the tasks still in the broker during an upgrade (messaging/tasks.py).
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
# How many reverse proxies of our own stand in front of the portal: the client's address is
# that many entries from the right of X-Forwarded-For (config/client.py), for the portal's
# limits, allauth's and the security log. 0: the header is ignored (anyone can send it).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

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

# The embeddable widgets (api/embeds.py): the origins of the websites allowed to show them in
# an iframe (frame-ancestors of those pages only; every other page keeps 'none'). Empty: none.
# Each is an origin, scheme and host (and port), e.g. https://www.example.be
EMBED_ALLOWED_ORIGINS = [
    origin.strip().rstrip("/")
    for origin in env.list("EMBED_ALLOWED_ORIGINS", default=[])
    if origin.strip()
]
for _embed_origin in EMBED_ALLOWED_ORIGINS:
    _parts = urlsplit(_embed_origin)
    if _parts.scheme not in {"http", "https"} or not _parts.netloc or _parts.path:
        raise ImproperlyConfigured(
            f"EMBED_ALLOWED_ORIGINS: {_embed_origin!r} is not an origin such as "
            "https://www.example.be (a scheme and a host, nothing after)."
        )
# How long browsers and proxies may keep an answer of the public API before asking again (they
# then ask with its ETag, and an unchanged answer costs a 304).
API_MAX_AGE_SECONDS = env.int("API_MAX_AGE_SECONDS", default=60)

# Logs: one JSON object per line in production (config/logging.py: the message, the level, the
# logger and every structured field such as counts and ids), readable lines in development.
LOG_FORMAT = env.str("LOG_FORMAT", default="json" if PRODUCTION else "plain")
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured("LOG_FORMAT must be 'json' or 'plain'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "config.logging.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # pikepdf (the CV inspection) says at INFO that it started, in every process.
        "pikepdf": {"level": "WARNING"},
        # One JSON line per security event (log-ins, denials, exports, data downloads).
        "portal.security": {"level": "INFO", "propagate": True},
    },
}
