from datetime import date, datetime

from flask_appbuilder import Model
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
    type_coerce,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from app.assets.models import Asset
from app.common.clock import now
from app.common.enums import enum_column
from app.contracts.enums import ServiceType
from app.security.models import PortalUser
from app.tickets.enums import OPEN_STATUSES, ActivityType, EventType, Origin, TicketStatus

# Open = New or In progress, as SQL for the partial index the asset state reads.
OPEN_TICKET_CONDITION = "status IN ({})".format(", ".join(f"'{s.value}'" for s in OPEN_STATUSES))


class Ticket(Model):
    """A service request on one asset."""

    __tablename__ = "ticket"
    __table_args__ = (
        CheckConstraint("priority BETWEEN 1 AND 5", name="ck_ticket_priority"),
        # The open-ticket lookups behind an asset's operational state.
        Index("ix_ticket_asset_status", "asset_id", "status"),
        Index(
            "ix_ticket_open_by_asset",
            "asset_id",
            "priority",
            postgresql_where=text(OPEN_TICKET_CONDITION),
            sqlite_where=text(OPEN_TICKET_CONDITION),
        ),
        Index("ix_ticket_created", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id"), index=True)
    priority: Mapped[int] = mapped_column(Integer, index=True)
    origin: Mapped[Origin] = enum_column(Origin, default=Origin.internet)
    status: Mapped[TicketStatus] = enum_column(TicketStatus, default=TicketStatus.new, index=True)
    event_type: Mapped[EventType] = enum_column(EventType, index=True)
    service_type: Mapped[ServiceType | None] = enum_column(ServiceType)
    description: Mapped[str] = mapped_column(Text)
    contact_name: Mapped[str | None] = mapped_column(String(100))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    customer_reference: Mapped[str | None] = mapped_column(String(40))
    sap_notification_number: Mapped[str | None] = mapped_column(String(20), index=True)
    report_closure_date: Mapped[date | None]
    engineer_id: Mapped[int | None] = mapped_column(ForeignKey("ab_user.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("ab_user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=now)
    updated_at: Mapped[datetime] = mapped_column(default=now, onupdate=now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    asset: Mapped[Asset] = relationship(lazy="joined")
    engineer: Mapped[PortalUser | None] = relationship(foreign_keys=[engineer_id])
    created_by: Mapped[PortalUser | None] = relationship(foreign_keys=[created_by_id])
    activities: Mapped[list["TicketActivity"]] = relationship(
        back_populates="ticket", order_by="TicketActivity.created_at"
    )

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return self.number


class TicketActivity(Model):
    """One entry of a ticket's log."""

    __tablename__ = "ticket_activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    activity_type: Mapped[ActivityType] = enum_column(ActivityType)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("ab_user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=now, index=True)

    ticket: Mapped[Ticket] = relationship(back_populates="activities", lazy="joined")
    author: Mapped[PortalUser | None] = relationship()

    def __repr__(self) -> str:
        return f"{self.ticket_id}: {self.activity_type}"


class TicketNumberCounter(Model):
    """One row per counter; an atomic UPDATE ... RETURNING hands out numbers, so two
    requests can never take the same one (SQLite and PostgreSQL alike)."""

    __tablename__ = "ticket_number_counter"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer)


# Open = New or In progress; a column so lists and links can filter on it.
Ticket.is_open = column_property(
    type_coerce(Ticket.__table__.c.status.in_([s.value for s in OPEN_STATUSES]), Boolean)
)
