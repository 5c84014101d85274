from flask_appbuilder import Model
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship


class Customer(Model):
    """A parent account: one hospital organisation, the unit of tenancy."""

    __tablename__ = "customer"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(150), unique=True)
    customer_number: Mapped[str] = mapped_column(String(20), unique=True)
    country: Mapped[str] = mapped_column(String(2), default="DK")

    accounts: Mapped[list["Account"]] = relationship(
        back_populates="customer", order_by="Account.name"
    )

    def __repr__(self) -> str:
        return self.name


class Account(Model):
    """A site or sold-to/ship-to account under one customer; assets and contracts
    hang off accounts."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    account_number: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(150), index=True)
    street: Mapped[str | None] = mapped_column(String(150))
    postal_code: Mapped[str | None] = mapped_column(String(12))
    city: Mapped[str | None] = mapped_column(String(80))

    customer: Mapped[Customer] = relationship(back_populates="accounts", lazy="joined")

    def __repr__(self) -> str:
        return self.name
