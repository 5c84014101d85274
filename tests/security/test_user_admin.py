"""A Manager runs its own customer's users through forms; nobody escalates."""

from sqlalchemy import select

from app.accounts.models import Account, Customer
from app.audit.models import AuditEntry
from app.extensions import db
from tests.conftest import csrf_token, login, restore_demo_login
from tests.security.helpers import user_named

STRONG = "Strong-pass-7"


def account_ids(customer_name: str) -> list[int]:
    return list(
        db.session.scalars(select(Account.id).join(Customer).where(Customer.name == customer_name))
    )


def add_user(client, **fields) -> str:
    form = client.get("/portal-users/add")
    assert form.status_code == 200
    data = {
        "csrf_token": csrf_token(form.text),
        "first_name": "Nora",
        "last_name": "Holm",
        "role": "User",
        "new_password": STRONG,
        "conf_password": STRONG,
        **fields,
    }
    return client.post("/portal-users/add", data=data, follow_redirects=True).text


def test_a_manager_lists_only_the_users_and_recipients_of_its_customer(as_user):
    page = as_user("zuh.manager").get("/portal-users/list/").text
    assert "zuh.user" in page and "zuh.recipient" in page
    for other in ("amc.user", "amc.manager", "support", ">admin<", "zuh.manager"):
        assert other not in page


def test_a_manager_creates_a_user_of_its_customer_whose_password_must_be_changed(app, as_user):
    client = as_user("zuh.manager")
    with app.app_context():
        zuh_accounts = account_ids("Zealand University Hospital")
    add_user(client, username="zuh.nora", email="nora@zuh.example", accounts=[str(zuh_accounts[0])])
    with app.app_context():
        nora = user_named("zuh.nora")
        assert nora is not None
        assert [r.name for r in nora.roles] == ["User"]
        assert nora.customer.name == "Zealand University Hospital"
        assert [a.id for a in nora.accounts] == [zuh_accounts[0]]
        assert nora.password_changed_at is None  # expired at once
        created = db.session.scalar(
            select(AuditEntry).where(
                AuditEntry.entity_type == "PortalUser", AuditEntry.entity_id == nora.id
            )
        )
        assert created.username == "zuh.manager" and created.action == "create"
        assert created.changes["password"] == {"old": None, "new": "changed"}


def test_a_weak_initial_password_is_refused_naming_each_broken_rule(app, as_user):
    client = as_user("zuh.manager")
    with app.app_context():
        account = account_ids("Zealand University Hospital")[0]
    page = add_user(
        client,
        username="zuh.weak",
        email="weak@zuh.example",
        accounts=[str(account)],
        new_password="zuh.weak",
        conf_password="zuh.weak",
    )
    for rule in ("an upper-case letter", "a digit", "not to contain the user name"):
        assert rule in page
    assert 'value="zuh.weak"' in page  # the form comes back filled in
    with app.app_context():
        assert user_named("zuh.weak") is None


def test_a_manager_cannot_appoint_an_admin_support_or_manager(app, as_user):
    client = as_user("zuh.manager")
    with app.app_context():
        account = account_ids("Zealand University Hospital")[0]
    for role in ("Admin", "Support", "Manager"):
        page = add_user(
            client,
            username=f"zuh.{role.lower()}2",
            email=f"{role}@zuh.example",
            accounts=[str(account)],
            role=role,
        )
        assert f"You may not give the role {role}" in page
        with app.app_context():
            assert user_named(f"zuh.{role.lower()}2") is None


def test_a_manager_cannot_assign_an_account_of_another_customer(app, as_user):
    client = as_user("zuh.manager")
    with app.app_context():
        foreign = account_ids("Aarhus Medical Centre")[0]
    add_user(client, username="zuh.forged", email="forged@zuh.example", accounts=[str(foreign)])
    with app.app_context():
        assert user_named("zuh.forged") is None


def test_a_manager_cannot_touch_another_customers_user_itself_or_vendor_staff(app, as_user):
    client = as_user("zuh.manager")
    with app.app_context():
        targets = [user_named(n).id for n in ("amc.user", "zuh.manager", "support", "admin")]
    token = csrf_token(client.get("/userinfoeditview/form").text)
    for pk in targets:
        assert client.get(f"/portal-users/edit/{pk}").status_code == 404
        forged = {
            "csrf_token": token,
            "first_name": "X",
            "last_name": "Y",
            "email": "x@y.z",
            "role": "User",
            "active": "",
        }
        assert client.post(f"/portal-users/edit/{pk}", data=forged).status_code == 404
        assert client.get(f"/portal-users/set-password/{pk}").status_code == 404
    with app.app_context():
        assert user_named("amc.user").active and user_named("support").active


