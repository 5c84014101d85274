from flask_appbuilder.fieldwidgets import Select2Widget
from flask_babel import lazy_gettext as _
from wtforms import SelectField

from app.accounts.choices import ACCOUNTS
from app.assets.views import AssetModelView
from app.common.export_views import Exporting
from app.common.interface import PortalSQLAInterface
from app.common.views import PortalModelView
from app.contracts.badges import expiry_badge
from app.contracts.expiry import ExpiryStatus
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
    "days_to_expiry": _("Expiry"),
    "expiry_status": _("Expiry colour"),
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


class ContractModelView(Exporting, PortalModelView):
    datamodel = PortalSQLAInterface(Contract)
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
        "end_date",
        "days_to_expiry",
        "status",
    ]
    show_columns = [*CONTRACT_FIELDS, "days_to_expiry"]
    add_columns = edit_columns = CONTRACT_FIELDS
    search_columns = [*CONTRACT_FIELDS, "expiry_status"]
    order_columns = [
        "contract_number",
        "product_item_description",
        "service_type",
        "start_date",
        "end_date",
        "days_to_expiry",
        "status",
    ]
    # Soonest expiry first.
    base_order = ("end_date", "asc")
    label_columns = CONTRACT_LABELS
    formatters_columns = {"days_to_expiry": expiry_badge}
    search_form_extra_fields = {
        "expiry_status": SelectField(
            _("Expiry colour"), choices=ExpiryStatus.choices(), widget=Select2Widget()
        ),
    }
    remote_filters = {"account": ACCOUNTS}
    related_views = [AssetModelView]
    export_name = "contracts"
    export_columns = [
        "contract_number",
        "product_item_number",
        "product_item_description",
        "purchase_order",
        "account.customer.name",
        "account.name",
        "start_date",
        "end_date",
        "service_type",
        "status",
        "expiry_status",
        "days_to_expiry",
    ]
    export_labels = {"days_to_expiry": _("Days to end"), "account.customer.name": _("Customer")}
    export_formatters = {"expiry_status": ExpiryStatus}
