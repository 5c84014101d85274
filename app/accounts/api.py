from app.accounts.models import Account
from app.common.api import PortalModelRestApi
from app.common.interface import PortalSQLAInterface


class AccountApi(PortalModelRestApi):
    resource_name = "account"
    datamodel = PortalSQLAInterface(Account)
    class_permission_name = "Account"
    list_columns = ["id", "account_number", "name", "city", "customer.id", "customer.name"]
    show_columns = [
        "id",
        "account_number",
        "name",
        "street",
        "postal_code",
        "city",
        "customer.id",
        "customer.name",
    ]
    add_columns = edit_columns = [
        "customer",
        "account_number",
        "name",
        "street",
        "postal_code",
        "city",
    ]
    search_columns = ["account_number", "name", "city", "customer"]
    order_columns = ["account_number", "name", "city"]
    base_order = ("name", "asc")
