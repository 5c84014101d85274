"""Support's bulk edit of tickets: status (through the workflow), priority and engineer,
for many tickets in one action (app.common.bulk does the set-based writing)."""

from collections import defaultdict
from typing import Any

from flask_babel import gettext
from sqlalchemy.orm import Session

from app.common.bulk import (
    BulkEditError,
    Selection,
    apply_update,
    load_for_edit,
    refuse_blocked_rows,
    refuse_changed_rows,
)
from app.security.models import PortalUser
from app.tickets.enums import Priority, TicketStatus
from app.tickets.models import Ticket
from app.tickets.services import engineers
from app.tickets.workflow import transition_problem


def bulk_edit_tickets(
    session: Session,
    user: Any,
    selection: Selection,
    *,
    status: TicketStatus | None = None,
    priority: int | None = None,
    engineer: PortalUser | None = None,
) -> int:
    """Set the given fields on every selected ticket, or on none: each row must pass the
    status workflow (a Closed ticket is read-only) and be unchanged since it was
    selected. Returns the number of tickets changed."""
    values: dict[str, Any] = {}
    if status is not None:
        values["status"] = TicketStatus(status)
    if priority is not None:
        values["priority"] = int(Priority(priority))
    if engineer is not None:
        if session.scalar(engineers().where(PortalUser.id == engineer.id)) is None:
            raise BulkEditError(gettext("The engineer must be an active Support user."))
        values["engineer_id"] = engineer.id
    if not values:
        raise BulkEditError(gettext("Choose at least one change."))
    rows = load_for_edit(
        session,
        Ticket,
        selection,
        user,
        [
            Ticket.number,
            Ticket.status,
            Ticket.priority,
            Ticket.engineer_id,
            Ticket.report_closure_date,
        ],
    )
    refuse_changed_rows(rows, selection, lambda row: row.number)
    problems: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        target = values.get("status", row.status)
        problem = transition_problem(row.status, target, row.report_closure_date)
        if problem:
            problems[problem].append(row.number)
    refuse_blocked_rows(problems)
    return apply_update(session, Ticket, rows, values, user)
