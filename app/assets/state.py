"""An asset's operational state, derived in SQL from its open tickets (DOMAIN.md):
Down while it has an open ticket of priority 1 or 2, Limited while one of priority 3
or 4, else Up."""

from flask_babel import lazy_gettext as _
from sqlalchemy import case, func, select, type_coerce
from sqlalchemy.orm import column_property

from app.assets.models import Asset
from app.common.enums import CodedEnum, enum_type
from app.tickets.enums import OPEN_STATUSES, Priority
from app.tickets.models import Ticket


class OperationalState(CodedEnum):
    up = "up", _("Up")
    limited = "limited", _("Limited")
    down = "down", _("Down")


DOWN_PRIORITIES = (Priority.urgent, Priority.system_down)
LIMITED_PRIORITIES = (Priority.limited, Priority.intermittent)


def operational_state(open_ticket_priorities: list[int]) -> OperationalState:
    """The Python form of the rule, for one asset's open tickets."""
    if any(p in DOWN_PRIORITIES for p in open_ticket_priorities):
        return OperationalState.down
    if any(p in LIMITED_PRIORITIES for p in open_ticket_priorities):
        return OperationalState.limited
    return OperationalState.up


# The most urgent open ticket decides: its priority is the lowest number. A correlated
# scalar subquery, evaluated for the rows a page shows: written as EXISTS, PostgreSQL
# planned it as a hashed scan of every open ticket (~200 ms at 1,000,000 tickets) even
# for a page of 25. correlate_except: the asset may come aliased (e.g. eagerly joined to
# a ticket), and the subquery must follow that alias rather than lose its FROM.
_MOST_URGENT_OPEN = (
    select(func.min(Ticket.priority))
    .where(Ticket.asset_id == Asset.id, Ticket.status.in_(OPEN_STATUSES))
    .correlate_except(Ticket)
    .scalar_subquery()
)
_STATE = case(
    (int(max(DOWN_PRIORITIES)) >= _MOST_URGENT_OPEN, OperationalState.down.value),
    (int(max(LIMITED_PRIORITIES)) >= _MOST_URGENT_OPEN, OperationalState.limited.value),
    else_=OperationalState.up.value,
)
# Tickets are defined after assets, so the derived column is attached here; importing
# app.assets.views (or this module) makes it part of the Asset mapping.
Asset.operational_state = column_property(type_coerce(_STATE, enum_type(OperationalState)))
