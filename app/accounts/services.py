"""Account rules that need no request."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.models import Account, Customer
from app.security.tenant import scoped


def accounts_by_number(session: Session, user: Any, numbers: set[str]) -> dict[str, Account]:
    """The accounts with these account numbers, among those ``user`` may see."""
    statement = scoped(select(Account), Account, user).where(Account.account_number.in_(numbers))
    return {account.account_number: account for account in session.scalars(statement)}


# Choices for search forms: one scoped query, plain (id, name) pairs. FAB's relation
# drop-down builds an interface object per option, which made a list page with 200
# accounts twice as slow.
def customer_choices() -> list[tuple[str, str]]:
    """The customers the current user may filter by (only its own, for a customer)."""
    from app.extensions import db

    customers = db.session.scalars(scoped(select(Customer), Customer).order_by(Customer.name))
    return [(str(customer.id), customer.name) for customer in customers]


def account_choices() -> list[tuple[str, str]]:
    """The accounts the current user may filter by, named with their customer."""
    from app.extensions import db

    statement = scoped(select(Account), Account).order_by(Account.name)
    return [
        (str(account.id), f"{account.name} ({account.customer.name})")
        for account in db.session.scalars(statement)
    ]
