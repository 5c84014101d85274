from typing import Any

from flask import request
from flask_appbuilder.fieldwidgets import Select2Widget
from flask_babel import lazy_gettext as _
from wtforms import SelectField, ValidationError
from wtforms.validators import InputRequired

from app.common.interface import PortalSQLAInterface
from app.common.views import PortalModelView
from app.extensions import db
from app.security.tenant import request_user, sees_all_customers
from app.tickets.enums import Priority, TicketStatus
from app.tickets.models import Ticket, TicketActivity
from app.tickets.services import activity_problem, open_ticket
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
TICKET_FIELDS = [
    "asset",
    "priority",
    "event_type",
    "service_type",
    "description",
    "contact_name",
    "contact_phone",
    "customer_reference",
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


class TicketModelView(PortalModelView):
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
    add_form_extra_fields = {"priority": priority_field()}
    edit_form_extra_fields = {"priority": priority_field()}
    search_columns = ["is_open", *TICKET_SEARCH_FIELDS]
    order_columns = ["number", "priority", "status", "event_type", "origin", "created_at"]
    base_order = ("created_at", "desc")
    formatters_columns = {"priority": format_priority}
    label_columns = TICKET_LABELS
    related_views = [TicketActivityModelView]

    def pre_add(self, item: Ticket) -> None:
        user = request_user()
        open_ticket(db.session, item, user, vendor_staff=sees_all_customers(user))
