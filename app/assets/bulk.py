"""Support's bulk edit of assets: make them Active or Inactive, or move them to another
account of the same customer, in one action (app.common.bulk does the writing)."""

from collections import defaultdict
from typing import Any

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.models import Account
from app.assets.enums import AssetStatus
from app.assets.models import Asset
from app.common.bulk import (
    BulkEditError,
    Selection,
    apply_update,
    load_for_edit,
    refuse_blocked_rows,
    refuse_changed_rows,
)


def bulk_edit_assets(
    session: Session,
    user: Any,
    selection: Selection,
    *,
    status: AssetStatus | None = None,
    account: Account | None = None,
) -> int:
    """Set the status and/or the account of every selected asset, or of none. An asset
    only moves between accounts of its own customer (its contract lines are that
    customer's). Returns the number of assets changed."""
    values: dict[str, Any] = {}
    if status is not None:
        values["status"] = AssetStatus(status)
    if account is not None:
        values["account_id"] = account.id
    if not values:
        raise BulkEditError(gettext("Choose at least one change."))
    rows = load_for_edit(
        session,
        Asset,
        selection,
        user,
        [
            Asset.asset_number,
            Asset.status,
            Asset.account_id,
            select(Account.customer_id)
            .where(Account.id == Asset.account_id)
            .scalar_subquery()
            .label("customer_id"),
        ],
    )
    refuse_changed_rows(rows, selection, lambda row: row.asset_number)
    problems: dict[str, list[str]] = defaultdict(list)
    if account is not None:
        for row in rows:
            if row.customer_id != account.customer_id:
                problems[
                    gettext(
                        "an asset moves only to an account of its own customer (%(account)s "
                        "belongs to %(customer)s)",
                        account=account.name,
                        customer=account.customer.name,
                    )
                ].append(row.asset_number)
    refuse_blocked_rows(problems)
    return apply_update(session, Asset, rows, values, user)
