"""The Equipment Service Portal: ``create_app()`` builds the Flask application."""

from pathlib import Path
from typing import Any

from flask import Flask, g, request
from flask_babel import lazy_gettext as _
from sqlalchemy import inspect

from app.common.database import enforce_sqlite_foreign_keys
from app.extensions import appbuilder, csrf, db, migrate
from app.security import roles
from app.security.login_api import login_rate_limit
from app.security.password_policy import fab_password_validator

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the application; ``overrides`` replace settings of ``config.py``."""
    app = Flask(__name__)
    app.config.from_object("config")
    app.config.update(overrides or {})
    _require_secret_key(app)
    roles.configure_roles(app)
    app.config["FAB_PASSWORD_COMPLEXITY_VALIDATOR"] = fab_password_validator
    app.config["AUTH_RATE_LIMIT"] = login_rate_limit  # the login page; the API: login_api

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR)
    csrf.init_app(app)  # before the APIs register, so they can exempt themselves

    with app.app_context():
        enforce_sqlite_foreign_keys(db.engine)
        appbuilder.init_app(app, db.session)
        _register_views()
        _register_apis()
        if _schema_exists():
            roles.sync_roles(appbuilder.sm)
    _guard_sessions(app)

    from app.cli import register_commands

    register_commands(app)
    _audit_domain_changes()
    return app


def _audit_domain_changes() -> None:
    from app.accounts.models import Account, Customer
    from app.assets.models import Asset
    from app.audit.services import track
    from app.contracts.models import Contract
    from app.security.models import PortalUser
    from app.tickets.models import Ticket, TicketActivity

    for model in (Customer, Account, Asset, Contract, Ticket, TicketActivity):
        track(model)
    track(PortalUser, collections=("roles", "accounts"))


def _guard_sessions(app: Flask) -> None:
    """Registered after FAB's own before_request, which puts the user on ``g``."""
    from flask_login import user_logged_in

    from app.security import login, password_policy

    app.before_request(login.end_invalidated_session)
    user_logged_in.connect(lambda sender, user: login.remember_login_time(), app, weak=False)

    @app.context_processor
    def _password_banner():
        def password_expiry_warning():
            user = getattr(g, "user", None)
            if user is None or not getattr(user, "is_authenticated", False):
                return None
            return password_policy.password_expiry_warning(user)

        return {"password_expiry_warning": password_expiry_warning}

    @app.after_request
    def _login_page_is_never_cached(response):
        if request.endpoint == "AuthDBView.login":
            response.headers["Cache-Control"] = "no-store"
        return response


def _require_secret_key(app: Flask) -> None:
    if app.config.get("SECRET_KEY"):
        return
    if app.debug or app.testing or app.config.get("PORTAL_DEMO"):
        app.config["SECRET_KEY"] = "development-only-not-secret-never-use-in-production"
        return
    raise RuntimeError("SECRET_KEY must be set (see README, Configuration).")


def _schema_exists() -> bool:
    return inspect(db.engine).has_table("ab_role")


def _register_views() -> None:
    from app.accounts.views import AccountModelView, CustomerModelView
    from app.assets.import_views import InstalledBaseImportView
    from app.assets.views import AssetCustomDataView, AssetModelView
    from app.audit.views import AuditLogView
    from app.contracts.views import ContractModelView
    from app.security.user_admin import CustomerUserView
    from app.tickets.views import TicketActivityModelView, TicketModelView

    fleet, service, admin = "Fleet", "Service", "Administration"
    appbuilder.add_view(
        AssetModelView,
        "Assets",
        label=_("Assets"),
        icon="fa-heartbeat",
        category=fleet,
        category_label=_("Fleet"),
        category_icon="fa-hospital-o",
    )
    appbuilder.add_view(
        ContractModelView,
        "Contracts",
        label=_("Contracts"),
        icon="fa-file-text-o",
        category=fleet,
    )
    appbuilder.add_view(
        InstalledBaseImportView,
        "Import installed base",
        label=_("Import installed base"),
        icon="fa-upload",
        category=fleet,
    )
    appbuilder.add_view(
        TicketModelView,
        "Tickets",
        label=_("Tickets"),
        icon="fa-wrench",
        category=service,
        category_label=_("Service"),
        category_icon="fa-life-ring",
    )
    appbuilder.add_view_no_menu(AssetCustomDataView)
    appbuilder.add_view_no_menu(TicketActivityModelView)
    appbuilder.add_view(
        CustomerModelView,
        "Customers",
        label=_("Customers"),
        icon="fa-building",
        category=admin,
        category_label=_("Administration"),
        category_icon="fa-cogs",
    )
    appbuilder.add_view(
        AccountModelView,
        "Accounts",
        label=_("Accounts"),
        icon="fa-map-marker",
        category=admin,
    )
    appbuilder.add_view(
        CustomerUserView, "Users", label=_("Users"), icon="fa-users", category=admin
    )
    appbuilder.add_view(
        AuditLogView,
        "Audit",
        label=_("Audit log"),
        icon="fa-history",
        category=admin,
    )


def _register_apis() -> None:
    from app.accounts.api import AccountApi
    from app.assets.api import AssetApi
    from app.contracts.api import ContractApi
    from app.tickets.api import TicketActivityApi, TicketApi

    for api in (AccountApi, AssetApi, ContractApi, TicketApi, TicketActivityApi):
        appbuilder.add_api(api)
