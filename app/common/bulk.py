"""Bulk edits: one set-based UPDATE over many rows, all or nothing, each row audited.

FAB's actions load and commit rows one by one (FAB_PITFALLS 20): 10,000 tickets cost
~20,000 statements. Here a bulk edit reads the selected rows once (locked on
PostgreSQL), lets the caller's rules judge every row, and then writes one UPDATE and one
batch of audit entries, in the caller's transaction. A row changed by someone else since
it was selected (its version differs) refuses the whole edit instead of being
overwritten.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext, ngettext
from sqlalchemy import Row, insert, select, update
from sqlalchemy.orm import Session
from werkzeug.exceptions import NotFound

from app.audit.enums import AuditAction
from app.audit.models import AuditEntry
from app.audit.services import plain_value
from app.common.clock import now
from app.common.database import database_id
from app.security.tenant import scope_clause

# One action edits at most this many rows; the form says so rather than timing out.
BULK_EDIT_LIMIT = 10_000
# A refusal names at most this many rows, then says how many more.
_NAMED_ROWS = 20


class BulkEditError(ValueError):
    """The edit is refused as a whole; the message names the rows that block it."""


@dataclass(frozen=True)
class Selection:
    """Rows picked on a list page, each with the version the user saw."""

    versions: Mapping[int, int]

    @classmethod
    def parse(cls, text: str) -> "Selection":
        """From the form's ``"id:version,id:version"``."""
        versions = {}
        for token in filter(None, (part.strip() for part in text.split(","))):
            pk, _, version = token.partition(":")
            pk, version = database_id(pk), database_id(version)
            if pk is None or version is None:
                raise BulkEditError(gettext("The selection is not readable; select again."))
            versions[pk] = version
        return cls(versions)

    def serialize(self) -> str:
        return ",".join(f"{pk}:{version}" for pk, version in self.versions.items())

    @classmethod
    def of(cls, rows: Iterable[Any]) -> "Selection":
        return cls({row.id: row.version for row in rows})


def name_rows(names: list[str]) -> str:
    shown = ", ".join(names[:_NAMED_ROWS])
    more = len(names) - _NAMED_ROWS
    if more > 0:
        shown += " " + ngettext("and %(num)d more", "and %(num)d more", more)
    return shown


def load_for_edit(
    session: Session, model: type, selection: Selection, user: Any, columns: list[Any]
) -> list[Row]:
    """The selected rows (``id``, ``version`` and ``columns``), locked until the
    transaction ends. A row outside ``user``'s scope makes the whole request 404, as a
    single foreign row would; a row changed since it was selected refuses the edit."""
    if not selection.versions:
        raise BulkEditError(gettext("Select at least one row."))
    if len(selection.versions) > BULK_EDIT_LIMIT:
        raise BulkEditError(
            gettext("One bulk edit changes at most %(limit)d rows.", limit=BULK_EDIT_LIMIT)
        )
    statement = select(model.id, model.version, *columns).where(
        model.id.in_(list(selection.versions))
    )
    clause = scope_clause(model, user)
    if clause is not None:
        statement = statement.where(clause)
    rows = session.execute(statement.with_for_update(of=model)).all()
    if len(rows) != len(selection.versions):
        raise NotFound()
    return rows


def refuse_changed_rows(rows: list[Row], selection: Selection, name: Callable[[Row], str]):
    changed = [name(row) for row in rows if row.version != selection.versions[row.id]]
    if changed:
        raise BulkEditError(
            gettext(
                "Changed by someone else since you selected them: %(rows)s. "
                "Nothing was saved; reload the list and select again.",
                rows=name_rows(changed),
            )
        )


def refuse_blocked_rows(problems: dict[str, list[str]]) -> None:
    """``problems``: what is wrong -> the names of the rows it is wrong with."""
    if problems:
        reasons = " ".join(
            f"{problem.rstrip('.')} ({len(names)}): {name_rows(names)}."
            for problem, names in problems.items()
        )
        raise BulkEditError(gettext("Nothing was saved. %(reasons)s", reasons=reasons))


def apply_update(
    session: Session, model: type, rows: list[Row], values: dict[str, Any], user: Any
) -> int:
    """UPDATE the rows set-based (one statement per version read, usually one) and
    write one audit entry per row whose values change, with old and new values."""
    ids = [row.id for row in rows]
    stamped = {**values, "version": model.version + 1}
    if "updated_at" in model.__table__.columns:
        stamped["updated_at"] = now()
    # Each row only at the version read above: SQLite takes no row locks, so a change
    # committed in between must make the count fall short (one UPDATE per version seen,
    # usually one).
    by_version: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        by_version[row.version].append(row.id)
    changed = 0
    for version, version_ids in by_version.items():
        result = session.execute(
            update(model)
            .where(model.id.in_(version_ids), model.version == version)
            .values(stamped)
            .execution_options(synchronize_session=False)
        )
        changed += result.rowcount
    if changed != len(ids):
        raise BulkEditError(
            gettext("Some rows changed while saving; nothing was saved. Reload and try again.")
        )
    entries = []
    for row in rows:
        changes = {
            column: {"old": plain_value(getattr(row, column)), "new": plain_value(new)}
            for column, new in values.items()
            if plain_value(getattr(row, column)) != plain_value(new)
        }
        if changes:
            entries.append(
                {
                    "created_at": now(),
                    "user_id": user.id,
                    "username": user.username,
                    "action": AuditAction.update,
                    "entity_type": model.__name__,
                    "entity_id": row.id,
                    "changes": changes,
                }
            )
    if entries:
        session.execute(insert(AuditEntry), entries)
    # Rows of these models loaded earlier in this session hold old values now.
    session.expire_all()
    return len(ids)
