from typing import Any

from flask import has_request_context, request
from flask_appbuilder import expose, has_access
from flask_appbuilder.fieldwidgets import BS3TextFieldWidget, Select2Widget
from flask_appbuilder.forms import GeneralModelConverter
from flask_appbuilder.models.filters import BaseFilter
from flask_babel import lazy_gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import SelectField, StringField, ValidationError
from wtforms.validators import InputRequired, Length, Optional

from app.assets.models import Asset
from app.assets.services import asset_search_clause
from app.audit.views import ShowsHistory
from app.common.bulk import Selection
from app.common.bulk_views import BulkEditForm, BulkEditing, change_field
from app.common.export_views import Exporting
from app.common.filters import TENANT_SCOPE
from app.common.interface import PortalSQLAInterface
from app.common.permissions import MODEL_PERMISSIONS
from app.common.remote_select import ChoiceSource, RemoteSelectField, choices_response
from app.common.views import PortalModelView
from app.extensions import db
from app.security.models import PortalUser
from app.security.tenant import request_user, scoped, sees_all_customers
from app.tickets.bulk import bulk_edit_tickets
from app.tickets.enums import Priority, TicketStatus
from app.tickets.models import Ticket, TicketActivity
from app.tickets.services import (
    activity_problem,
    check_ticket,
    contact_phone_problem,
    engineers,
    open_ticket,
    requestable_assets,
)
from app.tickets.workflow import transition_problem

TICKET_LABELS = {
    "number": _("Ticket number"),
    "asset": _("System"),
    "priority": _("Priority"),
    "origin": _("Origin"),
    "status": _("Status"),
    "event_type": _("Event type"),
    "service_type": _("Service type"),
    "description": _("Description"),
    "contact_name": _("Contact name"),
    "contact_phone": _("Contact phone"),
    "customer_reference": _("Your reference"),
    "sap_notification_number": _("SAP notification number"),
    "report_closure_date": _("Report closure date"),
    "engineer": _("Service engineer"),
    "created_by": _("Created by"),
    "created_at": _("Created"),
    "updated_at": _("Last change"),
    "is_open": _("Open"),
}
# What a customer's request holds; the vendor's staff see and set every field.
REQUEST_FIELDS = [
    "asset",
    "priority",
    "event_type",
    "description",
    "contact_name",
    "contact_phone",
    "customer_reference",
]
TICKET_FIELDS = [
    *REQUEST_FIELDS,
    "service_type",
    "origin",
    "status",
    "sap_notification_number",
    "report_closure_date",
    "engineer",
]


def priority_field() -> SelectField:
    return SelectField(
        _("Priority"),
        choices=Priority.choices(),
        coerce=int,
        validators=[InputRequired()],
        widget=Select2Widget(),
        description=_("1 and 2 mean the system is down; 3 and 4 that it is limited."),
    )


# What ticket lists and the ticket API search on; never "asset" on pages, where it
# would render every asset as an option (FAB_PITFALLS 18).
TICKET_SEARCH_FIELDS = [
    "number",
    "priority",
    "status",
    "event_type",
    "origin",
    "service_type",
    "customer_reference",
    "sap_notification_number",
    "created_at",
]


def _contact_phone_valid(form: Any, field: Any) -> None:
    problem = contact_phone_problem(field.data)
    if problem:
        raise ValidationError(problem)


def contact_fields(required: bool) -> dict[str, StringField]:
    presence = InputRequired() if required else Optional()
    return {
        "contact_name": StringField(
            _("Contact name"),
            validators=[presence, Length(max=100)],
            widget=BS3TextFieldWidget(),
            description=_("Who the engineer should call about this system."),
        ),
        "contact_phone": StringField(
            _("Contact phone"),
            validators=[presence, Length(max=40), _contact_phone_valid],
            widget=BS3TextFieldWidget(),
        ),
    }


def _assets(query: Any) -> ChoiceSource:
    return ChoiceSource(
        query=query,
        matches=lambda text: asset_search_clause(text, Asset.description),
        order_by=(Asset.asset_number,),
    )


