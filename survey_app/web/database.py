"""How the app talks to its database when several processes share it, and when the database goes away.

- SQL parameters never reach a log or an error message (they hold children's answers), whatever fails.
- SQLite (one server, several gunicorn workers): write-ahead logging, so readers never wait for a
  writer; a 30-second busy wait instead of an immediate "database is locked"; and writes take the lock
  when their transaction begins (BEGIN IMMEDIATE), so two workers never both read, then both try to
  write, and one fail. Pages that only read (GET) begin an ordinary transaction and never wait.
- PostgreSQL: connections are checked before use (pool_pre_ping), so a restarted server costs the
  requests in flight at that moment, not every request after it.

`UNAVAILABLE` tells the error handler which failures mean "the database cannot be reached just now".
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, has_request_context, request
from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, Engine

from ..extensions import db

logger = logging.getLogger(__name__)
SQLITE_BUSY_SECONDS = 30
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def engine_options(app: Flask) -> None:
    """Adjust SQLALCHEMY_ENGINE_OPTIONS before the engine is made (call before `db.init_app`)."""
    options: dict[str, Any] = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options.setdefault("pool_pre_ping", True)
    options["hide_parameters"] = True
    if str(app.config["SQLALCHEMY_DATABASE_URI"]).startswith("sqlite"):
        connect_args = dict(options.get("connect_args") or {})
        connect_args.setdefault("timeout", SQLITE_BUSY_SECONDS)
        options["connect_args"] = connect_args
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def _sqlite_connected(dbapi_connection: Any, connection_record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own transaction handling would not).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        mode = cursor.execute("PRAGMA journal_mode").fetchone()
        if mode and str(mode[0]).lower() not in ("wal", "memory"):
            cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    reading = has_request_context() and request.method in READ_ONLY_METHODS
    connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


def tune_sqlite(engine: Engine) -> None:
    """Install the SQLite behaviour described above on one engine."""
    if engine.dialect.name != "sqlite" or event.contains(engine, "begin", _sqlite_begin):
        return
    event.listen(engine, "connect", _sqlite_connected)
    event.listen(engine, "begin", _sqlite_begin)


def remove_session_quietly(exception: BaseException | None) -> None:
    """End the request's session; if its connection died under it (a database restart), just drop it.

    Flask-SQLAlchemy's own teardown rolls back on the dead connection and raises, which turns a page
    already made (the calm page, say) into a 500. This runs first (teardowns run in reverse order).
    """
    try:
        db.session.remove()
    except exc.SQLAlchemyError as error:
        logger.warning("database connection lost while ending a request: %s", type(error).__name__)
        db.session.registry.clear()


def init_app(app: Flask) -> None:
    """After `db.init_app`: tune the engine for the database in use; end sessions safely."""
    with app.app_context():
        tune_sqlite(db.engine)
    app.teardown_appcontext(remove_session_quietly)


# Failures that mean the database cannot be reached or is busy just now, not that a query is wrong:
# connection refused or cut (a restart), a SQLite lock held too long, no pooled connection free in time.
UNAVAILABLE: tuple[type[exc.SQLAlchemyError], ...] = (
    exc.OperationalError,
    exc.InterfaceError,
    exc.TimeoutError,
)
