"""Holes a security review found in the login and user-administration work, each kept
closed by a test."""

from sqlalchemy import select

from app.accounts.models import Account, Customer
from app.audit.models import AuditEntry
from app.common.clock import now
from app.extensions import appbuilder, db
from app.security.models import PasswordHistory
from tests.conftest import api_token, csrf_token, login, restore_demo_login
from tests.security.helpers import change_own_password, user_named

NEW = "Fjord-lantern-42"


def test_a_revoked_token_sent_to_pages_lends_no_rights(app, client):
    admin_browser = app.test_client()
    login(admin_browser, "admin")
    revoked = api_token(client, "admin")
    try:
        assert change_own_password(admin_browser, "Demo-pass-2026", NEW).status_code == 302
        recipient = app.test_client()
        login(recipient, "zuh.recipient")
        headers = {"Authorization": f"Bearer {revoked}"}
        for page in ("/users/list/", "/roles/list/", "/auditlogview/list/"):
            assert recipient.get(page, headers=headers).status_code != 200, page
        assert client.get("/api/v1/asset/", headers=headers).status_code == 401
    finally:
        restore_demo_login(app, "admin")


def test_a_bearer_header_does_not_save_an_invalidated_session(app):
    old = app.test_client()
    login(old, "zuh.user")
    current = app.test_client()
    login(current, "zuh.user")
    try:
        change_own_password(current, "Demo-pass-2026", NEW)
        response = old.get("/assetmodelview/list/", headers={"Authorization": "Bearer x"})
        assert "/login" in response.headers["Location"]
    finally:
        restore_demo_login(app, "zuh.user")


def test_nobody_can_shadow_another_login_by_case_or_email(app, as_user):
    manager = as_user("amc.manager")
    with app.app_context():
        account = db.session.scalar(
            select(Account.id).join(Customer).where(Customer.name == "Aarhus Medical Centre")
        )
    for username in ("ADMIN", "admin@example.com", "Zuh.User"):
        form = manager.get("/portal-users/add").text
        page = manager.post(
            "/portal-users/add",
            data={
                "csrf_token": csrf_token(form),
                "username": username,
                "first_name": "S",
                "last_name": "H",
                "email": f"{username.replace('@', '.')}@shadow.example",
                "role": "User",
                "accounts": [str(account)],
                "new_password": NEW,
                "conf_password": NEW,
            },
        ).text
        assert "This user name is taken." in page or "cannot contain @" in page
    assert "/login" not in login(app.test_client(), "admin").headers["Location"]
    assert "/login" not in login(app.test_client(), "admin@example.com").headers["Location"]


def test_guessing_the_current_password_locks_the_account_and_ends_the_session(app, as_user):
    client = as_user("amc.user")
    try:
        for _ in range(5):
            assert (
                "not your current password" in change_own_password(client, "Guess-pass-1", NEW).text
            )
        assert "/login" in client.get("/").headers["Location"]
        assert "/login" in login(app.test_client(), "amc.user").headers["Location"]  # locked
    finally:
        restore_demo_login(app, "amc.user")


def test_re_enabling_a_user_does_not_revive_its_old_session_or_token(app, client):
    browser = app.test_client()
    login(browser, "amc.user")
    token = api_token(client, "amc.user")
    with app.app_context():
        user_named("amc.user").active = False
        db.session.commit()
        user_named("amc.user").active = True
        db.session.commit()
    try:
        assert "/login" in browser.get("/assetmodelview/list/").headers["Location"]
        headers = {"Authorization": f"Bearer {token}"}
        assert client.get("/api/v1/asset/", headers=headers).status_code == 401
    finally:
        restore_demo_login(app, "amc.user")


