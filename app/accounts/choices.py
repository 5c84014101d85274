"""What type-ahead fields offer of customers and accounts: within the user's scope,
found by name or number."""

from sqlalchemy import or_, select

from app.accounts.models import Account, Customer
from app.common.remote_select import ChoiceSource
from app.security.tenant import scoped

CUSTOMERS = ChoiceSource(
    query=lambda: scoped(select(Customer), Customer),
    matches=lambda text: or_(
        Customer.name.icontains(text, autoescape=True),
        Customer.customer_number.icontains(text, autoescape=True),
    ),
    order_by=(Customer.name, Customer.id),
)

ACCOUNTS = ChoiceSource(
    query=lambda: scoped(select(Account), Account),
    matches=lambda text: or_(
        Account.name.icontains(text, autoescape=True),
        Account.account_number.icontains(text, autoescape=True),
        Account.city.icontains(text, autoescape=True),
    ),
    order_by=(Account.name, Account.id),
    # Sites of different hospitals share names ("Radiology"): the customer tells them apart.
    text=lambda account: f"{account.name} ({account.customer.name})",
)
