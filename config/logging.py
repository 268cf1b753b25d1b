"""Logs as one JSON object per line, for the log collector of production.

Each line holds the time (UTC, ISO 8601), the level, the logger's name and the message, then
every structured field the code passed with ``extra=`` (counts, ids, batches...), and the
traceback when there is one. A message that is itself a JSON object (the security log writes
its events so) has its fields merged into the line, so that they can be searched like the others.

settings.LOGGING uses it when LOG_FORMAT=json, the default in production; development keeps
readable lines (LOG_FORMAT=plain).
"""

import datetime
import json
import logging

# The attributes every LogRecord has: anything else on a record came from ``extra=``.
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
    "taskName",
}
# The keys of the line itself, which neither extra fields nor a JSON message may replace.
_OWN = {"time", "level", "logger", "message", "exception", "stack"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        line = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": message,
        }
        if message.startswith("{") and message.endswith("}"):
            try:
                fields = json.loads(message)
            except ValueError:
                fields = None
            if isinstance(fields, dict):
                line.update({key: value for key, value in fields.items() if key not in _OWN})
        for key, value in record.__dict__.items():
            if key not in _STANDARD and key not in _OWN and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, default=str, ensure_ascii=False)
