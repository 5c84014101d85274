"""Small steps several security tests take."""

from sqlalchemy import select

from app.extensions import db
from app.security.models import PortalUser
from tests.conftest import csrf_token


def user_named(username: str) -> PortalUser | None:
    return db.session.scalar(select(PortalUser).where(PortalUser.username == username))


def change_own_password(client, current: str, new: str, confirm: str | None = None):
    """Through the real change form, as its owner would."""
    form = client.get("/resetmypassword/form")
    assert form.status_code == 200
    return client.post(
        "/resetmypassword/form",
        data={
            "csrf_token": csrf_token(form.text),
            "current_password": current,
            "password": new,
            "conf_password": confirm or new,
        },
    )
