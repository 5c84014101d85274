"""The tenant scope: the one place that decides which rows a user may see.

A customer's user sees the accounts assigned to it (and only those of its own
customer), and the users of its own customer; vendor staff holding the "see all
customers" permission see everything. Every domain view, API, related drop-down and
count reaches rows through ``scope_clause``; a test walks the registered views and APIs
to hold that true (tests/security/test_access_matrix.py).
"""

from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, Select, and_, select

from app.accounts.models import Account, Customer
from app.assets.models import Asset
from app.contracts.models import Contract
from app.security.models import PortalUser, user_account
from app.security.roles import has_permission
from app.tickets.models import Ticket, TicketActivity

# "Sees everything" is a permission, granted to Support and Admin in app.security.roles.
SEE_ALL_CUSTOMERS = ("can_see_all_customers", "Tenancy")


def request_user() -> Any:
    """The user of this request, logged in by page session or by JWT (None if anonymous)."""
    return current_app.appbuilder.sm.current_user


def sees_all_customers(user: Any) -> bool:
    return has_permission(user, *SEE_ALL_CUSTOMERS)


def visible_account_ids(user: Any) -> Select | None:
    """The ids of the accounts ``user`` may see, as a subquery; ``None`` means all."""
    if sees_all_customers(user):
        return None
    if user is None or not user.is_authenticated or user.customer_id is None:
        return select(Account.id).where(False)
    return (
        select(user_account.c.account_id)
        .join(Account, Account.id == user_account.c.account_id)
        .where(user_account.c.user_id == user.id, Account.customer_id == user.customer_id)
    )


def _assets_in(account_ids: Select) -> Select:
    return select(Asset.id).where(Asset.account_id.in_(account_ids))


def _tickets_in(account_ids: Select) -> Select:
    return select(Ticket.id).where(Ticket.asset_id.in_(_assets_in(account_ids)))


def _users_of_customers_of(account_ids: Select) -> ColumnElement[bool]:
    return PortalUser.customer_id.in_(
        select(Account.customer_id).where(Account.id.in_(account_ids))
    )


# How each scoped model reaches its accounts.
_PATHS = {
    PortalUser: _users_of_customers_of,
    Customer: lambda ids: Customer.id.in_(select(Account.customer_id).where(Account.id.in_(ids))),
    Account: lambda ids: Account.id.in_(ids),
    Asset: lambda ids: Asset.account_id.in_(ids),
    Contract: lambda ids: Contract.account_id.in_(ids),
    Ticket: lambda ids: Ticket.asset_id.in_(_assets_in(ids)),
    TicketActivity: lambda ids: TicketActivity.ticket_id.in_(_tickets_in(ids)),
}


def is_scoped(model: type) -> bool:
    return model in _PATHS


def _customer_visible_activities() -> ColumnElement[bool]:
    from app.tickets.services import VENDOR_INTERNAL_ACTIVITIES

    return TicketActivity.activity_type.not_in([t.value for t in VENDOR_INTERNAL_ACTIVITIES])


def scope_clause(model: type, user: Any) -> ColumnElement[bool] | None:
    """The SQL condition limiting ``model`` rows to what ``user`` may see
    (``None``: no limit). Models without a tenant path are refused loudly."""
    if model not in _PATHS:
        raise LookupError(f"{model.__name__} has no tenant path in app.security.tenant")
    account_ids = visible_account_ids(user)
    if account_ids is None:
        return None
    clause = _PATHS[model](account_ids)
    if model is TicketActivity:  # customers never see the vendor's internal notes
        clause = and_(clause, _customer_visible_activities())
    return clause


def scoped(statement: Select, model: type, user: Any = None) -> Select:
    """``statement`` limited to the ``model`` rows ``user`` (default: this request's)
    may see."""
    clause = scope_clause(model, request_user() if user is None else user)
    return statement if clause is None else statement.where(clause)
