"""Asset rules that need no request."""

from typing import Any

from sqlalchemy import ColumnElement, or_

from app.accounts.models import Account
from app.assets.models import Asset
from app.contracts.models import Contract


def contract_mismatch(contract: Contract | None, account: Account | None) -> str | None:
    """Why an asset of ``account`` may not be covered by the contract line ``contract``
    (None if it may): the line must be sold to an account of the same customer."""
    if contract is None or account is None:
        return None
    if contract.account.customer_id != account.customer_id:
        return "the contract line belongs to another customer"
    return None


# The identifiers staff and customers type to find a system (the list's quick search).
QUICK_SEARCH_COLUMNS = (
    Asset.asset_number,
    Asset.serial_number,
    Asset.udi,
    Asset.technical_id,
    Asset.custom_name,
)


def asset_search_clause(text: str, *columns: Any) -> ColumnElement[bool]:
    """Assets where any identifier (or one of ``columns``) contains ``text``, ignoring
    case; ``%`` and ``_`` are taken literally."""
    return or_(
        *(column.icontains(text, autoescape=True) for column in (*QUICK_SEARCH_COLUMNS, *columns))
    )
