from datetime import datetime

from flask_appbuilder import Model
from flask_appbuilder.security.sqla.models import User
from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    event,
    func,
    inspect,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from app.accounts.models import Account, Customer
from app.common.clock import now

user_account = Table(
    "ab_user_account",
    Model.metadata,
    Column("user_id", Integer, ForeignKey("ab_user.id", ondelete="CASCADE"), index=True),
    Column("account_id", Integer, ForeignKey("account.id", ondelete="CASCADE"), index=True),
    UniqueConstraint("user_id", "account_id", name="uq_user_account"),
)


class PortalUser(User):
    """FAB's user, extended with tenancy: a customer's user belongs to one customer and
    sees the accounts assigned to it; vendor staff (Support, Admin) have no customer."""

    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customer.id"), index=True, nullable=True
    )
    # None: set by someone else (or never), so it must be changed at the next login.
    password_changed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # Five failed logins in a row lock the account until then.
    locked_until: Mapped[datetime | None] = mapped_column(nullable=True)
    # Sessions and tokens issued before this moment are no longer valid.
    sessions_valid_after: Mapped[datetime | None] = mapped_column(nullable=True)

    customer: Mapped[Customer | None] = relationship(foreign_keys=[customer_id])
    accounts: Mapped[list[Account]] = relationship(secondary=user_account, order_by=Account.name)
    password_history: Mapped[list["PasswordHistory"]] = relationship(
        cascade="all, delete-orphan", order_by="PasswordHistory.id.desc()"
    )


class PasswordHistory(Model):
    """The hashes of a user's recent passwords, so that none of the last five returns."""

    __tablename__ = "password_history"
    __table_args__ = (Index("ix_password_history_user", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("ab_user.id", ondelete="CASCADE"))
    password_hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(default=now)


@event.listens_for(Session, "before_flush")
def _remember_passwords(session: Session, flush_context: object, instances: object) -> None:
    # Whoever stored a password (our forms, FAB's pages, the CLI), history keeps its
    # hash. Read at flush time: forms put the typed text on the user before hashing it.
    for user in list(session.new) + list(session.dirty):
        if isinstance(user, PortalUser):
            added = inspect(user).attrs.password.history.added
            if added and added[0]:
                user.password_history.append(PasswordHistory(password_hash=added[0]))


@event.listens_for(PortalUser.active, "set")
def _end_sessions_of_disabled(user: PortalUser, value: bool, old: object, _: object) -> None:
    # Re-enabling must not bring back the sessions and tokens of before.
    if not value and old is not False:
        user.sessions_valid_after = now()


# Logins match user names and emails without regard to case, so they must be unique
# that way too: otherwise a new "ADMIN" would make "admin" ambiguous and lock it out.
Index("uq_ab_user_username_ci", func.lower(User.__table__.c.username), unique=True)
Index("uq_ab_user_email_ci", func.lower(User.__table__.c.email), unique=True)
