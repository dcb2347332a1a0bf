"""Structured logs: one JSON object per line, each carrying the request's id (issue #16 §6).

- ``RequestIdMiddleware`` (first in ``MIDDLEWARE``) takes the id from the ``X-Request-ID``
  header the reverse proxy sets (nginx: ``proxy_set_header X-Request-ID $request_id;``)
  when it is a plausible token, else makes a new UUID; sets ``request.id``, keeps it in a
  context variable until the response is closed (``request_finished``), and echoes it in
  the response header.
- ``RequestIdFilter`` copies that id onto every log record emitted while the request runs
  (``record.request_id``; ``-`` outside a request: the worker, commands).
- ``JsonFormatter`` writes the record as a JSON line: time (ISO 8601, UTC), level, logger,
  message, request_id, the exception text if any, and the ``extra={...}`` fields a caller
  gave. Plain ``logging`` + ``json``: about forty lines, so no dependency
  (python-json-logger would add a package for the same thing; docs/deployment.md).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import uuid

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

# What a proxy-made id looks like (nginx: 32 hex; others: UUIDs, ULIDs): anything else is
# replaced, so a client cannot write arbitrary text into every log line.
_ACCEPTED_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
HEADER = "X-Request-ID"

# The attributes every LogRecord has; anything else on a record came from ``extra``.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "request_id",
}


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        request.id = given if _ACCEPTED_ID.match(given) else uuid.uuid4().hex
        # Not reset on the way out: Django logs a 4xx/5xx (django.request) after the
        # middleware returns; ``forget_request_id`` clears it when the response is closed.
        request_id_var.set(request.id)
        response = self.get_response(request)
        response[HEADER] = request.id
        return response


def forget_request_id(**kwargs) -> None:
    """``request_finished`` receiver: log lines after the response are nobody's."""
    request_id_var.set("-")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
