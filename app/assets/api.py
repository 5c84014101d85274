from werkzeug.exceptions import BadRequest

from app.assets.models import Asset
from app.assets.services import contract_mismatch
from app.assets.views import CUSTOM_DEVICE_DATA, VENDOR_FIELDS
from app.common.api import PortalModelRestApi
from app.common.interface import PortalSQLAInterface


class AssetApi(PortalModelRestApi):
    resource_name = "asset"
    datamodel = PortalSQLAInterface(Asset)
    class_permission_name = "Asset"
    list_columns = show_columns = [
        "id",
        "asset_number",
        "description",
        "custom_name",
        "product_type",
        "serial_number",
        "technical_id",
        "udi",
        "functional_location",
        "installation_date",
        "status",
        "account.id",
        "account.name",
        "contract.id",
        "contract.contract_number",
        "contract.product_item_number",
        "contract.product_item_description",
        "contract.purchase_order",
        "inventory_number",
        "department",
        "note",
    ]
    add_columns = edit_columns = VENDOR_FIELDS + CUSTOM_DEVICE_DATA
    search_columns = [
        "asset_number",
        "serial_number",
        "custom_name",
        "product_type",
        "technical_id",
        "udi",
        "installation_date",
        "status",
        "account",
    ]
    order_columns = [
        "asset_number",
        "product_type",
        "serial_number",
        "installation_date",
        "status",
    ]
    base_order = ("asset_number", "asc")

    def pre_add(self, item: Asset) -> None:
        super().pre_add(item)
        self._check_contract(item)

    def pre_update(self, item: Asset) -> None:
        super().pre_update(item)
        self._check_contract(item)

    def _check_contract(self, item: Asset) -> None:
        problem = contract_mismatch(item.contract, item.account)
        if problem:
            raise BadRequest(f"contract: {problem}")
