"""Support's bulk edit of assets: Active/Inactive, and moves between accounts of the
same customer only; all or nothing, audited."""

from sqlalchemy import select

from app.accounts.models import Account
from app.assets.enums import AssetStatus
from app.assets.models import Asset
from app.audit.models import AuditEntry
from app.common.bulk import Selection
from app.extensions import db
from tests.conftest import csrf_token


def assets_of_customer(customer_id: int, count: int) -> list[Asset]:
    return db.session.scalars(
        select(Asset)
        .join(Account)
        .where(Account.customer_id == customer_id, Asset.status == AssetStatus.active)
        .order_by(Asset.id)
        .limit(count)
    ).all()


def post_bulk(client, rows: str, **changes):
    page = client.get("/assetmodelview/list/")
    data = {"rows": rows, "csrf_token": csrf_token(page.text), **changes}
    return client.post("/assetmodelview/bulk-edit", data=data, follow_redirects=True)


def last_audit(asset_id: int) -> dict:
    return db.session.scalars(
        select(AuditEntry.changes)
        .where(AuditEntry.entity_type == "Asset", AuditEntry.entity_id == asset_id)
        .order_by(AuditEntry.id.desc())
    ).first()


def customer_with_two_accounts() -> tuple[int, list[Account]]:
    for account in db.session.scalars(select(Account).order_by(Account.id)):
        siblings = account.customer.accounts
        if len(siblings) >= 2:
            return account.customer_id, list(siblings)
    raise AssertionError("the demo world has a customer with several sites")


def test_support_makes_assets_inactive_and_moves_them_within_their_customer(app, as_user):
    client = as_user("support")
    with app.app_context():
        _, accounts = customer_with_two_accounts()
        picked = db.session.scalars(
            select(Asset)
            .where(Asset.account_id == accounts[0].id, Asset.status == AssetStatus.active)
            .limit(2)
        ).all()
        target = accounts[1]
        rows, ids = Selection.of(picked).serialize(), [a.id for a in picked]
        old_account = accounts[0].id
    response = post_bulk(client, rows, status="inactive", account=str(target.id))
    assert "2 rows changed." in response.text
    with app.app_context():
        for pk in ids:
            asset = db.session.get(Asset, pk)
            assert (asset.status, asset.account_id) == (AssetStatus.inactive, target.id)
            assert last_audit(pk) == {
                "status": {"old": "active", "new": "inactive"},
                "account_id": {"old": old_account, "new": target.id},
            }
    # And back, so the demo world stays as it was for other tests.
    with app.app_context():
        rows = Selection.of([db.session.get(Asset, pk) for pk in ids]).serialize()
    post_bulk(client, rows, status="active", account=str(old_account))


def test_an_asset_never_moves_to_another_customers_account(app, as_user):
    client = as_user("support")
    with app.app_context():
        customer_id, _ = customer_with_two_accounts()
        picked = assets_of_customer(customer_id, 2)
        foreign = db.session.scalar(
            select(Account).where(Account.customer_id != customer_id).limit(1)
        )
        rows = Selection.of(picked).serialize()
        before = {a.id: (a.account_id, a.version) for a in picked}
        numbers = [a.asset_number for a in picked]
    response = post_bulk(client, rows, account=str(foreign.id))
    assert "Nothing was saved." in response.text
    assert all(number in response.text for number in numbers)
    assert "own customer" in response.text
    with app.app_context():
        after = {
            a.id: (a.account_id, a.version)
            for a in db.session.scalars(select(Asset).where(Asset.id.in_(list(before))))
        }
        assert after == before


def test_managers_cannot_bulk_edit_assets(app, as_user):
    client = as_user("zuh.manager")
    assert client.get("/assetmodelview/bulk-edit").status_code in (302, 403)
    list_page = client.get("/assetmodelview/list/").text
    assert "Bulk edit" not in list_page
