"""Every registered page and API endpoint, walked for every role on an own and a
foreign row. Generated from the app's URL map, so a view added later is covered
without anyone remembering to add it here."""

import pytest
from flask import Flask
from flask_appbuilder import ModelView
from flask_appbuilder.api import ModelRestApi
from sqlalchemy import func, select

from app.accounts.models import Account, Customer
from app.assets.models import Asset
from app.common.filters import TenantScopeFilter
from app.contracts.models import Contract
from app.extensions import appbuilder, db
from app.security.models import PortalUser, user_account
from app.security.user_admin import ManageableUsersFilter
from app.tickets.models import Ticket, TicketActivity
from tests.conftest import api_token, login

CUSTOMER_ROLES = {"Recipient": "zuh.recipient", "User": "zuh.user", "Manager": "zuh.manager"}
ALL_ROLES = {**CUSTOMER_ROLES, "Support": "support", "Admin": "admin"}
# Vendor-only pages: not tenant-scoped, so no customer role may hold any permission on
# them (checked below).
VENDOR_ONLY = {
    "AuditLog",
    "PortalUserDBModelView",
    "RoleModelView",
    "UserGroupModelView",
    "PermissionModelView",
    "ViewMenuModelView",
    "PermissionViewModelView",
    "ResetPasswordView",
    "SwaggerView",
    "MenuApi",
}


# Permissions that only ever show the caller itself.
SELF_ONLY = {("can_userinfo", "PortalUserDBModelView")}


def scoped_views() -> list:
    return [
        view
        for view in appbuilder.baseviews
        if isinstance(view, ModelView | ModelRestApi) and type(view).__module__.startswith("app.")
    ]


def _filter_classes(view) -> set[type]:
    return {flt[1] for flt in (view.base_filters or [])}


def test_every_domain_view_and_api_carries_the_tenant_scope(app):
    unscoped = [
        type(view).__name__
        for view in scoped_views()
        if not _filter_classes(view) & {TenantScopeFilter, ManageableUsersFilter}
        and view.class_permission_name not in VENDOR_ONLY
    ]
    assert unscoped == []


def test_no_customer_role_holds_a_permission_on_a_vendor_only_page(app):
    with app.app_context():
        users = {u.username: u for u in db.session.query(PortalUser)}
        for role, username in CUSTOMER_ROLES.items():
            for view in appbuilder.baseviews:
                name = getattr(view, "class_permission_name", type(view).__name__)
                if name not in VENDOR_ONLY:
                    continue
                for perm in view.base_permissions or []:
                    if (perm, name) in SELF_ONLY:
                        continue
                    assert not appbuilder.sm._has_view_access(users[username], perm, name), (
                        role,
                        perm,
                        name,
                    )


def _own_and_foreign_ids(model: type) -> tuple[int, int]:
    """A row zuh.user's customer roles can all see, and a row of Aarhus Medical Centre."""
    zuh_user = db.session.scalar(select(PortalUser).where(PortalUser.username == "zuh.user"))
    own_accounts = select(user_account.c.account_id).where(user_account.c.user_id == zuh_user.id)
    amc_accounts = select(Account.id).join(Customer).where(Customer.name == "Aarhus Medical Centre")

    if model not in (PortalUser, Customer, Account, Asset, Contract, Ticket, TicketActivity):
        # Vendor-only records (the audit log): customers may not open any.
        any_row = db.session.scalar(select(func.min(model.id)))
        return any_row, any_row

    def first(accounts) -> int:
        if model is PortalUser:
            names = {"own": "zuh.recipient", "foreign": "amc.user"}
            key = "own" if accounts is own_accounts else "foreign"
            return db.session.scalar(select(PortalUser.id).where(PortalUser.username == names[key]))
        query = {
            Customer: select(Customer.id).join(Account).where(Account.id.in_(accounts)),
            Account: select(Account.id).where(Account.id.in_(accounts)),
            Asset: select(Asset.id).where(Asset.account_id.in_(accounts)),
            Contract: select(Contract.id).where(Contract.account_id.in_(accounts)),
            Ticket: select(Ticket.id).join(Asset).where(Asset.account_id.in_(accounts)),
            TicketActivity: select(TicketActivity.id)
            .join(Ticket)
            .join(Asset)
            .where(Asset.account_id.in_(accounts)),
        }[model]
        return db.session.scalar(query.order_by(query.selected_columns[0]).limit(1))

    return first(own_accounts), first(amc_accounts)


