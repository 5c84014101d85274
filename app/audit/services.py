"""Writing the audit log: every change to a tracked record becomes an AuditEntry in the
same flush, hence the same transaction, as the change itself."""

from datetime import date, datetime
from enum import Enum
from typing import Any

from flask import has_request_context
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import History

from app.audit.enums import AuditAction
from app.audit.models import AuditEntry

# Bookkeeping columns that change without anyone changing the record.
_IGNORED = {
    "version",
    "updated_at",
    "changed_on",
    "changed_by_fk",
    "last_login",
    "login_count",
    "fail_login_count",
}
# Recorded as "changed", never with their values.
_SECRET = {"password"}

# Tracked model -> the collections whose membership is its own data (a user's roles
# and accounts); other collections, such as a customer's accounts, are not.
_tracked: dict[type, tuple[str, ...]] = {}


def track(model: type, collections: tuple[str, ...] = ()) -> None:
    """Audit every create, update and delete of ``model``."""
    _tracked[model] = collections


def tracked_type_names() -> list[str]:
    """The record types the log holds entries of, as stored in ``entity_type``."""
    return sorted(model.__name__ for model in _tracked)


def _tracked_collections(obj: Any) -> tuple[str, ...]:
    return next((c for model, c in _tracked.items() if isinstance(obj, model)), ())


def suspend_audit(session: Session) -> None:
    """Bulk loaders that are not user actions (the demo data) write no audit entries."""
    session.info["audit_suspended"] = True


def resume_audit(session: Session) -> None:
    session.info.pop("audit_suspended", None)


def plain_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return sorted(str(item) for item in value)
    if value is None or isinstance(value, int | float | str | bool):
        return value
    return str(value)


def _audited_attributes(obj: Any) -> list[tuple[str, bool]]:
    """Columns, and collections such as a user's roles and accounts (many-to-one links
    are recorded through their foreign-key columns)."""
    mapper = inspect(obj).mapper
    columns = [(attr.key, False) for attr in mapper.column_attrs if attr.key not in _IGNORED]
    return columns + [(key, True) for key in _tracked_collections(obj)]


def _changes(obj: Any, action: AuditAction) -> dict[str, Any]:
    state = inspect(obj)
    changes = {}
    for key, is_collection in _audited_attributes(obj):
        history: History = state.attrs[key].history
        if action is AuditAction.update and not history.has_changes():
            continue
        if is_collection:
            if action is AuditAction.delete:
                old, new = sorted(map(str, history.unchanged + history.deleted)), []
            else:
                old = sorted(map(str, history.unchanged + history.deleted))
                new = sorted(map(str, history.unchanged + history.added))
        elif action is AuditAction.create:
            old, new = None, history.added[0] if history.added else None
        elif action is AuditAction.delete:
            old, new = (history.unchanged or history.deleted or [None])[0], None
        else:
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
        if key in _SECRET:
            changes[key] = {"old": None, "new": "changed"}
        elif plain_value(old) != plain_value(new):
            changes[key] = {"old": plain_value(old), "new": plain_value(new)}
    return changes


def _actor() -> Any:
    if not has_request_context():
        return None
    from app.security.tenant import request_user

    try:
        return request_user()
    except Exception:  # no security manager outside a full app (e.g. migrations)
        return None


# after_flush: ids of new rows exist, and the session still shows the pre-flush state and
# attribute history. The entries added here are flushed by the next round of the same
# flush/commit, so they share the change's transaction.
@event.listens_for(Session, "after_flush")
def _write_audit_entries(session: Session, flush_context: Any) -> None:
    if session.info.get("audit_suspended"):
        return
    pending = []
    for action, objects in (
        (AuditAction.create, session.new),
        (AuditAction.update, session.dirty),
        (AuditAction.delete, session.deleted),
    ):
        for obj in objects:
            if not isinstance(obj, tuple(_tracked)):
                continue
            changes = _changes(obj, action)
            if action is AuditAction.update and not changes:
                continue
            pending.append((action, obj, changes))
    if not pending:
        return
    actor = _actor()
    session.add_all(
        AuditEntry(
            user_id=getattr(actor, "id", None),
            username=getattr(actor, "username", None),
            action=action,
            entity_type=type(obj).__name__,
            entity_id=inspect(obj).mapper.primary_key_from_instance(obj)[0],
            changes=changes,
        )
        for action, obj, changes in pending
    )
