"""Login security through the real login flows: lockout, equal answers for every
failure, rate limits, cookies, CSRF, caching and redirects."""

import importlib
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.extensions import db
from app.security import login as login_rules
from app.security.models import PortalUser
from tests.conftest import TEST_TODAY, csrf_token, login, restore_demo_login

WRONG = "Wrong-pass-2026"


def api_login(client, username, password, address="127.0.0.1"):
    return client.post(
        "/api/v1/security/login",
        json={"username": username, "password": password, "provider": "db"},
        environ_base={"REMOTE_ADDR": address},
    )


def page_refused(client, username, password) -> bool:
    return "/login" in login(client, username, password).headers["Location"]


def test_five_failures_in_a_row_lock_both_doors_for_15_minutes_and_are_audited(
    app, client, monkeypatch
):
    try:
        for _ in range(3):
            assert page_refused(app.test_client(), "amc.user", WRONG)
        for _ in range(3):
            assert api_login(client, "amc.user", WRONG).status_code == 401
        # The sixth attempt, with the right password: still locked, on both doors.
        assert page_refused(app.test_client(), "amc.user", "Demo-pass-2026")
        assert api_login(client, "amc.user", "Demo-pass-2026").status_code == 401
        with app.app_context():
            user = db.session.scalar(select(PortalUser).where(PortalUser.username == "amc.user"))
            actions = [
                e.action
                for e in db.session.scalars(
                    select(AuditEntry)
                    .where(AuditEntry.entity_id == user.id, AuditEntry.entity_type == "PortalUser")
                    .order_by(AuditEntry.id)
                )
            ]
            assert actions.count("login_failed") >= 6 and "locked" in actions
        later = date.fromisoformat(TEST_TODAY) + timedelta(days=1)
        monkeypatch.setenv("PORTAL_TODAY", later.isoformat())  # the lock has run out
        assert api_login(client, "amc.user", "Demo-pass-2026").status_code == 200
    finally:
        restore_demo_login(app, "amc.user")


def test_every_failure_gets_the_same_answer(app, client):
    with app.app_context():
        disabled = db.session.scalar(select(PortalUser).where(PortalUser.username == "amc.user"))
        disabled.active = False
        db.session.commit()
    try:
        attempts = [("nobody.here", WRONG), ("zuh.user", WRONG), ("amc.user", "Demo-pass-2026")]
        api_answers = {api_login(client, u, p).get_data(as_text=True) for u, p in attempts}
        assert len(api_answers) == 1
        page_answers = set()
        for username, password in attempts:
            browser = app.test_client()
            response = login(browser, username, password)
            page_answers.add((response.status_code, response.headers["Location"]))
            page_answers.add(_flash_of(browser))
        assert len(page_answers) == 2  # one redirect, one message
    finally:
        restore_demo_login(app, "amc.user")
        restore_demo_login(app, "zuh.user")  # its failures must not add up to a lock


def _flash_of(browser) -> str:
    import re

    page = browser.get("/login/").text
    return " ".join(re.findall(r'class="alert[^"]*"[^>]*>(.*?)</div>', page, re.S)).strip()


def test_every_failure_costs_one_password_hash_check(app, monkeypatch):
    """Equal work, hence about equal time, whether the user is unknown, disabled,
    locked or just mistyped its password."""
    checks = []
    real_check = login_rules.check_password_hash
    monkeypatch.setattr(
        login_rules, "check_password_hash", lambda h, p: checks.append(1) or real_check(h, p)
    )
    sm = app.appbuilder.sm
    with app.test_request_context():
        for username, password in (("nobody.here", WRONG), ("zuh.user", WRONG)):
            checks.clear()
            assert login_rules.authenticate(sm, username, password) is None
            assert len(checks) == 1, username
    restore_demo_login(app, "zuh.user")


@pytest.mark.parametrize("door", ["page", "api"])
def test_a_per_address_rate_limit_guards_both_login_doors(app, door):
    app.config["PORTAL_LOGIN_RATE_LIMIT"] = "3 per minute"
    address = f"10.9.9.{1 if door == 'page' else 2}"
    client = app.test_client()
    try:
        statuses = []
        for _ in range(4):
            if door == "api":
                statuses.append(api_login(client, "nobody.here", WRONG, address).status_code)
            else:
                form = client.get("/login/", environ_base={"REMOTE_ADDR": address}).text
                statuses.append(
                    client.post(
                        "/login/",
                        environ_base={"REMOTE_ADDR": address},
                        data={
                            "username": "nobody.here",
                            "password": WRONG,
                            "csrf_token": csrf_token(form),
                        },
                    ).status_code
                )
        assert statuses[-1] == 429 and 429 not in statuses[:3]
    finally:
        app.config["PORTAL_LOGIN_RATE_LIMIT"] = "10000/minute"


def test_session_cookie_is_httponly_and_samesite_lax(app):
    response = login(app.test_client(), "zuh.user")
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_cookies_are_secure_outside_demo_use(monkeypatch):
    import config

    monkeypatch.delenv("PORTAL_DEMO")
    try:
        assert importlib.reload(config).SESSION_COOKIE_SECURE is True
    finally:
        monkeypatch.setenv("PORTAL_DEMO", "1")
        importlib.reload(config)


def test_a_form_post_without_csrf_token_is_refused(as_user):
    client = as_user("zuh.manager")
    response = client.post("/portal-users/add", data={"username": "no.token"})
    assert response.status_code == 400


def test_the_login_page_is_never_cached(client):
    assert client.get("/login/").headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("target", ["https://evil.example", "//evil.example", "/\\evil.example"])
def test_next_never_leaves_the_site(client, target):
    page = client.get(f"/login/?next={target}").text
    response = client.post(
        f"/login/?next={target}",
        data={"username": "zuh.user", "password": "Demo-pass-2026", "csrf_token": csrf_token(page)},
    )
    location = response.headers["Location"]
    assert urlsplit(location).netloc in ("", "localhost")
    assert not location.startswith(("//", "/\\"))  # browsers read both as another host
