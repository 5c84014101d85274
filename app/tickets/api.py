from marshmallow import validate
from sqlalchemy import inspect
from werkzeug.exceptions import BadRequest

from app.common.api import PortalModelRestApi
from app.common.filters import TENANT_SCOPE
from app.common.interface import PortalSQLAInterface
from app.extensions import db
from app.security.tenant import request_user, sees_all_customers
from app.tickets.models import Ticket, TicketActivity
from app.tickets.services import TicketRuleError, activity_problem, check_ticket, open_ticket
from app.tickets.views import TICKET_FIELDS, TICKET_SEARCH_FIELDS, EngineerFilter
from app.tickets.workflow import transition_problem


class TicketApi(PortalModelRestApi):
    resource_name = "ticket"
    datamodel = PortalSQLAInterface(Ticket)
    class_permission_name = "Ticket"
    list_columns = show_columns = [
        "id",
        "number",
        "asset.id",
        "asset.serial_number",
        "asset.asset_number",
        "priority",
        "origin",
        "status",
        "event_type",
        "service_type",
        "description",
        "contact_name",
        "contact_phone",
        "customer_reference",
        "sap_notification_number",
        "report_closure_date",
        "engineer.id",
        "engineer.username",
        "created_at",
        "updated_at",
    ]
    add_columns = edit_columns = TICKET_FIELDS
    validators_columns = {"priority": validate.Range(min=1, max=5)}
    search_columns = ["asset", *TICKET_SEARCH_FIELDS]  # the API filters by id, no list
    order_columns = ["number", "priority", "status", "event_type", "created_at"]
    base_order = ("created_at", "desc")
    add_query_rel_fields = edit_query_rel_fields = {
        "engineer": [*TENANT_SCOPE, ["id", EngineerFilter, None]]
    }

    def pre_add(self, item: Ticket) -> None:
        user = request_user()
        # First drop what a customer may not set, then check what remains is in scope.
        open_ticket(db.session, item, user, vendor_staff=sees_all_customers(user))
        super().pre_add(item)
        _refuse_problems(item)

    def pre_update(self, item: Ticket) -> None:
        super().pre_update(item)
        history = inspect(item).attrs.status.history
        before = history.deleted[0] if history.deleted else item.status
        problem = transition_problem(before, item.status, item.report_closure_date)
        if problem:
            raise BadRequest(f"status: {problem}")
        _refuse_problems(item)


def _refuse_problems(item: Ticket) -> None:
    try:
        check_ticket(db.session, item, request_user())
    except TicketRuleError as error:
        raise BadRequest(str(error)) from error


class TicketActivityApi(PortalModelRestApi):
    resource_name = "ticket_activity"
    datamodel = PortalSQLAInterface(TicketActivity)
    class_permission_name = "TicketActivity"
    list_columns = show_columns = [
        "id",
        "ticket.id",
        "ticket.number",
        "activity_type",
        "text",
        "author.username",
        "created_at",
    ]
    add_columns = edit_columns = ["ticket", "activity_type", "text"]
    search_columns = ["ticket", "activity_type", "created_at"]
    order_columns = ["created_at", "activity_type"]
    base_order = ("created_at", "desc")

    def pre_add(self, item: TicketActivity) -> None:
        super().pre_add(item)
        user = request_user()
        problem = activity_problem(
            item.ticket, item.activity_type, vendor_staff=sees_all_customers(user)
        )
        if problem:
            raise BadRequest(f"activity_type: {problem}")
        item.author_id = request_user().id
