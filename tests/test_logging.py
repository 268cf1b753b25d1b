"""Logs as one JSON object per line in production, with the structured fields of each event."""

import json
import logging

from config.logging import JsonFormatter
from tests.test_settings import run


def formatted(message, *args, exc_info=None, **extra) -> str:
    record = logging.LogRecord("portal.test", logging.WARNING, __file__, 1, message, args, exc_info)
    for key, value in extra.items():
        setattr(record, key, value)
    return JsonFormatter().format(record)


def test_one_object_per_line_with_the_extra_fields():
    line = formatted("outbox relay: %d due", 3, due=3, published=2, batch="b-1")
    assert "\n" not in line
    assert json.loads(line) | {"time": None} == {
        "time": None,
        "level": "WARNING",
        "logger": "portal.test",
        "message": "outbox relay: 3 due",
        "due": 3,
        "published": 2,
        "batch": "b-1",
    }


def test_a_traceback_stays_on_the_line():
    try:
        raise ValueError("bad\nvalue")
    except ValueError:
        import sys

        line = formatted("failed", exc_info=sys.exc_info())
    assert "\n" not in line
    assert "ValueError: bad" in json.loads(line)["exception"]


def test_a_json_message_gives_its_fields():
    # The security log writes its events as JSON: they become fields of the line.
    event = json.dumps({"event": "login_failed", "ip": "192.0.2.1", "message": "no"})
    line = json.loads(formatted(event))
    assert (line["event"], line["ip"]) == ("login_failed", "192.0.2.1")
    assert line["message"] == event  # the line's own keys are never replaced


def test_values_that_are_not_json_are_written_as_text():
    line = json.loads(formatted("with an object", request=object()))
    assert line["request"].startswith("<object object")


def test_production_logs_json_and_development_plain_lines():
    code = (
        "import django; django.setup(); import logging; "
        "logging.getLogger('portal.test').warning('counted', extra={'count': 4})"
    )
    production = run(code)
    assert production.returncode == 0, production.stderr
    line = json.loads(production.stderr.strip().splitlines()[-1])
    assert (line["message"], line["count"]) == ("counted", 4)
    development = run(code, DJANGO_ENV="development", DJANGO_SECRET_KEY=None)
    assert development.stderr.strip().splitlines()[-1].endswith("WARNING portal.test counted")
    assert run(code, LOG_FORMAT="xml").returncode != 0
