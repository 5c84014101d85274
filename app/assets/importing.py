"""The installed-base import of assets (app.common.importing does the reading,
checking and writing): one row per asset, matched on its asset ID."""

from collections.abc import Hashable
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _
from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session
from stdnum import gs1_128
from stdnum.exceptions import ValidationError

from app.accounts.models import Account
from app.accounts.services import accounts_by_number
from app.assets.enums import AssetStatus, ProductType
from app.assets.models import Asset
from app.assets.services import contract_mismatch
from app.common.importing import (
    Column,
    ImportReport,
    Row,
    TableImport,
    changes_customer,
    enum_parser,
    in_batches,
    parse_date,
    unique_in_file,
)
from app.contracts.models import Contract
from app.security.tenant import scoped


def parse_udi(text: str) -> str:
    """A GS1 UDI such as ``(01)00884420000730(21)MR1200011``: its GTIN check digit and
    application identifiers are verified (python-stdnum), and it is kept as written."""
    try:
        gs1_128.validate(text)
    except ValidationError as error:
        raise ValueError(gettext("Not a valid GS1 UDI: %(why)s", why=str(error))) from None
    return text


class AssetImport(TableImport):
    kind = "assets"
    title = _("Assets")
    model = Asset
    columns = [
        Column("Asset ID", "asset_number", required=True, max_length=20),
        Column("Asset description", "description", required=True, max_length=200),
        Column("Product type", "product_type", required=True, parse=enum_parser(ProductType)),
        Column("Serial number", "serial_number", required=True, max_length=40),
        Column("Technical ID", "technical_id", max_length=30),
        Column("UDI", "udi", parse=parse_udi, max_length=100),
        Column("Functional location", "functional_location", max_length=60),
        Column("Installation date", "installation_date", parse=parse_date),
        Column("Status", "status", parse=enum_parser(AssetStatus)),
        Column("Account number", "account_id", required=True, max_length=20),
        Column("Service contract", "contract_id", max_length=20),
        Column("Product item number", "product_item_number", max_length=20),
    ]

    def key(self, values: dict[str, Any]) -> Hashable:
        return values.get("asset_number")

    def existing(self, session: Session, keys: list[Hashable]) -> dict[Hashable, Any]:
        found = {}
        for batch in in_batches(keys):
            for asset in session.scalars(select(Asset).where(Asset.asset_number.in_(batch))):
                found[asset.asset_number] = asset
        return found

    def check_rows(
        self,
        session: Session,
        user: Any,
        rows: list[Row],
        existing: dict[Hashable, Any],
        report: ImportReport,
    ) -> None:
        unique_in_file(rows, "asset_number", "Asset ID", report)
        unique_in_file(rows, "serial_number", "Serial number", report)
        self._serials_free(session, rows, report)
        accounts = accounts_by_number(
            session, user, {r.values["account_id"] for r in rows if r.values.get("account_id")}
        )
        contracts = self._contract_lines(session, user, rows)
        for row in rows:
            values = row.values
            if "status" in values and values["status"] is None:
                values["status"] = AssetStatus.active  # a blank status means Active
            account = accounts.get(values["account_id"])
            if values["account_id"] is not None and account is None:
                report.problem(row.number, "Account number", gettext("No such account."))
            values["account_id"] = account.id if account else None
            record = existing.get(self.key(values))
            if changes_customer(record, account):
                report.problem(
                    row.number,
                    "Account number",
                    gettext(
                        "Asset %(asset)s belongs to %(customer)s; it moves only between "
                        "that customer's accounts.",
                        asset=record.asset_number,
                        customer=record.account.customer.name,
                    ),
                )
            self._link_contract(row, account, contracts, report)
            udi_serial = gs1_128.info(values["udi"]).get("21") if values.get("udi") else None
            if udi_serial and values.get("serial_number") and udi_serial != values["serial_number"]:
                report.problem(
                    row.number,
                    "UDI",
                    gettext("Its serial number (21) %(udi)s is not the row's.", udi=udi_serial),
                )

    def _link_contract(self, row: Row, account: Account | None, contracts, report):
        values = row.values
        if "contract_id" not in values:  # the file has no contract columns: keep the link
            values.pop("product_item_number", None)
            return
        number, item = values.pop("contract_id"), values.pop("product_item_number", None)
        values["contract_id"] = None
        if number is None:
            return
        if item is None:
            report.problem(
                row.number, "Product item number", gettext("Needed to name the contract line.")
            )
            return
        line = contracts.get((number, item))
        if line is None:
            report.problem(row.number, "Service contract", gettext("No such contract line."))
        elif contract_mismatch(line, account):
            report.problem(
                row.number,
                "Service contract",
                gettext("The contract line belongs to another customer."),
            )
        else:
            values["contract_id"] = line.id

    def _serials_free(self, session: Session, rows: list[Row], report: ImportReport) -> None:
        owner_of = {}
        serials = [row.values["serial_number"] for row in rows if row.values.get("serial_number")]
        for batch in in_batches(serials):
            statement = select(Asset.serial_number, Asset.asset_number).where(
                Asset.serial_number.in_(batch)
            )
            for serial, owner in session.execute(statement):
                owner_of[serial] = owner
        for row in rows:
            owner = owner_of.get(row.values.get("serial_number"))
            if owner is not None and owner != row.values.get("asset_number"):
                report.problem(
                    row.number,
                    "Serial number",
                    gettext("Already the serial number of asset %(asset)s.", asset=owner),
                )

    def _contract_lines(self, session: Session, user: Any, rows: list[Row]) -> dict:
        wanted = {
            (row.values.get("contract_id"), row.values.get("product_item_number"))
            for row in rows
            if row.values.get("contract_id") and row.values.get("product_item_number")
        }
        lines = {}
        wanted_list = list(wanted)
        for batch in in_batches(wanted_list):
            statement = scoped(select(Contract), Contract, user).where(
                tuple_(Contract.contract_number, Contract.product_item_number).in_(batch)
            )
            for line in session.scalars(statement):
                lines[(line.contract_number, line.product_item_number)] = line
        return lines
