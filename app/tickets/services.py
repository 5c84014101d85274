"""Ticket rules that need no request: numbering and what a customer's request may set
(the status workflow joins them with the tickets issue)."""

from typing import Any

from flask_babel import gettext
from sqlalchemy import update
from sqlalchemy.orm import Session

from app.tickets.enums import OPEN_STATUSES, ActivityType, Origin, TicketStatus
from app.tickets.models import Ticket, TicketNumberCounter

TICKET_NUMBER_PREFIX = "SR-"
FIRST_TICKET_NUMBER = 1_000_001


def allocate_ticket_numbers(session: Session, count: int = 1) -> list[str]:
    """Reserve ``count`` consecutive ticket numbers, e.g. ``SR-1000001``."""
    statement = (
        update(TicketNumberCounter)
        .where(TicketNumberCounter.name == "ticket")
        .values(last_value=TicketNumberCounter.last_value + count)
        .returning(TicketNumberCounter.last_value)
    )
    last = session.execute(statement).scalar_one_or_none()
    if last is None:
        session.add(TicketNumberCounter(name="ticket", last_value=FIRST_TICKET_NUMBER - 1 + count))
        session.flush()
        last = FIRST_TICKET_NUMBER - 1 + count
    return [f"{TICKET_NUMBER_PREFIX}{n}" for n in range(last - count + 1, last + 1)]


def open_ticket(session: Session, ticket: Ticket, author: Any, *, vendor_staff: bool) -> None:
    """Number a new ticket and record its author. Every ticket starts the workflow as
    New; a customer's request always arrives as an Internet ticket, and customers never
    set the vendor's handling fields, whatever the request posted."""
    (ticket.number,) = allocate_ticket_numbers(session)
    ticket.created_by_id = author.id
    ticket.status = TicketStatus.new
    if not vendor_staff:
        ticket.origin = Origin.internet
        ticket.engineer = None
        ticket.sap_notification_number = None
        ticket.report_closure_date = None


# T2 activities are the vendor's second-line notes; customers neither see nor add them.
VENDOR_INTERNAL_ACTIVITIES = (ActivityType.t2,)


def activity_problem(
    ticket: Ticket | None, activity_type: Any, *, vendor_staff: bool
) -> str | None:
    """Why this activity may not be added to ``ticket`` (None if it may). Nobody writes
    on a closed ticket; customers add External remarks to their open tickets only."""
    if ticket is None:
        return None
    if ticket.status == TicketStatus.closed:
        return gettext("A closed ticket is archived and read-only.")
    if vendor_staff:
        return None
    if activity_type != ActivityType.external_remark:
        return gettext("You can add External remarks.")
    if ticket.status not in OPEN_STATUSES:
        return gettext("Remarks can be added while the ticket is open.")
    return None
