"""The landing page every logged-in user sees: its fleet at a glance, within its scope."""

from typing import Any

from flask import redirect, url_for
from flask_appbuilder import IndexView, expose
from flask_appbuilder.models.sqla.filters import FilterEqual
from sqlalchemy import func, select

from app.assets.models import Asset
from app.assets.state import OperationalState
from app.contracts.expiry import ExpiryStatus
from app.contracts.models import Contract
from app.extensions import appbuilder, db
from app.security.tenant import request_user, scope_clause
from app.tickets.enums import Priority
from app.tickets.models import Ticket


def _counts_by(model: type, column: Any, *conditions: Any) -> dict[Any, int]:
    """How many rows the current user sees, per value of ``column``: one statement."""
    statement = select(column, func.count()).select_from(model).where(*conditions)
    clause = scope_clause(model, request_user())
    if clause is not None:
        statement = statement.where(clause)
    return dict(db.session.execute(statement.group_by(column)).all())


def _filtered_list(view: str, **equal_to: Any) -> str:
    """The list page of ``view`` filtered to ``column == value`` for each pair, as its
    search form would link it (FAB numbers the filters of each column)."""
    instance = next(v for v in appbuilder.baseviews if type(v).__name__ == view)
    arguments = {}
    for column, value in equal_to.items():
        filters = instance._filters.get_search_filters()[column]
        index = next(i for i, flt in enumerate(filters) if type(flt) is FilterEqual)
        arguments[f"_flt_{index}_{column}"] = value
    return url_for(f"{view}.list", **arguments)


class HomeView(IndexView):
    route_base = ""
    index_template = "home.html"

    @expose("/")
    def index(self):
        if not request_user():
            return redirect(url_for("AuthDBView.login"))
        expiry = _counts_by(Contract, Contract.expiry_status)
        states = _counts_by(Asset, Asset.operational_state, Asset.status == "active")
        priorities = _counts_by(Ticket, Ticket.priority, Ticket.is_open)
        return self.render_template(
            self.index_template,
            appbuilder=self.appbuilder,
            contracts=[
                (
                    status,
                    expiry.get(status, 0),
                    _filtered_list("ContractModelView", expiry_status=status.value),
                )
                for status in ExpiryStatus
            ],
            systems=[
                (
                    state,
                    states.get(state, 0),
                    _filtered_list(
                        "AssetModelView", operational_state=state.value, status="active"
                    ),
                )
                for state in reversed(OperationalState)
            ],
            open_tickets=[
                (
                    priority,
                    priorities.get(int(priority), 0),
                    _filtered_list("TicketModelView", priority=int(priority), is_open="y"),
                )
                for priority in Priority
            ],
        )
