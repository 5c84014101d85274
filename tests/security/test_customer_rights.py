"""Each cell of DOMAIN.md's role table, and FAB's defaults that would break them."""

from flask import g
from flask_login import login_user
from sqlalchemy import func, select
from werkzeug.exceptions import HTTPException

from app.accounts.models import Account, Customer
from app.assets.models import Asset
from app.extensions import appbuilder, db
from app.security.models import PortalUser
from app.tickets.models import Ticket
from tests.conftest import api_token, csrf_token, login


def own_and_foreign_asset() -> tuple[Asset, Asset]:
    zuh_user = db.session.scalar(select(PortalUser).where(PortalUser.username == "zuh.user"))
    own = db.session.scalar(select(Asset).where(Asset.account_id == zuh_user.accounts[0].id))
    foreign = db.session.scalar(
        select(Asset).join(Account).join(Customer).where(Customer.name == "Aarhus Medical Centre")
    )
    return own, foreign


def bearer(client, username):
    return {"Authorization": f"Bearer {api_token(client, username)}"}


# Custom device data ---------------------------------------------------------------


def test_a_manager_edits_the_custom_device_data_and_nothing_else(app, as_user):
    with app.app_context():
        own, _ = own_and_foreign_asset()
        pk, serial = own.id, own.serial_number
    client = as_user("zuh.manager")
    form = client.get(f"/asset-custom-data/edit/{pk}").text
    response = client.post(
        f"/asset-custom-data/edit/{pk}",
        data={
            "csrf_token": csrf_token(form),
            "custom_name": "MR 1 Neuro",
            "inventory_number": "INV-7",
            "department": "Neuroradiology, room 0.12",
            "note": "Quench pipe checked 2026",
            "serial_number": "HACKED",
            "status": "inactive",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/assetmodelview/show/{pk}")
    with app.app_context():
        asset = db.session.get(Asset, pk)
        assert (asset.custom_name, asset.department) == ("MR 1 Neuro", "Neuroradiology, room 0.12")
        assert asset.serial_number == serial and asset.status == "active"


def test_users_and_recipients_cannot_edit_custom_device_data(app, as_user):
    with app.app_context():
        own, _ = own_and_foreign_asset()
    for username in ("zuh.user", "zuh.recipient"):
        client = as_user(username)
        assert client.get(f"/asset-custom-data/edit/{own.id}").status_code in (302, 403)
        assert "Edit custom device data" not in client.get(f"/assetmodelview/show/{own.id}").text
        client.get("/logout/")


def test_a_manager_cannot_edit_another_customers_asset_nor_vendor_fields_by_api(
    app, client, as_user
):
    with app.app_context():
        own, foreign = own_and_foreign_asset()
    manager = as_user("zuh.manager")
    assert manager.get(f"/asset-custom-data/edit/{foreign.id}").status_code == 404
    assert manager.get(f"/assetmodelview/edit/{own.id}").status_code in (302, 403)
    response = client.put(
        f"/api/v1/asset/{own.id}",
        json={"serial_number": "HACKED"},
        headers=bearer(client, "zuh.manager"),
    )
    assert response.status_code == 403


# Tickets ----------------------------------------------------------------------------


def test_a_recipient_cannot_create_a_ticket_by_page_or_api(app, client, as_user):
    with app.app_context():
        own, _ = own_and_foreign_asset()
        before = db.session.scalar(select(func.count()).select_from(Ticket))
    recipient = as_user("zuh.recipient")
    assert "/ticketmodelview/add" not in recipient.get("/ticketmodelview/list/").text
    assert recipient.get("/ticketmodelview/add").status_code in (302, 403)
    response = client.post(
        "/api/v1/ticket/",
        headers=bearer(client, "zuh.recipient"),
        json={
            "asset": own.id,
            "priority": 2,
            "event_type": "corrective",
            "description": "x",
            "origin": "internet",
            "status": "new",
        },
    )
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Ticket)) == before


def test_a_users_ticket_arrives_as_internet_and_new_whatever_it_posts(app, client):
    with app.app_context():
        own, _ = own_and_foreign_asset()
        support_id = db.session.scalar(
            select(PortalUser.id).where(PortalUser.username == "support")
        )
    headers = bearer(client, "zuh.user")
    response = client.post(
        "/api/v1/ticket/",
        headers=headers,
        json={
            "asset": own.id,
            "priority": 2,
            "event_type": "corrective",
            "description": "Gantry stuck.",
            "contact_name": "Ida Holm",
            "contact_phone": "+45 47 32 10 00",
            "origin": "phone",
            "status": "closed",
            "engineer": support_id,
            "sap_notification_number": "999",
        },
    )
    assert response.status_code == 201, response.text
    ticket = client.get(f"/api/v1/ticket/{response.json['id']}", headers=headers).json["result"]
    assert (ticket["origin"], ticket["status"]) == ("internet", "new")
    assert ticket["sap_notification_number"] is None and ticket["engineer"] is None


def test_the_engineer_drop_down_lists_no_user_of_another_customer(client):
    info = client.get("/api/v1/ticket/_info", headers=bearer(client, "zuh.user")).json
    engineer = next(f for f in info["add_columns"] if f["name"] == "engineer")
    names = {value["value"] for value in engineer["values"]}
    assert not {"Anders Berg", "Astrid Lund", "Sam Support", "Ada Admin"} & names


def test_an_asset_cannot_take_a_contract_line_of_another_customer(app, client):
    with app.app_context():
        own, foreign = own_and_foreign_asset()
        foreign_contract = foreign.contract_id or db.session.scalar(
            select(Asset.contract_id).where(
                Asset.account_id == foreign.account_id, Asset.contract_id.is_not(None)
            )
        )
    response = client.put(
        f"/api/v1/asset/{own.id}",
        json={"contract": foreign_contract},
        headers=bearer(client, "support"),
    )
    assert response.status_code == 400
    assert "contract" in response.json["message"]


