"""Keep respondents' addresses, and their answers, out of the logs.

The development server writes each request as `ADDRESS - - [TIME] "REQUEST" STATUS SIZE`. This
filter drops the address and the time, and the query string, before anything is written, and masks
path segments that are secrets: the token of a password-set link (/<lang>/staff/set-password/<token>)
would otherwise be a way into an account for anyone who reads the log.
"""

from __future__ import annotations

import logging
import re

from flask import Flask

ACCESS_LINE = re.compile(r"^\S+ - - \[[^\]]*\] ")
QUERY = re.compile(r"\?[^ \"]*")
# A path segment that is itself a secret, after the segment that announces it.
SECRET_SEGMENT = re.compile(r"(/set-password/)[^/?# \"\x1b]+")
MASK = "[token]"


def mask_secrets(message: str) -> str:
    """An access log line without its query string and with secret path segments masked."""
    return SECRET_SEGMENT.sub(lambda match: match.group(1) + MASK, QUERY.sub("", message))


class AnonymousAccessLog(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and ACCESS_LINE.match(record.msg):
            message = record.getMessage()
            record.msg = mask_secrets(ACCESS_LINE.sub("", message))
            record.args = ()
        return True


class NoResultRows(logging.Filter):
    """SQLAlchemy logs every result row at DEBUG, and rows hold answers: never let one through.

    Statements (INFO) may still be logged for debugging; their parameters are hidden by the engine
    (survey_app/web/database.py), so they hold no answers either.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.INFO


SQL_LOGGER = "sqlalchemy.engine.Engine"


def init_app(app: Flask) -> None:
    werkzeug_logger = logging.getLogger("werkzeug")
    if not any(isinstance(each, AnonymousAccessLog) for each in werkzeug_logger.filters):
        werkzeug_logger.addFilter(AnonymousAccessLog())
    sql_logger = logging.getLogger(SQL_LOGGER)
    if not any(isinstance(each, NoResultRows) for each in sql_logger.filters):
        sql_logger.addFilter(NoResultRows())
