"""Database settings that must hold on every connection."""

import sqlite3
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, event


def enforce_sqlite_foreign_keys(engine: Engine) -> None:
    """SQLite ignores foreign keys unless told otherwise per connection; PostgreSQL
    always enforces them, and both databases must refuse the same orphaning deletes."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:
        if isinstance(dbapi_connection, sqlite3.Connection):
            dbapi_connection.execute("PRAGMA foreign_keys=ON")


_MAX_ID = 2**63 - 1


def database_id(value: Any) -> int | None:
    """``value`` as a primary key (an int of ASCII digits that fits a BIGINT), or None:
    ids from URLs and forms must never reach the database as something it refuses."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = str(value).strip()
        if not (text.isascii() and text.isdigit()):
            return None
        number = int(text)
    return number if 0 < number <= _MAX_ID else None


def created_on(dialect_name: str) -> Callable[..., bool]:
    """An Alembic ``include_object`` hook leaving out what the models create only on
    another database (``Index(...).ddl_if(dialect=...)``), so that models compared with
    a database built by the migrations describe the same schema."""

    def include(obj: Any, name: str, type_: str, reflected: bool, compare_to: Any) -> bool:
        condition = getattr(obj, "_ddl_if", None)  # where SQLAlchemy keeps ddl_if()
        return condition is None or condition.dialect in (None, dialect_name)

    return include
