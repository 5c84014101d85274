from app.common.api import PortalModelRestApi
from app.common.interface import PortalSQLAInterface
from app.contracts.models import Contract
from app.contracts.views import CONTRACT_FIELDS


class ContractApi(PortalModelRestApi):
    resource_name = "contract"
    datamodel = PortalSQLAInterface(Contract)
    class_permission_name = "Contract"
    list_columns = show_columns = [
        "id",
        "contract_number",
        "product_item_number",
        "product_item_description",
        "purchase_order",
        "account.id",
        "account.name",
        "start_date",
        "end_date",
        "service_type",
        "status",
        "expiry_status",
        "days_to_expiry",
    ]
    add_columns = edit_columns = CONTRACT_FIELDS
    search_columns = [*CONTRACT_FIELDS, "expiry_status"]
    order_columns = [
        "contract_number",
        "product_item_number",
        "start_date",
        "end_date",
        "status",
        "days_to_expiry",
    ]
    base_order = ("end_date", "asc")
