"""The password policy on every path that stores a password, and expiry."""

import re
from datetime import date, timedelta

import pytest

from app.extensions import db
from app.security.password_policy import password_problems
from tests.conftest import TEST_TODAY, api_token, csrf_token, login, restore_demo_login
from tests.security.helpers import change_own_password, user_named

NEW = "Fjord-lantern-42"


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        ("Sh0rt!", "at least 8 characters"),
        ("lower-only-42", "an upper-case letter"),
        ("UPPER-ONLY-42", "a lower-case letter"),
        ("No-digits-here", "a digit"),
        ("NoSpecial42x", "a special character"),
        ("Zuh.user-2026", "not to contain the user name"),
        ("Password1!", "not to be a commonly used password"),
        ("Qwerty123!", "not to be a commonly used password"),
    ],
)
def test_each_rule_is_named_when_broken(app_context, password, rule):
    assert rule in password_problems(password, "zuh.user")


def test_a_good_password_breaks_no_rule(app_context):
    assert password_problems(NEW, "zuh.user") == []


def test_the_change_form_lists_the_rules_and_asks_for_the_current_password(app, as_user):
    client = as_user("zuh.user")
    form = client.get("/resetmypassword/form").text
    assert 'id="current_password"' in form and "an upper-case letter" in form
    wrong = change_own_password(client, "Not-my-pass-1", NEW)
    assert "This is not your current password." in wrong.text
    weak = change_own_password(client, "Demo-pass-2026", "weakpassword")
    assert "an upper-case letter" in weak.text and "a digit" in weak.text


def test_none_of_the_last_five_passwords_comes_back(app, as_user):
    client = as_user("amc.manager")
    current = "Demo-pass-2026"
    try:
        for n in range(4):  # the demo password and four new ones: the last five
            assert change_own_password(client, current, f"Harbour-light-{n}!").status_code == 302
            current = f"Harbour-light-{n}!"
        for previous in ("Demo-pass-2026", "Harbour-light-0!", current):
            assert "last 5 passwords" in change_own_password(client, current, previous).text
        assert change_own_password(client, current, "Harbour-light-4!").status_code == 302
        # Now the demo password is six back, and may return.
        assert change_own_password(client, "Harbour-light-4!", "Demo-pass-2026").status_code == 302
    finally:
        restore_demo_login(app, "amc.manager")


def test_a_change_ends_every_other_session_and_token_but_not_this_one(app, client, as_user):
    other_browser = app.test_client()
    assert "/login" not in login(other_browser, "zuh.user").headers["Location"]
    old_token = api_token(client, "zuh.user")
    me = as_user("zuh.user")
    try:
        assert change_own_password(me, "Demo-pass-2026", NEW).status_code == 302
        assert me.get("/assetmodelview/list/").status_code == 200  # still signed in
        assert "/login" in other_browser.get("/assetmodelview/list/").headers["Location"]
        api = client.get("/api/v1/asset/", headers={"Authorization": f"Bearer {old_token}"})
        assert api.status_code == 401
        assert (
            client.get(
                "/api/v1/asset/",
                headers={"Authorization": f"Bearer {api_token(client, 'zuh.user', NEW)}"},
            ).status_code
            == 200
        )
    finally:
        restore_demo_login(app, "zuh.user")


def test_disabling_a_user_ends_its_sessions_and_tokens(app, client):
    browser = app.test_client()
    login(browser, "amc.user")
    token = api_token(client, "amc.user")
    with app.app_context():
        user_named("amc.user").active = False
        db.session.commit()
    try:
        assert "/login" in browser.get("/assetmodelview/list/").headers["Location"]
        response = client.get("/api/v1/asset/", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
    finally:
        restore_demo_login(app, "amc.user")


def test_fab_admin_user_form_and_reset_page_refuse_a_weak_password(app, as_user):
    admin = as_user("admin")
    form = admin.get("/users/add").text
    admin.post(
        "/users/add",
        data={
            "csrf_token": csrf_token(form),
            "first_name": "W",
            "last_name": "K",
            "username": "weak.admin.made",
            "email": "w@k.example",
            "active": "y",
            "password": "weakpassword",
            "conf_password": "weakpassword",
        },
    )
    with app.app_context():
        assert user_named("weak.admin.made") is None
        target = user_named("amc.user")
    reset = admin.get(f"/resetpassword/form?pk={target.id}").text
    page = admin.post(
        f"/resetpassword/form?pk={target.id}",
        data={
            "csrf_token": csrf_token(reset),
            "password": "weakpassword",
            "conf_password": "weakpassword",
        },
    ).text
    assert "an upper-case letter" in page
    assert "/login" not in login(app.test_client(), "amc.user").headers["Location"]


def test_the_command_line_refuses_a_weak_password_naming_the_rules(app):
    from flask_appbuilder.cli import create_user, reset_password

    runner = app.test_cli_runner()
    user_options = [
        "--role",
        "User",
        "--username",
        "cli.user",
        "--firstname",
        "C",
        "--lastname",
        "L",
        "--email",
        "c@l.example",
        "--password",
    ]
    result = runner.invoke(create_user, [*user_options, "weakpassword"])
    assert result.exit_code != 0
    assert "an upper-case letter" in result.output and "a digit" in result.output
    with app.app_context():
        assert user_named("cli.user") is None
    result = runner.invoke(reset_password, ["--username", "amc.user", "--password", "weak"])
    assert result.exit_code != 0 and "an upper-case letter" in result.output
    assert runner.invoke(create_user, [*user_options, NEW]).exit_code == 0
    with app.app_context():
        created = user_named("cli.user")
        assert created is not None and created.password_changed_at is None  # to be changed


def _moved(monkeypatch, days: int) -> None:
    monkeypatch.setenv(
        "PORTAL_TODAY", (date.fromisoformat(TEST_TODAY) + timedelta(days=days)).isoformat()
    )


def test_after_90_days_every_page_leads_to_the_change_form_and_the_api_says_why(
    app, client, monkeypatch
):
    token = api_token(client, "zuh.recipient")
    _moved(monkeypatch, 91)
    browser = app.test_client()
    login(browser, "zuh.recipient")
    for page in ("/", "/assetmodelview/list/", "/ticketmodelview/list/"):
        response = browser.get(page)
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/resetmypassword/form")
    assert "has expired" in browser.get("/resetmypassword/form").text
    api = client.get("/api/v1/asset/", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 403
    assert "expired" in api.json["message"] and "/resetmypassword/form" in api.json["message"]


def test_a_banner_warns_in_the_last_14_days(app, monkeypatch):
    browser = app.test_client()
    _moved(monkeypatch, 80)
    login(browser, "zuh.recipient")
    page = browser.get("/").text
    assert re.search(r"Your password expires in 1\d days", page)
    _moved(monkeypatch, 60)
    assert "Your password expires" not in browser.get("/").text


def test_a_password_set_by_a_manager_must_be_changed_at_first_login(app, as_user):
    manager = as_user("zuh.manager")
    with app.app_context():
        pk = user_named("zuh.recipient").id
    form = manager.get(f"/portal-users/set-password/{pk}").text
    manager.post(
        f"/portal-users/set-password/{pk}",
        data={"csrf_token": csrf_token(form), "new_password": NEW, "conf_password": NEW},
    )
    try:
        browser = app.test_client()
        login(browser, "zuh.recipient", NEW)
        assert browser.get("/").headers["Location"].endswith("/resetmypassword/form")
        assert change_own_password(browser, NEW, "Glacier-mint-77").status_code == 302
        assert browser.get("/").status_code == 200
    finally:
        restore_demo_login(app, "zuh.recipient")