# FAB's defaults (FAB_PITFALLS) ------------------------------------------------------


def test_pitfall_1_an_action_never_reaches_a_row_outside_the_scope(app):
    view = next(v for v in appbuilder.baseviews if type(v).__name__ == "AssetModelView")
    touched = []

    class RecordingAction:
        name, multiple, single = "touch", True, True

        def func(self, items):
            touched.extend(asset.id for asset in items)
            return "done"

    with app.app_context():
        own, foreign = (asset.id for asset in own_and_foreign_asset())
    view.actions["touch"] = RecordingAction()
    try:
        for rows, expected in (([own], 200), ([own, foreign], 404)):
            with app.test_request_context(
                "/assetmodelview/action_post",
                method="POST",
                data={"action": "touch", "rowid": [str(r) for r in rows]},
            ):
                manager = db.session.scalar(
                    select(PortalUser).where(PortalUser.username == "zuh.manager")
                )
                login_user(manager)
                g.user = manager
                appbuilder.sm.has_access = lambda *a: True  # the action's own permission
                try:
                    status = 200 if view.action_post() == "done" else 0
                except HTTPException as refusal:
                    status = refusal.code
                finally:
                    del appbuilder.sm.has_access
            assert status == expected
    finally:
        del view.actions["touch"]
    assert touched == [own]  # the foreign row never reached the action


def test_pitfall_5_a_manager_cannot_use_fabs_reset_password_view(app, as_user):
    with app.app_context():
        admin_id = db.session.scalar(select(PortalUser.id).where(PortalUser.username == "admin"))
    manager = as_user("zuh.manager")
    assert manager.get(f"/resetpassword/form?pk={admin_id}").status_code in (302, 403)
    token = csrf_token(manager.get("/userinfoeditview/form").text)
    manager.post(
        f"/resetpassword/form?pk={admin_id}",
        data={"csrf_token": token, "password": "Taken-over-1", "conf_password": "Taken-over-1"},
    )
    assert "/login" not in login(app.test_client(), "admin").headers["Location"]


def test_pitfall_11_no_unscoped_security_api_and_no_self_registration(client):
    headers = bearer(client, "admin")
    for url in ("/api/v1/security/users/", "/api/v1/security/roles/"):
        assert client.get(url, headers=headers).status_code == 404
    assert client.get("/register/form").status_code == 404


def test_pitfall_15_no_file_is_served_by_name(as_user):
    client = as_user("support")
    for url in ("/assetmodelview/download/portal.db", "/ticketmodelview/download/x.pdf"):
        assert client.get(url).status_code == 404


# Scope edges ------------------------------------------------------------------------


def test_a_user_with_no_assigned_accounts_sees_nothing(app, client):
    with app.app_context():
        sm = appbuilder.sm
        zuh = db.session.scalar(select(Customer).where(Customer.name.like("Zealand%")))
        lonely = sm.add_user(
            "zuh.lonely",
            "Lone",
            "Ly",
            "lonely@zuh.example",
            sm.find_role("User"),
            password="Lonely-pass-1",
        )
        lonely.customer_id = zuh.id
        lonely.password_changed_at = lonely.created_on  # not expired: this test is on scope
        db.session.commit()
    headers = {"Authorization": f"Bearer {api_token(client, 'zuh.lonely', 'Lonely-pass-1')}"}
    for resource in ("account", "asset", "contract", "ticket", "ticket_activity"):
        assert client.get(f"/api/v1/{resource}/", headers=headers).json["count"] == 0


def test_an_unknown_code_in_a_filter_finds_nothing_instead_of_failing(client):
    headers = bearer(client, "support")
    response = client.get(
        "/api/v1/ticket/?q=(filters:!((col:status,opr:eq,value:x)))", headers=headers
    )
    assert response.status_code == 200 and response.json["count"] == 0


def test_customers_see_no_security_menu_and_no_user_list(as_user):
    for username in ("zuh.recipient", "zuh.user", "zuh.manager"):
        client = as_user(username)
        home = client.get("/").text
        for fab_page in (
            "/users/list/",
            "/roles/list/",
            "/permissions/list/",
            "/viewmenus/list/",
            "/permissionviews/list/",
            "/userstatschartview",
        ):
            assert fab_page not in home
            assert client.get(fab_page).status_code in (302, 403, 404), fab_page
        client.get("/logout/")


def test_users_and_recipients_cannot_manage_users(as_user):
    for username in ("zuh.recipient", "zuh.user"):
        client = as_user(username)
        assert client.get("/portal-users/list/").status_code in (302, 403)
        assert client.get("/portal-users/add").status_code in (302, 403)
        client.get("/logout/")


def test_pitfall_4_a_customer_role_without_a_customer_sees_nothing(app, client):
    with app.app_context():
        sm = appbuilder.sm
        orphan = sm.add_user(
            "orphan.user",
            "Or",
            "Phan",
            "orphan@example.com",
            sm.find_role("Manager"),
            password="Orphan-pass-1",
        )
        orphan.password_changed_at = orphan.created_on  # not expired: this test is on scope
        db.session.commit()
    headers = {"Authorization": f"Bearer {api_token(client, 'orphan.user', 'Orphan-pass-1')}"}
    for resource in ("account", "asset", "contract", "ticket", "ticket_activity"):
        assert client.get(f"/api/v1/{resource}/", headers=headers).json["count"] == 0