def test_a_manager_disables_and_enables_a_user_and_it_is_audited(app, client, as_user):
    manager = as_user("zuh.manager")
    with app.app_context():
        recipient = user_named("zuh.recipient")
        pk, accounts = recipient.id, [str(a.id) for a in recipient.accounts]
    form = manager.get(f"/portal-users/edit/{pk}").text
    base = {
        "csrf_token": csrf_token(form),
        "first_name": "Rikke",
        "last_name": "Nielsen",
        "email": "zuh.recipient@example.com",
        "role": "Recipient",
        "accounts": accounts,
    }
    manager.post(f"/portal-users/edit/{pk}", data=base)  # "active" unticked: disabled
    with app.app_context():
        assert user_named("zuh.recipient").active is False
        change = db.session.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.entity_id == pk,
                AuditEntry.entity_type == "PortalUser",
                AuditEntry.action == "update",
            )
            .order_by(AuditEntry.id.desc())
        ).first()
        assert change.changes["active"] == {"old": True, "new": False}
    stranger = app.test_client()
    assert "/login/" in login(stranger, "zuh.recipient").headers["Location"]
    manager.post(f"/portal-users/edit/{pk}", data={**base, "active": "y"})
    with app.app_context():
        assert user_named("zuh.recipient").active is True


def test_nobody_can_disable_itself(app, as_user):
    admin = as_user("admin")
    with app.app_context():
        me = user_named("admin")
    form = admin.get(f"/portal-users/edit/{me.id}").text
    page = admin.post(
        f"/portal-users/edit/{me.id}",
        data={
            "csrf_token": csrf_token(form),
            "first_name": "Ada",
            "last_name": "Admin",
            "email": "admin@example.com",
            "role": "Admin",
        },
    ).text
    assert "You cannot disable yourself." in page
    with app.app_context():
        assert user_named("admin").active


def test_a_role_change_is_audited_with_old_and_new_roles(app, as_user):
    support = as_user("support")
    with app.app_context():
        target = user_named("amc.user")
        pk, accounts = target.id, [str(a.id) for a in target.accounts]
    form = support.get(f"/portal-users/edit/{pk}").text
    support.post(
        f"/portal-users/edit/{pk}",
        data={
            "csrf_token": csrf_token(form),
            "first_name": "Astrid",
            "last_name": "Lund",
            "email": "amc.user@example.com",
            "role": "Recipient",
            "accounts": accounts,
            "active": "y",
        },
    )
    with app.app_context():
        entry = db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_id == pk, AuditEntry.entity_type == "PortalUser")
            .order_by(AuditEntry.id.desc())
        ).first()
        assert entry.changes["roles"] == {"old": ["User"], "new": ["Recipient"]}
        assert entry.username == "support"
    support.post(
        f"/portal-users/edit/{pk}",
        data={
            "csrf_token": csrf_token(form),
            "first_name": "Astrid",
            "last_name": "Lund",
            "email": "amc.user@example.com",
            "role": "User",
            "accounts": accounts,
            "active": "y",
        },
    )


def test_users_are_never_deleted(app, as_user):
    manager = as_user("zuh.manager")
    with app.app_context():
        pk = user_named("zuh.user").id
    token = csrf_token(manager.get("/userinfoeditview/form").text)
    manager.post(f"/portal-users/delete/{pk}", data={"csrf_token": token})
    with app.app_context():
        assert user_named("zuh.user") is not None


def test_a_manager_sets_a_new_password_that_must_meet_the_policy(app, client, as_user):
    manager = as_user("zuh.manager")
    with app.app_context():
        pk = user_named("zuh.recipient").id
    form = manager.get(f"/portal-users/set-password/{pk}").text
    weak = manager.post(
        f"/portal-users/set-password/{pk}",
        data={
            "csrf_token": csrf_token(form),
            "new_password": "password",
            "conf_password": "password",
        },
    )
    assert "an upper-case letter" in weak.text
    manager.post(
        f"/portal-users/set-password/{pk}",
        data={"csrf_token": csrf_token(form), "new_password": STRONG, "conf_password": STRONG},
    )
    with app.app_context():
        assert user_named("zuh.recipient").password_changed_at is None
    assert login(app.test_client(), "zuh.recipient", STRONG).status_code == 302
    restore_demo_login(app, "zuh.recipient")