# A new ticket names an active system of the user's scope; an existing ticket keeps its
# system even if it was made inactive since.
REQUESTABLE_ASSETS = _assets(lambda: requestable_assets(request_user()))
SCOPED_ASSETS = _assets(lambda: scoped(select(Asset), Asset))


def asset_field(source: ChoiceSource) -> RemoteSelectField:
    return RemoteSelectField(
        _("System"),
        [InputRequired()],
        source=source,
        endpoint="TicketModelView.asset_choices",
        description=_("Search by asset ID, serial number, UDI, technical ID or name."),
    )


class EngineerFilter(BaseFilter):
    """Engineer drop-downs offer active Support staff only (app.tickets.services)."""

    name = "Engineer"

    def apply(self, query: Any, value: Any) -> Any:
        return query.filter(PortalUser.id.in_(engineers().with_only_columns(PortalUser.id)))


def _status_follows_the_workflow(form: Any, field: Any) -> None:
    pk = (request.view_args or {}).get("pk")
    if pk is None:  # a new ticket
        if field.data is not TicketStatus.new:
            raise ValidationError(_("A new ticket starts as New."))
        return
    ticket = db.session.get(Ticket, int(pk))
    closure = form.report_closure_date.data if "report_closure_date" in form else None
    problem = transition_problem(ticket.status, field.data, closure)
    if problem:
        raise ValidationError(problem)


def _activity_allowed(form: Any, field: Any) -> None:
    user = request_user()
    problem = activity_problem(form.ticket.data, field.data, vendor_staff=sees_all_customers(user))
    if problem:
        raise ValidationError(problem)


def format_priority(value: int | None) -> str:
    return "" if value is None else str(Priority(value))


class TicketActivityModelView(PortalModelView):
    datamodel = PortalSQLAInterface(TicketActivity)
    class_permission_name = "TicketActivity"
    list_title = _("Activities")
    show_title = _("Activity")
    add_title = _("Add activity")
    edit_title = _("Edit activity")
    list_columns = ["created_at", "activity_type", "text", "author"]
    show_columns = ["ticket", "created_at", "activity_type", "text", "author"]
    add_columns = edit_columns = ["ticket", "activity_type", "text"]
    validators_columns = {"activity_type": [_activity_allowed]}
    search_columns = ["activity_type", "text", "created_at"]
    order_columns = ["created_at", "activity_type"]
    base_order = ("created_at", "desc")
    label_columns = {
        "ticket": _("Ticket"),
        "created_at": _("Time (UTC)"),
        "activity_type": _("Type"),
        "text": _("Text"),
        "author": _("Author"),
    }

    def pre_add(self, item: TicketActivity) -> None:
        item.author_id = request_user().id


class TicketBulkForm(BulkEditForm):
    status = change_field(
        _("Status"),
        TicketStatus.choices(),
        description=_("Each ticket must be allowed this move by the workflow."),
    )
    priority = change_field(
        _("Priority"), [(str(value), label) for value, label in Priority.choices()]
    )
    engineer = change_field(_("Service engineer"), [])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = db.session.scalars(engineers().order_by(PortalUser.first_name)).all()
        self.engineer.choices += [(str(user.id), str(user)) for user in staff]


