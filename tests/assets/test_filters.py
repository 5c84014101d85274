"""The asset list's filters and quick search return exactly the matching rows: each is
compared with the same question answered in Python over the demo world."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from app.assets.models import Asset
from app.assets.search import QUICK_SEARCH_COLUMN
from app.assets.state import OperationalState
from app.common.clock import today
from app.contracts.expiry import ExpiryStatus, expiry_status
from app.extensions import appbuilder, db
from app.security.tenant import visible_account_ids
from tests.security.helpers import user_named


def asset_view():
    return next(v for v in appbuilder.baseviews if type(v).__name__ == "AssetModelView")


def arg(column: str, operation: str) -> str:
    """FAB's URL argument for one filter of the asset list."""
    filters = asset_view().new_filters()._all_filters[column]
    index = next(i for i, f in enumerate(filters) if f.arg_name == operation)
    return f"_flt_{index}_{column}"


def record_count(client, query: str) -> int:
    page = client.get(f"/assetmodelview/list/?{query}")
    assert page.status_code == 200
    found = re.search(r"Record Count:</strong>\s*(\d+)", page.text)
    return int(found.group(1)) if found else 0


def all_assets(username: str = "support") -> list[Asset]:
    statement = select(Asset)
    user = user_named(username)
    account_ids = visible_account_ids(user)
    if account_ids is not None:
        statement = statement.where(Asset.account_id.in_(account_ids))
    return db.session.scalars(statement).unique().all()


def quick_match(asset: Asset, text: str) -> bool:
    fields = (asset.asset_number, asset.serial_number, asset.udi, asset.technical_id)
    return any(text.lower() in (value or "").lower() for value in (*fields, asset.custom_name))


@pytest.mark.parametrize("text", ["mr1", "MR1", "0000004", "(01)", "zz-nothing"])
def test_quick_search_matches_any_identifier_ignoring_case(app, as_user, text):
    client = as_user("support")
    with app.app_context():
        expected = sum(quick_match(a, text) for a in all_assets())
    assert record_count(client, f"{arg(QUICK_SEARCH_COLUMN, 'qs')}={text}") == expected


def test_quick_search_finds_a_custom_name_and_stays_in_scope(app, as_user):
    client = as_user("zuh.user")
    with app.app_context():
        mine = all_assets("zuh.user")
        named = next(a for a in mine if a.custom_name)
        word = named.custom_name.split()[-1]
        expected = sum(quick_match(a, word) for a in mine)
        foreign_serial = db.session.scalar(
            select(Asset.serial_number).where(Asset.id.not_in([a.id for a in mine])).limit(1)
        )
    assert expected >= 1
    assert record_count(client, f"{arg(QUICK_SEARCH_COLUMN, 'qs')}={word}") == expected
    assert record_count(client, f"{arg(QUICK_SEARCH_COLUMN, 'qs')}={foreign_serial}") == 0


def test_contract_fields_filter_through_the_contract_line(app, as_user):
    client = as_user("support")
    with app.app_context():
        assets = all_assets()
        sample = next(a for a in assets if a.contract is not None).contract
        cases = {
            ("contract_number", "eq", sample.contract_number): lambda a: (
                a.contract and a.contract.contract_number == sample.contract_number
            ),
            ("product_item_number", "ct", sample.product_item_number[-4:].lower()): lambda a: (
                a.contract
                and sample.product_item_number[-4:].lower()
                in a.contract.product_item_number.lower()
            ),
            ("purchase_order", "eq", sample.purchase_order): lambda a: (
                a.contract and a.contract.purchase_order == sample.purchase_order
            ),
            ("product_item_description", "ct", "service"): lambda a: (
                a.contract and "service" in (a.contract.product_item_description or "").lower()
            ),
        }
        expected = {key: sum(bool(match(a)) for a in assets) for key, match in cases.items()}
    for (column, operation, value), count in expected.items():
        assert count > 0 or column == "product_item_description"
        assert record_count(client, f"{arg(column, operation)}={value}") == count, column


@pytest.mark.parametrize("colour", list(ExpiryStatus))
def test_the_expiry_colour_filter_matches_the_python_rule(app, as_user, colour):
    client = as_user("support")
    with app.app_context():
        expected = sum(
            1
            for a in all_assets()
            if a.contract and expiry_status((a.contract.end_date - today()).days) == colour
        )
    assert expected > 0
    assert record_count(client, f"{arg('contract_expiry', 'eq')}={colour.value}") == expected


def test_customer_account_product_type_status_and_state_filters(app, as_user):
    client = as_user("support")
    with app.app_context():
        assets = all_assets()
        sample = assets[0]
        customer_id, account_id = sample.account.customer_id, sample.account_id
        expected = {
            f"{arg('customer_id', 'eq')}={customer_id}": sum(
                a.account.customer_id == customer_id for a in assets
            ),
            f"{arg('account', 'rel_o_m')}={account_id}": sum(
                a.account_id == account_id for a in assets
            ),
            f"{arg('product_type', 'eq')}=CT": sum(a.product_type.value == "CT" for a in assets),
            f"{arg('status', 'eq')}=inactive": sum(a.status.value == "inactive" for a in assets),
            f"{arg('operational_state', 'eq')}={OperationalState.down.value}": sum(
                a.operational_state == OperationalState.down.value for a in assets
            ),
        }
    for query, count in expected.items():
        assert count > 0, query
        assert record_count(client, query) == count, query


def test_an_installation_date_range_is_two_filters(app, as_user):
    client = as_user("support")
    start, end = date(2015, 1, 1), date(2019, 12, 31)
    with app.app_context():
        expected = sum(
            1 for a in all_assets() if a.installation_date and start < a.installation_date < end
        )
    column = "installation_date"
    query = f"{arg(column, 'gt')}={start}&{arg(column, 'lt')}={end}"
    assert expected > 0
    assert record_count(client, query) == expected


def test_a_customer_cannot_widen_its_list_with_another_customers_filter(app, as_user):
    client = as_user("amc.user")
    with app.app_context():
        zuh = user_named("zuh.user").customer_id
    assert record_count(client, f"{arg('customer_id', 'eq')}={zuh}") == 0
    options = client.get("/assetmodelview/list/").text.split('name="customer_id"')
    assert len(options) < 2 or "Zealand" not in options[1].split("</select>")[0]
