"""The test world: the demo data (three customers, every role), loaded once per run
into a real database: a SQLite file by default, PostgreSQL when ``DATABASE_URL`` says so.
"""

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

# Fixed before anything reads the clock, so dates and colours are reproducible.
TEST_TODAY = "2026-06-15"
os.environ["PORTAL_TODAY"] = TEST_TODAY
os.environ.setdefault("PORTAL_DEMO", "1")

from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from sqlalchemy import event, text  # noqa: E402

from app import create_app  # noqa: E402
from app.demo import DEMO_PASSWORD, load_demo_data  # noqa: E402
from app.extensions import db  # noqa: E402
from app.setup import prepare_database  # noqa: E402


def _test_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'portal-test.db'}"


def _empty_database() -> None:
    """Start from nothing: the tests also prove that the migrations build the schema."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    else:
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    os.environ["DATABASE_URL"] = _test_database_url(tmp_path_factory)
    import config

    config.SQLALCHEMY_DATABASE_URI = config.database_url()
    # Many logins per minute from one address: the rate-limit test lowers it itself.
    application = create_app(
        {"TESTING": True, "SERVER_NAME": "localhost", "PORTAL_LOGIN_RATE_LIMIT": "10000/minute"}
    )
    with application.app_context():
        _empty_database()
        prepare_database()
        assert load_demo_data()
    yield application


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def app_context(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield
        db.session.rollback()


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token in the form"
    return match.group(1)


def login(client: FlaskClient, username: str, password: str = DEMO_PASSWORD):
    """Log in through the real login page (CSRF token included)."""
    page = client.get("/login/")
    return client.post(
        "/login/",
        data={"username": username, "password": password, "csrf_token": csrf_token(page.text)},
    )


def api_token(client: FlaskClient, username: str, password: str = DEMO_PASSWORD) -> str:
    response = client.post(
        "/api/v1/security/login",
        json={"username": username, "password": password, "provider": "db", "refresh": True},
    )
    assert response.status_code == 200, response.text
    return response.json["access_token"]


@pytest.fixture
def as_user(client: FlaskClient):
    """``as_user("zuh.user")`` logs the test client in and returns it."""

    def _login(username: str) -> FlaskClient:
        response = login(client, username)
        assert response.status_code == 302, f"login of {username} failed"
        assert "/login" not in response.headers["Location"], f"login of {username} refused"
        return client

    return _login


@contextmanager
def count_statements(app: Flask) -> Iterator[list[str]]:
    """Collect every SQL statement sent while the block runs."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def restore_demo_login(app: Flask, username: str) -> None:
    """Put a demo user back as the world had it (its demo password, not expired), after
    a test that changed its password or disabled it."""
    from werkzeug.security import generate_password_hash

    from app.common.clock import now
    from app.security.models import PortalUser

    with app.app_context():
        user = db.session.query(PortalUser).filter_by(username=username).one()
        user.password_history.clear()
        user.password = generate_password_hash(DEMO_PASSWORD)
        user.password_changed_at = now()
        user.sessions_valid_after = None
        user.locked_until = None
        user.fail_login_count = 0
        user.active = True
        db.session.commit()
