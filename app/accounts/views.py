from flask_babel import lazy_gettext as _

from app.accounts.models import Account, Customer
from app.common.interface import PortalSQLAInterface
from app.common.views import PortalModelView

ACCOUNT_LABELS = {
    "account_number": _("Account number"),
    "name": _("Name"),
    "customer": _("Customer"),
    "customer.name": _("Customer"),
    "street": _("Street"),
    "postal_code": _("Postal code"),
    "city": _("City"),
}


class AccountModelView(PortalModelView):
    datamodel = PortalSQLAInterface(Account)
    class_permission_name = "Account"
    list_title = _("Accounts")
    show_title = _("Account")
    add_title = _("Add account")
    edit_title = _("Edit account")
    list_columns = ["account_number", "name", "customer.name", "city"]
    show_columns = ["account_number", "name", "customer", "street", "postal_code", "city"]
    add_columns = edit_columns = [
        "customer",
        "account_number",
        "name",
        "street",
        "postal_code",
        "city",
    ]
    search_columns = ["account_number", "name", "city"]
    order_columns = ["account_number", "name", "city"]
    base_order = ("name", "asc")
    label_columns = ACCOUNT_LABELS


class CustomerModelView(PortalModelView):
    datamodel = PortalSQLAInterface(Customer)
    class_permission_name = "Customer"
    list_title = _("Customers")
    show_title = _("Customer")
    add_title = _("Add customer")
    edit_title = _("Edit customer")
    list_columns = ["customer_number", "name", "country"]
    show_columns = ["customer_number", "name", "country"]
    add_columns = edit_columns = ["customer_number", "name", "country"]
    search_columns = ["customer_number", "name", "country"]
    order_columns = ["customer_number", "name", "country"]
    base_order = ("name", "asc")
    label_columns = {
        "customer_number": _("Customer number"),
        "name": _("Name"),
        "country": _("Country"),
    }
    related_views = [AccountModelView]
