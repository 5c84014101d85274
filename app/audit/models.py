from datetime import datetime
from typing import Any

from flask_appbuilder import Model
from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.audit.enums import AuditAction
from app.common.clock import now
from app.common.enums import enum_column


class AuditEntry(Model):
    """One change to a tracked record, written in the same transaction as the change."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_entity", "entity_type", "entity_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=now, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("ab_user.id"), index=True)
    # Kept as text too, so the entry still reads right if the user is renamed.
    username: Mapped[str | None] = mapped_column(String(128))
    action: Mapped[AuditAction] = enum_column(AuditAction)
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None]
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