def _pk_endpoints(app: Flask) -> list[tuple[str, str, str, object]]:
    """(url template, method, endpoint, view) for every route of our views taking a pk."""
    views = {type(v).__name__: v for v in scoped_views()}
    routes = []
    for rule in app.url_map.iter_rules():
        blueprint = rule.endpoint.split(".")[0]
        if blueprint not in views or "pk" not in rule.arguments:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((rule.rule, method, rule.endpoint, views[blueprint]))
    return routes


def _permission_for(view, endpoint: str) -> tuple[str, str]:
    method = endpoint.split(".")[1]
    mapped = (view.method_permission_name or {}).get(method, method)
    return f"can_{mapped}", view.class_permission_name


def _may(user, view, endpoint: str) -> bool:
    permission, resource = _permission_for(view, endpoint)
    return permission in view.base_permissions and appbuilder.sm._has_view_access(
        user, permission, resource
    )


def _fill(url: str, pk: int) -> str:
    url = url.replace("<pk>", str(pk)).replace("<int:pk>", str(pk))
    return url.replace("<string:name>", "any_action")


def _csrf(client) -> str:
    from tests.conftest import csrf_token

    return csrf_token(client.get("/userinfoeditview/form").text)


@pytest.mark.parametrize("role", list(CUSTOMER_ROLES))
def test_every_pk_route_answers_404_for_a_foreign_row_and_never_shows_it(app, client, role):
    username = CUSTOMER_ROLES[role]
    with app.app_context():
        routes = _pk_endpoints(app)
        user = db.session.scalar(select(PortalUser).where(PortalUser.username == username))
        cases = []
        for url, method, endpoint, view in routes:
            own, foreign = _own_and_foreign_ids(view.datamodel.obj)
            foreign = foreign or 1
            cases.append((url, method, endpoint, view, own, foreign, _may(user, view, endpoint)))
    assert len(cases) > 20
    token = api_token(client, username)
    login(client, username)
    csrf = _csrf(client)
    problems = []
    for url, method, _endpoint, view, _own, foreign, allowed in cases:
        foreign_url = _fill(url, foreign)
        if isinstance(view, ModelRestApi):
            headers = {"Authorization": f"Bearer {token}"}
            response = client.open(foreign_url, method=method, headers=headers, json={})
        else:  # a page: a forged form post carries a valid CSRF token of the session
            data = {"csrf_token": csrf} if method == "POST" else None
            response = client.open(foreign_url, method=method, data=data)
        expected = {404} if allowed else {302, 403, 404, 405}
        if response.status_code not in expected:
            problems.append((role, method, foreign_url, response.status_code))
    assert problems == []


@pytest.mark.parametrize("role", list(ALL_ROLES))
def test_every_readable_show_page_and_api_get_opens_an_own_row(app, client, role):
    username = ALL_ROLES[role]
    with app.app_context():
        user = db.session.scalar(select(PortalUser).where(PortalUser.username == username))
        cases = []
        for url, method, endpoint, view in _pk_endpoints(app):
            if method != "GET" or endpoint.split(".")[1] not in ("show", "get"):
                continue
            own, _foreign = _own_and_foreign_ids(view.datamodel.obj)
            if own is None:
                continue  # an empty table (the audit log early in the run) has no row to open
            allowed = _may(user, view, endpoint)
            if role in CUSTOMER_ROLES and view.datamodel.obj is PortalUser:
                allowed = allowed and role == "Manager"
            cases.append(
                (
                    url.replace("<pk>", str(own)).replace("<int:pk>", str(own)),
                    isinstance(view, ModelRestApi),
                    allowed,
                )
            )
    token = api_token(client, username)
    login(client, username)
    problems = []
    for url, is_api, allowed in cases:
        headers = {"Authorization": f"Bearer {token}"} if is_api else {}
        status = client.get(url, headers=headers).status_code
        if allowed != (status == 200):
            problems.append((role, url, status, allowed))
    assert problems == []


def test_without_login_every_route_asks_for_one(app, client):
    public = {
        "AuthDBView.login",
        "SecurityApi.login",
        "SecurityApi.refresh",
        "static",
        "appbuilder.static",
        "LocaleView.index",
        "HomeView.index",
        "UtilView.back",
    }
    problems = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in public or "GET" not in rule.methods:
            continue
        url = rule.rule
        for argument in rule.arguments:
            url = url.replace(f"<{argument}>", "1").replace(f"<int:{argument}>", "1")
            url = url.replace(f"<string:{argument}>", "x").replace(f"<path:{argument}>", "x")
        status = client.get(url).status_code
        if status not in (302, 401, 404, 405):
            problems.append((url, status))
    assert problems == []
