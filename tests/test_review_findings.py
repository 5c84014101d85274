"""Regressions for what the review of the tickets, bulk-edit, export and import work
found: each was reproduced before its fix."""

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.accounts.models import Account
from app.assets.models import Asset
from app.audit.enums import AuditAction
from app.audit.models import AuditEntry
from app.extensions import db
from app.security.tenant import visible_account_ids
from app.tickets.models import Ticket
from tests.assets.test_import import CONTRACT_HEADER, csv_file, upload
from tests.conftest import api_token, csrf_token
from tests.security.helpers import user_named
from tests.tickets.test_requests import foreign_asset, own_asset, request_body


def test_a_url_filter_cannot_put_a_foreign_system_into_a_request(app, as_user):
    client = as_user("zuh.user")
    with app.app_context():
        foreign, before = (
            foreign_asset("zuh.user").id,
            db.session.scalar(select(func.count(Ticket.id))),
        )
    form = client.get("/ticketmodelview/add")
    response = client.post(
        f"/ticketmodelview/add?_flt_0_asset={foreign}",
        data={**request_body(foreign), "csrf_token": csrf_token(form.text)},
    )
    assert response.status_code == 200  # the form again (the URL's asset field is hidden)
    with app.app_context():
        assert db.session.scalar(select(func.count(Ticket.id))) == before


def test_a_customer_cannot_set_the_service_type_through_the_api(app, client):
    headers = {"Authorization": f"Bearer {api_token(client, 'amc.user')}"}
    with app.app_context():
        asset_id = own_asset("amc.user").id
    body = {
        **request_body(asset_id, customer_reference="AMC-API-1"),
        "asset": asset_id,
        "priority": 3,
        "service_type": "depot",
    }
    created = client.post("/api/v1/ticket/", json=body, headers=headers)
    assert created.status_code == 201, created.text
    shown = client.get(f"/api/v1/ticket/{created.json['id']}", headers=headers).json["result"]
    assert shown["service_type"] is None


def test_an_import_never_moves_an_asset_or_a_contract_line_to_another_customer(app, as_user):
    client = as_user("support")
    with app.app_context():
        amc_asset = db.session.scalar(
            select(Asset).join(Account).where(Account.account_number.like("A-3%")).limit(1)
        )
        row = {
            "Asset ID": amc_asset.asset_number,
            "Asset description": amc_asset.description,
            "Product type": amc_asset.product_type.value,
            "Serial number": amc_asset.serial_number,
            "Account number": "A-2001",  # a Zealand site
        }
        line = amc_asset.contract
    header = list(row)
    found = upload(client, csv_file([row], header), apply=True)
    assert "nothing was saved" in found and "moves only between" in found
    contract_row = {
        "Service contract": line.contract_number,
        "Product item number": line.product_item_number,
        "Product item description": line.product_item_description,
        "Ship-to account number": "A-2001",
        "Start date": line.start_date.isoformat(),
        "End date": line.end_date.isoformat(),
        "Service type": line.service_type.value,
    }
    found = upload(client, csv_file([contract_row], CONTRACT_HEADER), apply=True, kind="contracts")
    assert "nothing was saved" in found and "stays with that customer" in found
    with app.app_context():
        assert db.session.get(Asset, amc_asset.id).account.account_number.startswith("A-3")


def test_a_history_never_names_rows_the_reader_cannot_see(app, as_user):
    with app.app_context():
        manager = user_named("zuh.manager")
        asset = db.session.scalar(
            select(Asset).where(Asset.account_id.in_(visible_account_ids(manager))).limit(1)
        )
        foreign = db.session.scalar(
            select(Account).where(Account.customer_id != manager.customer_id).limit(1)
        )
        db.session.add(
            AuditEntry(
                username="support",
                action=AuditAction.update,
                entity_type="Asset",
                entity_id=asset.id,
                changes={"account_id": {"old": foreign.id, "new": asset.account_id}},
            )
        )
        db.session.commit()
        pk, foreign_name = asset.id, foreign.name
    page = as_user("zuh.manager").get(f"/assetmodelview/show/{pk}").text
    history = page.split('id="history"')[1]
    assert "(not visible to you)" in history and foreign_name not in history
    assert "Account" in history  # the page's label, not "Account Id"


def test_control_characters_do_not_break_the_xlsx_export(app, as_user):
    with app.app_context():
        asset = db.session.scalar(select(Asset).order_by(Asset.id).limit(1))
        pk, old = asset.id, asset.custom_name
        asset.custom_name = "CT\x0bRoom"
        db.session.commit()
    try:
        response = as_user("support").get("/assetmodelview/export/xlsx")
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.data), read_only=True).active
        assert any(
            "CTRoom" in (str(c) or "") for row in sheet.iter_rows(values_only=True) for c in row
        )
    finally:
        with app.app_context():
            db.session.get(Asset, pk).custom_name = old
            db.session.commit()


@pytest.mark.parametrize(
    "url",
    [
        "/assetmodelview/list/?_flt_0_customer_id=%C2%B2",
        "/assetmodelview/list/?_flt_0_customer_id=99999999999999999999999",
        "/assetmodelview/list/?_flt_7_customer_id=1",
        "/assetmodelview/export/csv?_flt_7_customer_id=1",
        "/ticketmodelview/asset-choices?page=99999999999999999999",
    ],
)
def test_odd_arguments_never_answer_500(as_user, url):
    assert as_user("support").get(url).status_code == 200


def test_unreadable_selections_and_row_ids_are_refused_cleanly(as_user):
    client = as_user("support")
    token = csrf_token(client.get("/ticketmodelview/list/").text)
    bulk = client.post("/ticketmodelview/bulk-edit", data={"rows": "²:1", "csrf_token": token})
    assert bulk.status_code == 400
    action = client.post(
        "/ticketmodelview/action_post",
        data={"action": "bulk_edit", "rowid": ["²"], "csrf_token": token},
    )
    assert action.status_code == 404
