from typing import Any

from flask import redirect, request, url_for
from flask_appbuilder.fieldwidgets import Select2Widget
from flask_babel import lazy_gettext as _
from wtforms import SelectField, ValidationError

from app.accounts.choices import ACCOUNTS, CUSTOMERS
from app.assets.badges import state_badge
from app.assets.bulk import bulk_edit_assets
from app.assets.enums import AssetStatus
from app.assets.models import Asset
from app.assets.search import (
    ASSET_SEARCH_FILTERS,
    QUICK_SEARCH_COLUMN,
    QuickSearch,
)
from app.assets.services import contract_mismatch
from app.assets.state import OperationalState
from app.audit.views import ShowsHistory
from app.common.bulk import Selection
from app.common.bulk_views import BulkEditForm, BulkEditing, change_field
from app.common.export_views import Exporting
from app.common.interface import PortalSQLAInterface
from app.common.views import PortalModelView
from app.contracts.badges import expiry_badge
from app.contracts.expiry import ExpiryStatus
from app.extensions import db
from app.security.tenant import request_user

ASSET_LABELS = {
    "asset_number": _("Asset ID"),
    "description": _("Asset description"),
    "custom_name": _("Custom asset name"),
    "display_name": _("System"),
    "product_type": _("Product type"),
    "serial_number": _("Serial number"),
    "technical_id": _("Technical ID"),
    "udi": _("UDI"),
    "functional_location": _("Functional location"),
    "installation_date": _("Installation date"),
    "status": _("Status"),
    "account": _("Account"),
    "account.name": _("Account"),
    "account.customer.name": _("Customer"),
    "contract": _("Service contract"),
    "contract.contract_number": _("Service contract"),
    "contract.product_item_number": _("Product item number"),
    "contract.product_item_description": _("Product item description"),
    "contract.purchase_order": _("Purchase order"),
    "contract.end_date": _("Contract end"),
    "contract.days_to_expiry": _("Contract expiry"),
    "contract.expiry_status": _("Contract expiry colour"),
    "operational_state": _("State"),
    "customer_id": _("Customer"),
    "contract_number": _("Service contract"),
    "product_item_number": _("Product item number"),
    "product_item_description": _("Product item description"),
    "purchase_order": _("Purchase order"),
    "contract_expiry": _("Contract expiry colour"),
    "inventory_number": _("Inventory number"),
    "department": _("Department / room"),
    "note": _("Note"),
}

VENDOR_FIELDS = [
    "account",
    "asset_number",
    "description",
    "product_type",
    "serial_number",
    "technical_id",
    "udi",
    "functional_location",
    "installation_date",
    "status",
    "contract",
]
CUSTOM_DEVICE_DATA = ["custom_name", "inventory_number", "department", "note"]


