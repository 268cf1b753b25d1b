"""gunicorn's settings in production: ``gunicorn -c config/gunicorn.py config.wsgi:application``.

The request timeout is well above the database's statement timeout (DB_STATEMENT_TIMEOUT_MS,
15 s): a slow query ends as the portal's "try again" page, not as a worker killed mid-request.
Logs follow LOG_FORMAT like the portal's own (one JSON object per line by default in production).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On stop, requests under way get this long to finish (docker compose's stop_grace_period is
# longer still).
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
accesslog = "-"
errorlog = "-"

_production = os.environ.get("DJANGO_ENV", "development") == "production"
if os.environ.get("LOG_FORMAT", "json" if _production else "plain") == "json":
    # One JSON object per line; an access line's message: address, method, path (without the
    # query string, which may carry a postal code), status, bytes, duration.
    access_log_format = "%(h)s %(m)s %(U)s %(s)s %(B)s %(M)sms"
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "config.logging.JsonFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            }
        },
        "root": {"level": "INFO", "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
        },
    }
