"""The asset list's filters and quick search return exactly the matching rows: each is
compared with the same question answered in Python over the demo world."""

import html
import json
import re
from datetime import date

import pytest
from sqlalchemy import select

from app.accounts.models import Account
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
    assert (
        "Zealand" not in client.get(f"/assetmodelview/list/?{arg('customer_id', 'eq')}={zuh}").text
    )


def choices(client, view: str, column: str, text: str = "") -> list[str]:
    response = client.get(f"/{view}/filter-choices/{column}?q={text}")
    assert response.status_code == 200
    return [row["text"] for row in response.json["results"]]


def test_account_and_customer_filters_offer_only_rows_of_the_users_scope(app, as_user):
    client = as_user("amc.user")
    with app.app_context():
        user = user_named("amc.user")
        own_accounts = sorted(f"{a.name} ({a.customer.name})" for a in user.accounts)
        own_customer = user.customer.name
    assert choices(client, "assetmodelview", "account") == own_accounts
    assert choices(client, "contractmodelview", "account") == own_accounts
    assert choices(client, "assetmodelview", "customer_id") == [own_customer]
    assert choices(client, "assetmodelview", "customer_id", "Zealand") == []

    client.get("/logout/")
    support = as_user("support")
    every = choices(support, "assetmodelview", "customer_id")
    assert own_customer in every and any("Zealand" in name for name in every)
    found = choices(support, "assetmodelview", "account", "roskilde")
    assert found and all("roskilde" in name.lower() for name in found)


def test_filter_choices_answer_only_for_type_ahead_filters_of_readers(app, as_user, client):
    assert client.get("/assetmodelview/filter-choices/account").status_code in (302, 401)
    recipient = as_user("zuh.recipient")
    assert choices(recipient, "assetmodelview", "account")
    assert recipient.get("/assetmodelview/filter-choices/serial_number").status_code == 404
    assert recipient.get("/assetmodelview/filter-choices/no_such_column").status_code == 404


def filter_script_arguments(page: str) -> list:
    """What FAB's filter script receives: labels, each field's HTML, the filter
    names of each column, the active filters."""
    script = page.split("new AdminFilters(")[1].split(");")[0]
    arguments = [line.strip().rstrip(",") for line in script.strip().splitlines()]
    return [json.loads(argument) for argument in arguments[1:]]


def search_form_fields(page: str) -> dict[str, str]:
    return filter_script_arguments(page)[1]


def test_the_list_names_the_account_it_is_filtered_by_and_renders_no_other(app, as_user):
    client = as_user("support")
    with app.app_context():
        accounts = db.session.scalars(select(Account).order_by(Account.name)).all()
        chosen = accounts[0]
        chosen_text = f"{chosen.name} ({chosen.customer.name})"
    filtered = client.get(f"/assetmodelview/list/?{arg('account', 'rel_o_m')}={chosen.id}").text
    field = search_form_fields(filtered)["account"]
    assert "portal-remote-select" in field
    assert re.findall(r"<option[^>]*>[^<]*</option>", field) == [
        f'<option value="{chosen.id}">{html.escape(chosen_text, quote=False)}</option>'
    ]
    unfiltered = search_form_fields(client.get("/assetmodelview/list/").text)
    assert "<option" not in unfiltered["account"] + unfiltered["customer_id"]


def test_related_filters_read_equal_to_rather_than_fabs_relation(app, as_user):
    names = filter_script_arguments(as_user("support").get("/assetmodelview/list/").text)[2]
    assert names["account"] == ["Equal to", "Not equal to"]