def test_a_managers_edit_keeps_the_accounts_it_cannot_see(app):
    with app.app_context():
        zuh_accounts = db.session.scalars(
            select(Account)
            .join(Customer)
            .where(Customer.name == "Zealand University Hospital")
            .order_by(Account.id)
        ).all()
        sm = appbuilder.sm
        narrow = sm.add_user(
            "zuh.narrow", "N", "M", "narrow@zuh.example", sm.find_role("Manager"), password=NEW
        )
        narrow.customer_id, narrow.accounts = zuh_accounts[0].customer_id, zuh_accounts[:1]
        narrow.password_changed_at = now()
        target = user_named("zuh.recipient")
        before = sorted(a.id for a in target.accounts)
        first_account = zuh_accounts[0].id
        db.session.commit()
        pk = target.id
    client = app.test_client()
    login(client, "zuh.narrow", NEW)
    form = client.get(f"/portal-users/edit/{pk}").text
    client.post(
        f"/portal-users/edit/{pk}",
        data={
            "csrf_token": csrf_token(form),
            "first_name": "Rikke",
            "last_name": "Nielsen-Berg",
            "email": "zuh.recipient@example.com",
            "role": "Recipient",
            "accounts": [str(first_account)],
            "active": "y",
        },
    )
    with app.app_context():
        target = user_named("zuh.recipient")
        assert target.last_name == "Nielsen-Berg"
        assert sorted(a.id for a in target.accounts) == before
        target.last_name = "Nielsen"
        db.session.commit()


def test_creating_a_user_audits_its_role_and_accounts(app, as_user):
    manager = as_user("zuh.manager")
    with app.app_context():
        account = user_named("zuh.manager").accounts[0]
    form = manager.get("/portal-users/add").text
    manager.post(
        "/portal-users/add",
        data={
            "csrf_token": csrf_token(form),
            "username": "zuh.audited",
            "first_name": "A",
            "last_name": "U",
            "email": "audited@zuh.example",
            "role": "Recipient",
            "accounts": [str(account.id)],
            "new_password": NEW,
            "conf_password": NEW,
        },
    )
    with app.app_context():
        created = db.session.scalar(
            select(AuditEntry).where(
                AuditEntry.entity_type == "PortalUser",
                AuditEntry.action == "create",
                AuditEntry.entity_id == user_named("zuh.audited").id,
            )
        )
        assert created.changes["roles"]["new"] == ["Recipient"]
        assert created.changes["accounts"]["new"] == [account.name]


def test_fabs_reset_page_names_the_broken_rule_and_404s_an_unknown_user(app, as_user):
    admin = as_user("admin")
    with app.app_context():
        pk = user_named("amc.user").id
    form = admin.get(f"/resetpassword/form?pk={pk}").text
    response = admin.post(
        f"/resetpassword/form?pk={pk}",
        data={
            "csrf_token": csrf_token(form),
            "password": "Amc.user-2026!",
            "conf_password": "Amc.user-2026!",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200 and "not to contain the user name" in response.text
    missing = admin.post(
        "/resetpassword/form?pk=99999",
        data={"csrf_token": csrf_token(form), "password": NEW, "conf_password": NEW},
    )
    assert missing.status_code == 404


def test_a_manager_without_a_customer_manages_nobody(app):
    with app.app_context():
        sm = appbuilder.sm
        for name, role in (("loose.mgr", "Manager"), ("loose.user", "User")):
            user = sm.add_user(
                name, "L", "M", f"{name}@example.com", sm.find_role(role), password=NEW
            )
            user.password_changed_at = now()
        db.session.commit()
        loose_user = user_named("loose.user").id
    client = app.test_client()
    login(client, "loose.mgr", NEW)
    assert client.get(f"/portal-users/set-password/{loose_user}").status_code == 404
    assert "loose.user" not in client.get("/portal-users/list/").text


def test_a_typed_password_is_never_stored_as_history(app, as_user):
    admin = as_user("admin")
    typed = "scrypt:Abc-123xy"
    with app.app_context():
        user_role = appbuilder.sm.find_role("User").id
    form = admin.get("/users/add").text
    admin.post(
        "/users/add",
        data={
            "csrf_token": csrf_token(form),
            "first_name": "P",
            "last_name": "T",
            "username": "plain.text",
            "email": "plain@text.example",
            "active": "y",
            "roles": [str(user_role)],
            "password": typed,
            "conf_password": typed,
        },
    )
    with app.app_context():
        user = user_named("plain.text")
        assert user is not None
        stored = set(
            db.session.scalars(
                select(PasswordHistory.password_hash).where(PasswordHistory.user_id == user.id)
            )
        )
        assert stored and typed not in stored and user.password != typed
