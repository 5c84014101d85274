from datetime import date

from flask_appbuilder import Model
from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from app.accounts.models import Account
from app.common.enums import enum_column
from app.contracts.enums import ContractStatus, ServiceType
from app.contracts.expiry import days_to_expiry_sql, expiry_status_sql


class Contract(Model):
    """One line of a service contract: the entitlement (product item) that covers
    assets, sold to one account. A contract number spans one or more lines."""

    __tablename__ = "contract"
    __table_args__ = (
        UniqueConstraint("contract_number", "product_item_number", name="uq_contract_line"),
        CheckConstraint("end_date >= start_date", name="ck_contract_period"),
        Index("ix_contract_account_end", "account_id", "end_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_number: Mapped[str] = mapped_column(String(20), index=True)
    product_item_number: Mapped[str] = mapped_column(String(20))
    product_item_description: Mapped[str] = mapped_column(String(200))
    purchase_order: Mapped[str | None] = mapped_column(String(35))
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    start_date: Mapped[date]
    end_date: Mapped[date] = mapped_column(index=True)
    service_type: Mapped[ServiceType] = enum_column(ServiceType)
    status: Mapped[ContractStatus] = enum_column(
        ContractStatus, default=ContractStatus.active, index=True
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    account: Mapped[Account] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"{self.contract_number} / {self.product_item_number}"


# Derived in SQL so that lists and the API filter and sort on them (app.contracts.expiry).
Contract.days_to_expiry = column_property(days_to_expiry_sql(Contract.__table__.c.end_date))
Contract.expiry_status = column_property(expiry_status_sql(Contract.__table__.c.end_date))
