"""Database settings that must hold on every connection."""

import sqlite3
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
