from datetime import datetime

from flask_appbuilder import Model
from flask_appbuilder.security.sqla.models import User
from sqlalchemy import Column, ForeignKey, Integer, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import Account, Customer

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
    password_changed_at: Mapped[datetime | None] = mapped_column(nullable=True)

    customer: Mapped[Customer | None] = relationship(foreign_keys=[customer_id])
    accounts: Mapped[list[Account]] = relationship(secondary=user_account, order_by=Account.name)
