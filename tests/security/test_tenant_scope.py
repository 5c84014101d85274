"""The first promise: a customer's user sees its assigned accounts' rows and nothing of
any other customer. (The roles issue widens this to a matrix over every view.)"""

from sqlalchemy import select

from app.accounts.models import Account, Customer
from app.assets.models import Asset
from app.extensions import db
from app.security.models import PortalUser
from tests.conftest import api_token


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
