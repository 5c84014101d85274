"""CSV and XLSX export of asset, contract and ticket lists: every matching row (not only
the page), within the user's scope, formula-like cells neutralised."""

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.assets.models import Asset
from app.common.export import neutralise
from app.contracts.models import Contract
from app.extensions import db
from app.security.tenant import visible_account_ids
from app.tickets.models import Ticket
from tests.assets.test_filters import arg, quick_match
from tests.security.helpers import user_named


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200, response.text[:500]
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def xlsx_rows(response) -> list[list]:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("text", ["mr1", "0000"])
def test_the_asset_export_holds_every_row_the_search_matches(app, as_user, text):
    client = as_user("support")
    with app.app_context():
        expected = {
            a.asset_number for a in db.session.scalars(select(Asset)) if quick_match(a, text)
        }
    query = f"{arg('asset_number', 'qs')}={text}&psize_AssetModelView=10"
    response = client.get(f"/assetmodelview/export/csv?{query}")
    assert response.is_streamed
    rows = csv_rows(response)
    assert {row["Asset ID"] for row in rows} == expected
    assert len(rows) == len(expected) > 10 or text == "mr1"  # more than the page shown


@pytest.mark.parametrize("username", ["zuh.user", "amc.manager", "zuh.recipient"])
def test_a_customers_export_holds_its_own_rows_only(app, as_user, username):
    client = as_user(username)
    with app.app_context():
        account_ids = visible_account_ids(user_named(username))
        assets = set(
            db.session.scalars(select(Asset.asset_number).where(Asset.account_id.in_(account_ids)))
        )
        contracts = set(
            db.session.scalars(
                select(Contract.contract_number).where(Contract.account_id.in_(account_ids))
            )
        )
        tickets = set(
            db.session.scalars(
                select(Ticket.number).join(Asset).where(Asset.account_id.in_(account_ids))
            )
        )
    exported_assets = {r["Asset ID"] for r in csv_rows(client.get("/assetmodelview/export/csv"))}
    exported_contracts = {
        r["Service contract"] for r in csv_rows(client.get("/contractmodelview/export/csv"))
    }
    exported_tickets = {
        r["Ticket number"] for r in csv_rows(client.get("/ticketmodelview/export/csv"))
    }
    assert exported_assets == assets and exported_contracts == contracts
    assert exported_tickets == tickets


def test_the_xlsx_export_opens_with_every_row_and_typed_cells(app, as_user):
    client = as_user("support")
    with app.app_context():
        total = db.session.scalar(select(db.func.count(Ticket.id)))
    rows = xlsx_rows(client.get("/ticketmodelview/export/xlsx"))
    header, body = rows[0], rows[1:]
    assert len(body) == total
    created = header.index("Created")
    priority = header.index("Priority")
    assert all(hasattr(row[created], "year") for row in body)  # real dates, not text
    assert {row[priority] for row in body} <= {
        "1 Urgent need",
        "2 System down",
        "3 Limited system functionality",
        "4 Intermittent problem",
        "5 Scheduled activity",
    }


def test_the_export_follows_the_lists_order(as_user):
    client = as_user("support")
    rows = csv_rows(
        client.get(
            "/contractmodelview/export/csv?_oc_ContractModelView=end_date&_od_ContractModelView=desc"
        )
    )
    ends = [row["End date"] for row in rows]
    assert ends == sorted(ends, reverse=True)


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://evil.example")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB"]
)
def test_formula_like_text_is_neutralised_in_both_formats(app, as_user, text):
    with app.app_context():
        asset = db.session.scalar(select(Asset).order_by(Asset.id).limit(1))
        pk, old, number = asset.id, asset.custom_name, asset.asset_number
        asset.custom_name = text
        db.session.commit()
    try:
        client = as_user("support")
        query = f"{arg('asset_number', 'eq')}={number}"
        (row,) = csv_rows(client.get(f"/assetmodelview/export/csv?{query}"))
        assert row["Custom asset name"] == "'" + text
        header, cells = xlsx_rows(client.get(f"/assetmodelview/export/xlsx?{query}"))
        assert cells[header.index("Custom asset name")] == "'" + text
    finally:
        with app.app_context():
            db.session.get(Asset, pk).custom_name = old
            db.session.commit()


def test_numbers_stay_numbers_and_plain_text_is_untouched():
    assert neutralise("Roskilde Hospital") == "Roskilde Hospital"
    assert neutralise("-45 days") == "'-45 days"


def test_an_unknown_format_and_a_visitor_get_nothing(client, as_user):
    assert client.get("/assetmodelview/export/csv").status_code == 302  # to the login
    assert as_user("support").get("/assetmodelview/export/pdf").status_code == 404
