import pytest

from app.demo import DEMO_LOGINS
from tests.conftest import api_token, login, restore_demo_login

USERNAMES = [username for username, _role, _customer in DEMO_LOGINS]


@pytest.mark.parametrize("username", USERNAMES)
def test_every_demo_login_works_on_the_login_page(client, username):
    response = login(client, username)
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert username in client.get("/users/userinfo/").text


@pytest.mark.parametrize("username", USERNAMES)
def test_every_demo_login_gets_an_api_token(client, username):
    token = api_token(client, username)
    response = client.get("/api/v1/asset/", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_a_wrong_password_is_refused_on_both_doors(app, client):
    login(client, "zuh.user", "Wrong-pass-2026")
    assert client.get("/assetmodelview/list/").status_code == 302  # back to the login page
    response = client.post(
        "/api/v1/security/login",
        json={"username": "zuh.user", "password": "Wrong-pass-2026", "provider": "db"},
    )
    assert response.status_code == 401
    restore_demo_login(app, "zuh.user")  # its failures must not add up to a lock
