"""What the asset list filters on besides the asset's own columns: its customer, the
fields and expiry colour of its contract line, and the quick search.

FAB filters only columns of the listed model, so each of these is a deferred
``column_property`` (never loaded, it only names the filter) whose filters are
replaced by ones that search through an indexed ``IN`` subquery: a correlated
subquery per asset would be evaluated 100,000 times.
"""

from typing import Any

from flask_appbuilder.models.filters import BaseFilter
from flask_babel import lazy_gettext as _
from sqlalchemy import select
from sqlalchemy.orm import column_property

from app.accounts.models import Account
from app.assets.models import Asset
from app.assets.services import asset_search_clause
from app.common.database import database_id
from app.contracts.models import Contract

# Asset attribute -> the contract line column it searches.
CONTRACT_FIELDS = {
    "contract_number": Contract.contract_number,
    "product_item_number": Contract.product_item_number,
    "product_item_description": Contract.product_item_description,
    "purchase_order": Contract.purchase_order,
}


def _of_contract(column: Any) -> Any:
    return column_property(
        select(column)
        .where(Contract.id == Asset.contract_id)
        .correlate_except(Contract)
        .scalar_subquery(),
        deferred=True,
    )


for _name, _column in CONTRACT_FIELDS.items():
    setattr(Asset, _name, _of_contract(_column))
Asset.contract_expiry = _of_contract(Contract.expiry_status)
Asset.customer_id = column_property(
    select(Account.customer_id)
    .where(Account.id == Asset.account_id)
    .correlate_except(Account)
    .scalar_subquery(),
    deferred=True,
)


def _assets_with_contract(condition: Any) -> Any:
    return Asset.contract_id.in_(select(Contract.id).where(condition))


class ContractFieldContains(BaseFilter):
    name = _("Contains")
    arg_name = "ct"

    def apply(self, query: Any, value: Any) -> Any:
        column = CONTRACT_FIELDS[self.column_name]
        return query.filter(_assets_with_contract(column.icontains(value, autoescape=True)))


class ContractFieldEqual(BaseFilter):
    name = _("Equal to")
    arg_name = "eq"

    def apply(self, query: Any, value: Any) -> Any:
        column = CONTRACT_FIELDS[self.column_name]
        return query.filter(_assets_with_contract(column == value))


class ContractExpiryEqual(BaseFilter):
    name = _("Equal to")
    arg_name = "eq"

    def apply(self, query: Any, value: Any) -> Any:
        return query.filter(_assets_with_contract(Contract.expiry_status == value))


class CustomerEqual(BaseFilter):
    name = _("Equal to")
    arg_name = "eq"

    def apply(self, query: Any, value: Any) -> Any:
        customer_id = database_id(value) or -1  # no customer: matches nothing
        return query.filter(
            Asset.account_id.in_(select(Account.id).where(Account.customer_id == customer_id))
        )


class QuickSearch(BaseFilter):
    """Matches text in any of the identifiers people type, ignoring case."""

    name = _("Quick search")
    hint = _("Asset ID, serial number, UDI, technical ID or custom name")
    arg_name = "qs"

    def apply(self, query: Any, value: Any) -> Any:
        text = str(value or "").strip()
        return query.filter(asset_search_clause(text)) if text else query


ASSET_SEARCH_FILTERS = {
    **{name: [ContractFieldContains, ContractFieldEqual] for name in CONTRACT_FIELDS},
    "contract_expiry": [ContractExpiryEqual],
    "customer_id": [CustomerEqual],
}
# Added to the asset ID's own filters; the list's quick-search box sets it.
QUICK_SEARCH_COLUMN = "asset_number"
