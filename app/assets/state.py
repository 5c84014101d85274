"""An asset's operational state, derived in SQL from its open tickets (DOMAIN.md):
Down while it has an open ticket of priority 1 or 2, Limited while one of priority 3
or 4, else Up."""

from flask_babel import lazy_gettext as _
from sqlalchemy import case, exists, select, type_coerce
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


def _open_ticket_with(priorities: tuple[Priority, ...]):
    # correlate_except: the asset may come aliased (e.g. eagerly joined to a ticket),
    # and the subquery must follow that alias rather than lose its FROM.
    return exists(
        select(Ticket.id)
        .where(
            Ticket.asset_id == Asset.id,
            Ticket.status.in_(OPEN_STATUSES),
            Ticket.priority.in_([int(p) for p in priorities]),
        )
        .correlate_except(Ticket)
    )


_STATE = case(
    (_open_ticket_with(DOWN_PRIORITIES), OperationalState.down.value),
    (_open_ticket_with(LIMITED_PRIORITIES), OperationalState.limited.value),
    else_=OperationalState.up.value,
)
# Tickets are defined after assets, so the derived column is attached here; importing
# app.assets.views (or this module) makes it part of the Asset mapping.
Asset.operational_state = column_property(type_coerce(_STATE, enum_type(OperationalState)))
