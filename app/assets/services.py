"""Asset rules that need no request."""

from app.accounts.models import Account
from app.contracts.models import Contract


def contract_mismatch(contract: Contract | None, account: Account | None) -> str | None:
    """Why an asset of ``account`` may not be covered by the contract line ``contract``
    (None if it may): the line must be sold to an account of the same customer."""
    if contract is None or account is None:
        return None
    if contract.account.customer_id != account.customer_id:
        return "the contract line belongs to another customer"
    return None
