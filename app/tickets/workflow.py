"""The ticket status workflow of DOMAIN.md, in one place for forms, the API and (with
the bulk edit) actions: New -> In progress -> Resolved -> Closed, Resolved may reopen to
In progress, and a Closed ticket is archived and read-only."""

from datetime import date

from flask_babel import gettext

from app.tickets.enums import TicketStatus

TRANSITIONS: dict[TicketStatus, set[TicketStatus]] = {
    TicketStatus.new: {TicketStatus.in_progress},
    TicketStatus.in_progress: {TicketStatus.resolved},
    TicketStatus.resolved: {TicketStatus.closed, TicketStatus.in_progress},
    TicketStatus.closed: set(),
}


class WorkflowError(ValueError):
    """A change the workflow refuses; its message is for people."""


def transition_problem(
    current: TicketStatus, target: TicketStatus, report_closure_date: date | None
) -> str | None:
    """Why a ticket in ``current`` may not move to ``target`` (None if it may)."""
    current, target = TicketStatus(current), TicketStatus(target)
    if current is TicketStatus.closed:
        return gettext("A closed ticket is archived and read-only.")
    if target is not current and target not in TRANSITIONS[current]:
        allowed = ", ".join(str(s) for s in sorted(TRANSITIONS[current])) or "-"
        return gettext(
            "Status cannot go from %(current)s to %(target)s (allowed next: %(allowed)s).",
            current=str(current),
            target=str(target),
            allowed=allowed,
        )
    if target is TicketStatus.resolved and report_closure_date is None:
        return gettext("Resolving a ticket needs the report closure date.")
    return None


def check_transition(
    current: TicketStatus, target: TicketStatus, report_closure_date: date | None
) -> None:
    problem = transition_problem(current, target, report_closure_date)
    if problem:
        raise WorkflowError(problem)
