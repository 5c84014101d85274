"""Ticket rules that need no request: numbering, what a customer's request may set,
which systems and engineers a ticket may name, and who may add which activity. The
status workflow is in app.tickets.workflow."""

import re
from typing import Any

from flask_appbuilder.security.sqla.models import Role
from flask_babel import gettext
from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from app.assets.enums import AssetStatus
from app.assets.models import Asset
from app.security.models import PortalUser
from app.security.tenant import scoped, sees_all_customers
from app.tickets.enums import OPEN_STATUSES, ActivityType, Origin, TicketStatus
from app.tickets.models import Ticket, TicketNumberCounter

# Engineers are the vendor's service staff.
ENGINEER_ROLE = "Support"
# Digits with the usual separators, e.g. "+45 47 32 10 00", "(030) 450-1234 / 12".
_PHONE = re.compile(r"^\+?[0-9 ()./-]+$")
_MIN_PHONE_DIGITS = 6

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
    set the vendor's handling fields (service type included), whatever was posted."""
    (ticket.number,) = allocate_ticket_numbers(session)
    ticket.created_by_id = author.id
    ticket.status = TicketStatus.new
    if not vendor_staff:
        ticket.origin = Origin.internet
        ticket.service_type = None
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


def requestable_assets(user: Any) -> Select:
    """The systems ``user`` may open a ticket on: active assets of its scope."""
    return scoped(select(Asset).where(Asset.status == AssetStatus.active), Asset, user)


def engineers() -> Select:
    """The users a ticket may be assigned to: active Support staff."""
    return select(PortalUser).where(
        PortalUser.active.is_(True), PortalUser.roles.any(Role.name == ENGINEER_ROLE)
    )


class TicketRuleError(ValueError):
    """A ticket the rules refuse; the message names each field and what is wrong."""


def check_ticket(session: Session, ticket: Ticket, user: Any) -> None:
    """Raise TicketRuleError unless ``user`` may save ``ticket`` as it is. Pages and the
    API both call this before they save; the page forms also check each field."""
    with session.no_autoflush:
        problems = ticket_problems(session, ticket, user)
    if problems:
        raise TicketRuleError("; ".join(f"{field}: {text}" for field, text in problems.items()))


def ticket_problems(session: Session, ticket: Ticket, user: Any) -> dict[str, str]:
    """What is wrong with ``ticket`` as ``user`` is about to save it, by field name."""
    problems = {}
    vendor_staff = sees_all_customers(user)
    if ticket.asset is not None:
        # A new ticket names an active system of the user's scope; an edit (staff only)
        # any system of it. Checked here too, whatever the form or body let through.
        allowed = (
            requestable_assets(user) if ticket.id is None else scoped(select(Asset), Asset, user)
        )
        if session.scalar(allowed.where(Asset.id == ticket.asset.id)) is None:
            problems["asset"] = gettext("Choose an active system of your accounts.")
    if ticket.engineer is not None:
        is_engineer = session.scalar(
            engineers().where(PortalUser.id == ticket.engineer.id).with_only_columns(PortalUser.id)
        )
        if is_engineer is None:
            problems["engineer"] = gettext("The engineer must be an active Support user.")
    if not vendor_staff:
        if not (ticket.contact_name or "").strip():
            problems["contact_name"] = gettext("Name the person the engineer should call.")
        if not (ticket.contact_phone or "").strip():
            problems["contact_phone"] = gettext("Give a phone number the engineer can call.")
    phone_problem = contact_phone_problem(ticket.contact_phone)
    if phone_problem:
        problems["contact_phone"] = phone_problem
    return problems


def contact_phone_problem(phone: str | None) -> str | None:
    if not phone:
        return None
    digits = sum(ch.isdigit() for ch in phone)
    if not _PHONE.match(phone) or digits < _MIN_PHONE_DIGITS:
        return gettext(
            "Enter a phone number of digits, spaces and + ( ) - / . with at least %(n)s digits.",
            n=_MIN_PHONE_DIGITS,
        )
    return None