class TicketModelView(ShowsHistory, BulkEditing, Exporting, PortalModelView):
    datamodel = PortalSQLAInterface(Ticket)
    class_permission_name = "Ticket"
    list_title = _("Tickets")
    show_title = _("Ticket")
    add_title = _("New service ticket")
    edit_title = _("Edit ticket")
    list_columns = [
        "number",
        "asset",
        "priority",
        "status",
        "event_type",
        "origin",
        "created_at",
    ]
    show_fieldsets = [
        (
            _("Request"),
            {
                "fields": [
                    "number",
                    "asset",
                    "priority",
                    "event_type",
                    "service_type",
                    "description",
                    "contact_name",
                    "contact_phone",
                    "customer_reference",
                ]
            },
        ),
        (
            _("Handling"),
            {
                "fields": [
                    "status",
                    "origin",
                    "engineer",
                    "sap_notification_number",
                    "report_closure_date",
                    "created_by",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
    add_columns = edit_columns = TICKET_FIELDS
    validators_columns = {"status": [_status_follows_the_workflow]}
    add_form_extra_fields = {
        "asset": asset_field(REQUESTABLE_ASSETS),
        "priority": priority_field(),
        **contact_fields(required=False),
    }
    edit_form_extra_fields = {
        "asset": asset_field(SCOPED_ASSETS),
        "priority": priority_field(),
        **contact_fields(required=False),
    }
    add_form_query_rel_fields = edit_form_query_rel_fields = {
        "engineer": [*TENANT_SCOPE, ["id", EngineerFilter, None]]
    }
    method_permission_name = {**MODEL_PERMISSIONS, "asset_choices": "add"}
    bulk_form = TicketBulkForm
    bulk_row_name = "number"
    export_name = "tickets"
    export_columns = [
        "number",
        "asset.asset_number",
        "asset.serial_number",
        "asset.display_name",
        "asset.account.name",
        "priority",
        "status",
        "origin",
        "event_type",
        "service_type",
        "description",
        "contact_name",
        "contact_phone",
        "customer_reference",
        "sap_notification_number",
        "report_closure_date",
        "engineer",
        "created_at",
        "updated_at",
    ]
    export_formatters = {"priority": Priority}
    export_labels = {
        "asset.asset_number": _("Asset ID"),
        "asset.serial_number": _("Serial number"),
        "asset.display_name": _("System"),
        "asset.account.name": _("Account"),
    }
    export_options = (selectinload(Ticket.engineer),)
    search_columns = ["is_open", *TICKET_SEARCH_FIELDS]
    order_columns = ["number", "priority", "status", "event_type", "origin", "created_at"]
    base_order = ("created_at", "desc")
    formatters_columns = {"priority": format_priority}
    label_columns = TICKET_LABELS
    related_views = [TicketActivityModelView]

    # A customer's request form holds the request fields only; staff get every field.
    # Both forms are built once; the property picks one per request (views are shared
    # between threads, so nothing per request is stored on them).
    _staff_add_form = None

    @property
    def add_form(self) -> Any:
        if has_request_context() and not self._vendor_staff():
            return self._request_form
        return self._staff_add_form

    @add_form.setter
    def add_form(self, form: Any) -> None:
        self._staff_add_form = form

    def _init_forms(self) -> None:
        super()._init_forms()
        self._request_form = GeneralModelConverter(self.datamodel).create_form(
            self.label_columns,
            REQUEST_FIELDS,
            self.description_columns,
            self.validators_columns,
            {**self.add_form_extra_fields, **contact_fields(required=True)},
            self.add_form_query_rel_fields,
        )

    def _get_add_widget(self, form: Any, exclude_cols: Any = None, widgets: Any = None) -> Any:
        widgets = super()._get_add_widget(form, exclude_cols, widgets)
        widgets["add"].template_args["include_cols"] = [
            column for column in self.add_columns if column in form
        ]
        return widgets

    @staticmethod
    def _vendor_staff() -> bool:
        return sees_all_customers(request_user())

    @expose("/asset-choices")
    @has_access
    def asset_choices(self):
        """The systems a new ticket may name, for the type-ahead of the form."""
        return choices_response(REQUESTABLE_ASSETS)

    def bulk_apply(self, form: TicketBulkForm, selection: Selection) -> int:
        engineer = (
            db.session.get(PortalUser, int(form.engineer.data)) if form.engineer.data else None
        )
        return bulk_edit_tickets(
            db.session,
            request_user(),
            selection,
            status=form.status.data or None,
            priority=int(form.priority.data) if form.priority.data else None,
            engineer=engineer,
        )

    def pre_add(self, item: Ticket) -> None:
        user = request_user()
        open_ticket(db.session, item, user, vendor_staff=sees_all_customers(user))
        _refuse_problems(item)

    def pre_update(self, item: Ticket) -> None:
        _refuse_problems(item)


def _refuse_problems(item: Ticket) -> None:
    # The form checks each field; the service has the last word (FAB flashes its refusal).
    check_ticket(db.session, item, request_user())
