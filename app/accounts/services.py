"""Account rules that need no request."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.models import Account
from app.security.tenant import scoped


def accounts_by_number(session: Session, user: Any, numbers: set[str]) -> dict[str, Account]:
    """The accounts with these account numbers, among those ``user`` may see."""
    statement = scoped(select(Account), Account, user).where(Account.account_number.in_(numbers))
    return {account.account_number: account for account in session.scalars(statement)}
