"""The first promise: a customer's user sees its assigned accounts' rows and nothing of
any other customer. (The roles issue widens this to a matrix over every view.)"""

from sqlalchemy import func, select

from app.accounts.models import Account, Customer
from app.assets.models import Asset
from app.extensions import db
from app.security.models import PortalUser
from app.tickets.models import Ticket
from tests.conftest import api_token, csrf_token


def assets_of(customer_name: str) -> list[Asset]:
    return db.session.scalars(
        select(Asset).join(Account).join(Customer).where(Customer.name == customer_name)
    ).all()


def test_zuh_user_lists_only_the_assets_of_its_assigned_accounts(app, client):
    with app.app_context():
        user = db.session.scalar(select(PortalUser).where(PortalUser.username == "zuh.user"))
        assigned = {a.id for a in user.accounts}
        expected = db.session.scalars(select(Asset.id).where(Asset.account_id.in_(assigned)))
        expected = set(expected)
    headers = {"Authorization": f"Bearer {api_token(client, 'zuh.user')}"}
    listed = client.get("/api/v1/asset/?q=(page_size:100)", headers=headers).json
    assert {row["id"] for row in listed["result"]} == expected
    assert listed["count"] == len(expected)


def test_a_foreign_asset_answers_404_on_page_and_api(app, client, as_user):
    with app.app_context():
        foreign = assets_of("Aarhus Medical Centre")[0].id
    headers = {"Authorization": f"Bearer {api_token(client, 'zuh.manager')}"}
    assert client.get(f"/api/v1/asset/{foreign}", headers=headers).status_code == 404
    page_client = as_user("zuh.manager")
    assert page_client.get(f"/assetmodelview/show/{foreign}").status_code == 404


def test_amc_user_sees_no_row_of_zealand(app, client):
    headers = {"Authorization": f"Bearer {api_token(client, 'amc.user')}"}
    for resource in ("account", "asset", "contract", "ticket"):
        rows = client.get(f"/api/v1/{resource}/?q=(page_size:100)", headers=headers).json
        text = str(rows["result"])
        assert rows["count"] > 0
        assert "Zealand" not in text and "Roskilde" not in text and "Køge" not in text


def test_a_post_naming_another_customers_asset_is_refused_and_nothing_is_saved(app, client):
    with app.app_context():
        foreign = assets_of("Aarhus Medical Centre")[0].id
        before = db.session.scalar(select(func.count()).select_from(Ticket))
    headers = {"Authorization": f"Bearer {api_token(client, 'zuh.user')}"}
    body = {
        "asset": foreign,
        "priority": 2,
        "event_type": "corrective",
        "description": "Forged request on a system of another customer.",
        "origin": "internet",
        "status": "new",
    }
    response = client.post("/api/v1/ticket/", json=body, headers=headers)
    assert response.status_code == 400
    assert "asset" in response.json["message"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Ticket)) == before


def test_an_activity_on_another_customers_ticket_is_refused(app, client):
    with app.app_context():
        foreign_ticket = db.session.scalar(
            select(Ticket.id).where(
                Ticket.asset_id.in_([a.id for a in assets_of("Aarhus Medical Centre")])
            )
        )
    headers = {"Authorization": f"Bearer {api_token(client, 'zuh.user')}"}
    response = client.post(
        "/api/v1/ticket_activity/",
        json={"ticket": foreign_ticket, "activity_type": "external_remark", "text": "hi"},
        headers=headers,
    )
    assert response.status_code == 400


def test_a_forged_asset_in_the_ticket_form_is_rejected_and_nothing_is_saved(app, as_user):
    with app.app_context():
        foreign = assets_of("Aarhus Medical Centre")[0].id
        before = db.session.scalar(select(func.count()).select_from(Ticket))
    client = as_user("zuh.user")
    form = client.get("/ticketmodelview/add")
    assert f'value="{foreign}"' not in form.text  # the drop-down lists own systems only
    response = client.post(
        "/ticketmodelview/add",
        data={
            "csrf_token": csrf_token(form.text),
            "asset": str(foreign),
            "priority": "2",
            "event_type": "corrective",
            "description": "Forged request on a system of another customer.",
            "origin": "internet",
            "status": "new",
        },
    )
    assert response.status_code == 200  # the form again, with the asset flagged
    assert "This field is required." in response.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Ticket)) == before
