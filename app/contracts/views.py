from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _

from app.assets.views import AssetModelView
from app.common.views import PortalModelView
from app.contracts.models import Contract

CONTRACT_LABELS = {
    "contract_number": _("Service contract"),
    "product_item_number": _("Product item number"),
    "product_item_description": _("Product item description"),
    "purchase_order": _("Purchase order"),
    "account": _("Ship-to"),
    "account.name": _("Ship-to"),
    "start_date": _("Start date"),
    "end_date": _("End date"),
    "service_type": _("Service type"),
    "status": _("Status"),
}
CONTRACT_FIELDS = [
    "contract_number",
    "product_item_number",
    "product_item_description",
    "purchase_order",
    "account",
    "start_date",
    "end_date",
    "service_type",
    "status",
]


class ContractModelView(PortalModelView):
    datamodel = SQLAInterface(Contract)
    class_permission_name = "Contract"
    list_title = _("Contracts")
    show_title = _("Contract")
    add_title = _("Add contract")
    edit_title = _("Edit contract")
    list_columns = [
        "contract_number",
        "product_item_description",
        "account.name",
        "service_type",
        "start_date",
        "end_date",
        "status",
    ]
    show_columns = add_columns = edit_columns = CONTRACT_FIELDS
    search_columns = CONTRACT_FIELDS
    order_columns = [
        "contract_number",
        "product_item_description",
        "service_type",
        "start_date",
        "end_date",
        "status",
    ]
    base_order = ("end_date", "asc")
    label_columns = CONTRACT_LABELS
    related_views = [AssetModelView]
