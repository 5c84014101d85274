"""The landing page every logged-in user sees: its fleet at a glance."""

from flask import redirect, url_for
from flask_appbuilder import IndexView, expose
from flask_login import current_user
from sqlalchemy import func, select

from app.assets.enums import AssetStatus
from app.assets.models import Asset
from app.contracts.enums import ContractStatus
from app.contracts.models import Contract
from app.extensions import db
from app.security.tenant import request_user, scope_clause
from app.tickets.enums import OPEN_STATUSES
from app.tickets.models import Ticket


def _scoped_count(model: type, *conditions) -> int:
    statement = select(func.count()).select_from(model).where(*conditions)
    clause = scope_clause(model, request_user())
    if clause is not None:
        statement = statement.where(clause)
    return db.session.scalar(statement) or 0


class HomeView(IndexView):
    route_base = ""
    index_template = "home.html"

    @expose("/")
    def index(self):
        if not current_user.is_authenticated:
            return redirect(url_for("AuthDBView.login"))
        figures = {
            "assets": _scoped_count(Asset, Asset.status == AssetStatus.active),
            "contracts": _scoped_count(Contract, Contract.status == ContractStatus.active),
            "open_tickets": _scoped_count(Ticket, Ticket.status.in_(OPEN_STATUSES)),
        }
        return self.render_template(self.index_template, appbuilder=self.appbuilder, **figures)