class AssetBulkForm(BulkEditForm):
    status = change_field(_("Status"), AssetStatus.choices())
    account = change_field(
        _("Move to account"),
        [],
        description=_("Assets move only between accounts of their own customer."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The accounts of the filters' type-ahead, named alike (a bulk move needs one
        # drop-down: the page is opened once per bulk edit, not per list page).
        accounts = db.session.scalars(ACCOUNTS.query().order_by(*ACCOUNTS.order_by))
        self.account.choices += [(str(account.id), ACCOUNTS.text(account)) for account in accounts]


class AssetModelView(ShowsHistory, BulkEditing, Exporting, PortalModelView):
    datamodel = PortalSQLAInterface(Asset)
    class_permission_name = "Asset"
    list_title = _("Assets")
    show_title = _("Asset")
    add_title = _("Add asset")
    edit_title = _("Edit asset")
    list_columns = [
        "asset_number",
        "display_name",
        "product_type",
        "serial_number",
        "account.name",
        "functional_location",
        "installation_date",
        "contract.contract_number",
        "contract.days_to_expiry",
        "operational_state",
        "status",
    ]
    show_fieldsets = [
        (
            _("System"),
            {
                "fields": [
                    "asset_number",
                    "description",
                    "product_type",
                    "serial_number",
                    "technical_id",
                    "udi",
                    "functional_location",
                    "installation_date",
                    "operational_state",
                    "status",
                    "account",
                ]
            },
        ),
        (
            _("Service contract"),
            {
                "fields": [
                    "contract.contract_number",
                    "contract.product_item_number",
                    "contract.product_item_description",
                    "contract.purchase_order",
                    "contract.end_date",
                    "contract.days_to_expiry",
                ]
            },
        ),
        (_("Custom device data"), {"fields": CUSTOM_DEVICE_DATA}),
    ]
    add_columns = edit_columns = VENDOR_FIELDS + CUSTOM_DEVICE_DATA
    # Every field of the asset, its contract line and its customer. No drop-down of a
    # big table: that would render every related row as an option (FAB_PITFALLS 18);
    # accounts and customers are type-aheads (remote_filters).
    search_columns = [
        "asset_number",
        "serial_number",
        "udi",
        "technical_id",
        "custom_name",
        "description",
        "product_type",
        "functional_location",
        "installation_date",
        "status",
        "operational_state",
        "customer_id",
        "account",
        "contract_number",
        "product_item_number",
        "product_item_description",
        "purchase_order",
        "contract_expiry",
        "inventory_number",
        "department",
        "note",
    ]
    search_filters = ASSET_SEARCH_FILTERS
    extra_search_filters = {QUICK_SEARCH_COLUMN: [QuickSearch]}
    order_columns = [
        "asset_number",
        "product_type",
        "serial_number",
        "functional_location",
        "installation_date",
        "operational_state",
        "status",
        "contract.days_to_expiry",  # soonest expiry first: red, then yellow, then green
    ]
    base_order = ("asset_number", "asc")
    label_columns = ASSET_LABELS
    show_template = "asset_show.html"
    formatters_columns = {
        "contract.days_to_expiry": expiry_badge,
        "operational_state": state_badge,
    }
    search_form_extra_fields = {
        "operational_state": SelectField(
            _("State"), choices=OperationalState.choices(), widget=Select2Widget()
        ),
        "contract_expiry": SelectField(
            _("Contract expiry colour"), choices=ExpiryStatus.choices(), widget=Select2Widget()
        ),
    }
    remote_filters = {"customer_id": CUSTOMERS, "account": ACCOUNTS}
    validators_columns = {"contract": [lambda form, field: _contract_fits(form, field)]}
    bulk_form = AssetBulkForm
    bulk_row_name = "asset_number"
    export_name = "assets"
    export_columns = [
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
        "operational_state",
        "account.customer.name",
        "account.name",
        "contract.contract_number",
        "contract.product_item_number",
        "contract.product_item_description",
        "contract.purchase_order",
        "contract.end_date",
        "contract.expiry_status",
        "contract.days_to_expiry",
        "inventory_number",
        "department",
        "note",
    ]
    export_labels = {"contract.days_to_expiry": _("Days to contract end")}
    export_formatters = {
        "operational_state": OperationalState,
        "contract.expiry_status": ExpiryStatus,
    }

    def bulk_apply(self, form: AssetBulkForm, selection: Selection) -> int:
        chosen = ACCOUNTS.rows_with_ids([form.account.data])  # none if "(keep)"
        return bulk_edit_assets(
            db.session,
            request_user(),
            selection,
            status=form.status.data or None,
            account=chosen[0] if chosen else None,
        )


def _contract_fits(form: Any, field: Any) -> None:
    problem = contract_mismatch(field.data, form.account.data)
    if problem:
        raise ValidationError(problem)


class AssetCustomDataView(PortalModelView):
    """The customer's own data on its assets: a form holding only those fields, so the
    vendor's fields can never be changed through it."""

    route_base = "/asset-custom-data"
    datamodel = PortalSQLAInterface(Asset)
    class_permission_name = "AssetCustomData"
    base_permissions = ["can_edit"]
    edit_title = _("Edit custom device data")
    list_columns = show_columns = ["asset_number", "description", "serial_number"]
    edit_columns = CUSTOM_DEVICE_DATA
    label_columns = ASSET_LABELS
    base_order = ("asset_number", "asc")

    def post_edit_redirect(self):
        return redirect(url_for("AssetModelView.show", pk=request.view_args["pk"]))
