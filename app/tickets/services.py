"""Ticket rules that need no request: numbering (the workflow joins it later)."""

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.tickets.models import TicketNumberCounter

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


def ticket_counter_value(session: Session) -> int | None:
    return session.scalar(
        select(TicketNumberCounter.last_value).where(TicketNumberCounter.name == "ticket")
    )
