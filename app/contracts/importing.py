"""The installed-base import of contract lines (app.common.importing does the reading,
checking and writing): one row per line, matched on contract number and product item
number."""

from collections.abc import Hashable
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _
from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from app.accounts.services import accounts_by_number
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
from app.contracts.enums import ContractStatus, ServiceType
from app.contracts.models import Contract


class ContractImport(TableImport):
    kind = "contracts"
    title = _("Contract lines")
    model = Contract
    columns = [
        Column("Service contract", "contract_number", required=True, max_length=20),
        Column("Product item number", "product_item_number", required=True, max_length=20),
        Column(
            "Product item description", "product_item_description", required=True, max_length=200
        ),
        Column("Purchase order", "purchase_order", max_length=35),
        Column("Ship-to account number", "account_id", required=True, max_length=20),
        Column("Start date", "start_date", required=True, parse=parse_date),
        Column("End date", "end_date", required=True, parse=parse_date),
        Column("Service type", "service_type", required=True, parse=enum_parser(ServiceType)),
        Column("Status", "status", parse=enum_parser(ContractStatus)),
    ]

    def key(self, values: dict[str, Any]) -> Hashable:
        return (values.get("contract_number"), values.get("product_item_number"))

    def existing(self, session: Session, keys: list[Hashable]) -> dict[Hashable, Any]:
        found = {}
        for batch in in_batches(keys):
            statement = select(Contract).where(
                tuple_(Contract.contract_number, Contract.product_item_number).in_(batch)
            )
            for line in session.scalars(statement):
                found[(line.contract_number, line.product_item_number)] = line
        return found

    def check_rows(
        self,
        session: Session,
        user: Any,
        rows: list[Row],
        existing: dict[Hashable, Any],
        report: ImportReport,
    ) -> None:
        for row in rows:
            row.values["line"] = "{contract_number} / {product_item_number}".format(**row.values)
        unique_in_file(rows, "line", "Product item number", report)
        accounts = accounts_by_number(
            session, user, {r.values["account_id"] for r in rows if r.values.get("account_id")}
        )
        for row in rows:
            values = row.values
            del values["line"]
            if "status" in values and values["status"] is None:
                values["status"] = ContractStatus.active  # a blank status means Active
            account = accounts.get(values["account_id"])
            if values["account_id"] is not None and account is None:
                report.problem(row.number, "Ship-to account number", gettext("No such account."))
            values["account_id"] = account.id if account else None
            record = existing.get(self.key(values))
            if changes_customer(record, account):  # its assets are that customer's
                report.problem(
                    row.number,
                    "Ship-to account number",
                    gettext(
                        "The line belongs to %(customer)s; its ship-to stays with that customer.",
                        customer=record.account.customer.name,
                    ),
                )
            start, end = values.get("start_date"), values.get("end_date")
            if start and end and end < start:
                report.problem(row.number, "End date", gettext("Before the start date."))
