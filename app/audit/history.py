"""A record's own history, read from the audit log for its show page: who changed what,
when, from which value to which, in the words of the page (labels, not codes or ids)."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext
from sqlalchemy import inspect, select

from app.audit.enums import AuditAction
from app.audit.models import AuditEntry
from app.extensions import db
from app.security.models import PortalUser
from app.security.tenant import is_scoped, scoped

HISTORY_LIMIT = 100


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryLine:
    when: datetime
    who: str
    action: str
    changes: list[Change] = field(default_factory=list)


def record_history(
    model: type,
    entity_id: int,
    labels: Mapping[str, Any],
    formatters: Mapping[str, Callable[[Any], Any]],
    limit: int = HISTORY_LIMIT,
) -> list[HistoryLine]:
    """The newest ``limit`` audit entries of one record, for people to read, with the
    labels and value formatters of the record's page."""
    entries = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity_type == model.__name__, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .limit(limit)
    ).all()
    describe = _Describer(model, labels, formatters)
    return [
        HistoryLine(
            when=entry.created_at,
            who=entry.username or "",
            action=str(AuditAction(entry.action).label),
            changes=[
                Change(
                    describe.label(key),
                    describe.value(key, values.get("old")),
                    describe.value(key, values.get("new")),
                )
                for key, values in sorted((entry.changes or {}).items())
            ],
        )
        for entry in entries
    ]


class _Describer:
    """Turns column names into the page's labels and stored values into what people
    read: enum labels, and the name of the row a foreign key points to."""

    def __init__(
        self, model: type, labels: Mapping[str, Any], formatters: Mapping[str, Callable]
    ) -> None:
        self.mapper = inspect(model)
        self.labels = labels
        self.formatters = formatters
        self.targets = {
            column.key: relationship
            for relationship in self.mapper.relationships
            if relationship.direction.name == "MANYTOONE"
            for column in relationship.local_columns
        }

    def label(self, key: str) -> str:
        relationship = self.targets.get(key)
        for name in (relationship.key if relationship else None, key):
            if name in self.labels:
                return str(self.labels[name])
        return key.replace("_", " ").capitalize()

    def value(self, key: str, value: Any) -> str:
        if value is None or value == "":
            return ""
        relationship = self.targets.get(key)
        if relationship is not None:
            return self._name_of(relationship.mapper.class_, value)
        if key in self.formatters:
            return str(self.formatters[key](value))
        column = self.mapper.columns.get(key)
        enum_class = getattr(getattr(column, "type", None), "enum_class", None)
        if enum_class is not None:
            try:
                return str(enum_class(value).label)
            except ValueError:
                return str(value)
        if isinstance(value, list):
            return ", ".join(map(str, value))
        return str(value)

    @staticmethod
    def _name_of(model: type, pk: Any) -> str:
        """The row's name if the reader may see it (an asset may have moved from an
        account the reader is not assigned); users are named as on the record's page."""
        statement = select(model).where(model.id == pk)
        if is_scoped(model) and model is not PortalUser:
            statement = scoped(statement, model)
        row = db.session.scalar(statement)
        return str(row) if row is not None else gettext("(not visible to you)")
