from datetime import date

from flask_appbuilder import Model
from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import Account
from app.assets.enums import AssetStatus, ProductType
from app.common.enums import enum_column
from app.contracts.models import Contract


class Asset(Model):
    """An installed system. Vendor fields come from the installed-base records;
    the custom device data (custom name, inventory number, department, note) is the
    customer's own."""

    __tablename__ = "asset"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Vendor's fields
    asset_number: Mapped[str] = mapped_column(String(20), unique=True)
    description: Mapped[str] = mapped_column(String(200))
    product_type: Mapped[ProductType] = enum_column(ProductType, index=True)
    serial_number: Mapped[str] = mapped_column(String(40), unique=True)
    technical_id: Mapped[str | None] = mapped_column(String(30), index=True)
    udi: Mapped[str | None] = mapped_column(String(100), index=True)
    functional_location: Mapped[str | None] = mapped_column(String(60))
    installation_date: Mapped[date | None] = mapped_column(index=True)
    status: Mapped[AssetStatus] = enum_column(AssetStatus, default=AssetStatus.active, index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    # The contract line covering the asset: service contract, product item number and
    # description, and purchase order are read from it.
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contract.id"), index=True)
    # Custom device data, set by the customer's Manager
    custom_name: Mapped[str | None] = mapped_column(String(100), index=True)
    inventory_number: Mapped[str | None] = mapped_column(String(40))
    department: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)

    # Eager joins stay outer: FAB joins dotted API columns with LEFT JOINs, and an inner
    # eager join chained onto them would drop assets without a contract.
    account: Mapped[Account] = relationship(lazy="joined")
    contract: Mapped[Contract | None] = relationship(lazy="joined", backref="assets")

    __mapper_args__ = {"version_id_col": version}
    # The quick search (app.assets.services) looks for text anywhere in these columns:
    # on PostgreSQL, trigram indexes serve that ILIKE '%text%' (a whole-table scan
    # without them); SQLite has no such index and scans.
    __table_args__ = tuple(
        Index(
            f"ix_asset_{column}_trigram",
            column,
            postgresql_using="gin",
            postgresql_ops={column: "gin_trgm_ops"},
        ).ddl_if(dialect="postgresql")
        for column in ("asset_number", "serial_number", "udi", "technical_id", "custom_name")
    )

    @property
    def display_name(self) -> str:
        return self.custom_name or self.description

    def __repr__(self) -> str:
        return f"{self.display_name} ({self.serial_number})"
