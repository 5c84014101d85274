"""A customer's service request and a Support phone ticket: what each form offers, what
arrives whatever is posted, and the rules the page and the API share."""

import re
import threading

import pytest
from sqlalchemy import func, select

from app.assets.enums import AssetStatus
from app.assets.models import Asset
from app.extensions import db
from app.security.tenant import visible_account_ids
from app.tickets.enums import Origin, TicketStatus
from app.tickets.models import Ticket
from app.tickets.services import allocate_ticket_numbers
from tests.conftest import api_token, csrf_token
from tests.security.helpers import user_named

REQUEST_FIELDS = {
    "asset",
    "priority",
    "event_type",
    "description",
    "contact_name",
    "contact_phone",
    "customer_reference",
}
VENDOR_FIELDS = {"origin", "status", "engineer", "sap_notification_number", "report_closure_date"}


def form_fields(html: str) -> set[str]:
    return set(re.findall(r'<(?:input|select|textarea)[^>]* name="([a-z_]+)"', html)) - {
        "csrf_token"
    }


def own_asset(username: str, status: AssetStatus = AssetStatus.active) -> Asset:
    user = user_named(username)
    return db.session.scalar(
        select(Asset)
        .where(Asset.account_id.in_(visible_account_ids(user)), Asset.status == status)
        .order_by(Asset.id)
        .limit(1)
    )


def foreign_asset(username: str) -> Asset:
    user = user_named(username)
    return db.session.scalar(
        select(Asset).where(Asset.account_id.not_in(visible_account_ids(user))).limit(1)
    )


def request_body(asset_id: int, **overrides) -> dict:
    return {
        "asset": str(asset_id),
        "priority": "2",
        "event_type": "corrective",
        "description": "Gantry stops with error 4711 during the scout.",
        "contact_name": "Dr. Ida Holm",
        "contact_phone": "+45 47 32 10 00",
        "customer_reference": "RAD-2026-17",
        **overrides,
    }


def post_request(client, body: dict):
    form = client.get("/ticketmodelview/add")
    assert form.status_code == 200
    return client.post("/ticketmodelview/add", data={**body, "csrf_token": csrf_token(form.text)})


def ticket_count() -> int:
    return db.session.scalar(select(func.count(Ticket.id)))


def test_a_users_request_form_offers_the_request_fields_only(as_user):
    page = as_user("zuh.user").get("/ticketmodelview/add").text
    assert form_fields(page) == REQUEST_FIELDS
    assert "Urgent need" in page and "System down" in page  # each priority with its meaning


def test_supports_phone_ticket_form_has_every_field(as_user):
    page = as_user("support").get("/ticketmodelview/add").text
    assert form_fields(page) >= REQUEST_FIELDS | VENDOR_FIELDS | {"service_type"}


def test_a_users_request_arrives_as_internet_and_new_whatever_it_posts(app, as_user):
    client = as_user("zuh.user")
    with app.app_context():
        asset_id = own_asset("zuh.user").id
        engineer_id = user_named("support").id
    forged = {
        "origin": "phone",
        "status": "closed",
        "engineer": str(engineer_id),
        "sap_notification_number": "400123",
    }
    response = post_request(client, request_body(asset_id, **forged))
    assert response.status_code == 302
    with app.app_context():
        ticket = db.session.scalar(
            select(Ticket)
            .where(Ticket.customer_reference == "RAD-2026-17")
            .order_by(Ticket.id.desc())
            .limit(1)
        )
        assert ticket.origin == Origin.internet and ticket.status == TicketStatus.new
        assert ticket.engineer_id is None and ticket.sap_notification_number is None
        assert ticket.contact_phone == "+45 47 32 10 00"
        assert ticket.created_by.username == "zuh.user"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("contact_name", "", "This field is required."),
        ("contact_phone", "", "This field is required."),
        ("contact_phone", "call me", "Enter a phone number"),
        ("contact_phone", "12-34", "at least 6 digits"),
        ("description", "", "This field is required."),
        ("asset", "", "This field is required."),
    ],
)
def test_a_bad_request_names_the_field_and_saves_nothing(app, as_user, field, value, message):
    client = as_user("zuh.user")
    with app.app_context():
        asset_id, before = own_asset("zuh.user").id, ticket_count()
    response = post_request(client, request_body(asset_id, **{field: value}))
    assert response.status_code == 200
    assert message in response.text
    # The error is printed beside its field, and what was typed stays in the form.
    assert "Dr. Ida Holm" in response.text or field == "contact_name"
    with app.app_context():
        assert ticket_count() == before


@pytest.mark.parametrize("which", ["foreign", "inactive"])
def test_a_request_cannot_name_a_foreign_or_inactive_system(app, as_user, which):
    client = as_user("zuh.manager")
    with app.app_context():
        if which == "foreign":
            asset = foreign_asset("zuh.manager")
        else:
            asset = own_asset("zuh.manager", AssetStatus.inactive)
        assert asset is not None
        asset_id, before = asset.id, ticket_count()
    response = post_request(client, request_body(asset_id))
    assert response.status_code == 200 and "Not a valid choice" in response.text
    with app.app_context():
        assert ticket_count() == before


def test_the_system_type_ahead_finds_own_active_systems_only(app, as_user):
    client = as_user("zuh.user")
    with app.app_context():
        mine = own_asset("zuh.user")
        serial, foreign_serial = mine.serial_number, foreign_asset("zuh.user").serial_number
        inactive = own_asset("zuh.manager", AssetStatus.inactive).serial_number
    found = client.get(f"/ticketmodelview/asset-choices?q={serial.lower()}").json
    assert [row["id"] for row in found["results"]] == [mine.id]
    for hidden in (foreign_serial, inactive):
        assert client.get(f"/ticketmodelview/asset-choices?q={hidden}").json["results"] == []
    with app.app_context():
        user = user_named("zuh.user")
        expected = db.session.scalar(
            select(func.count(Asset.id)).where(
                Asset.account_id.in_(visible_account_ids(user)),
                Asset.status == AssetStatus.active,
            )
        )
    everything, page = [], 1
    while True:
        answer = client.get(f"/ticketmodelview/asset-choices?page={page}").json
        everything += answer["results"]
        if not answer["pagination"]["more"]:
            break
        page += 1
    assert len(everything) == expected == len({row["id"] for row in everything})


@pytest.mark.parametrize("username", ["zuh.recipient", None])
def test_recipients_and_visitors_get_no_system_choices(as_user, client, username):
    if username:
        as_user(username)
    response = client.get("/ticketmodelview/asset-choices?q=a")
    assert response.status_code in (302, 403) and "results" not in response.text


def test_a_recipient_cannot_create_a_ticket(app, as_user, client):
    recipient = as_user("zuh.recipient")
    with app.app_context():
        asset_id, before = own_asset("zuh.recipient").id, ticket_count()
    assert recipient.get("/ticketmodelview/add").status_code in (302, 403)
    recipient.post("/ticketmodelview/add", data=request_body(asset_id))
    token = api_token(client, "zuh.recipient")
    api = client.post(
        "/api/v1/ticket/",
        json={**request_body(asset_id), "asset": asset_id, "priority": 2},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == 403
    with app.app_context():
        assert ticket_count() == before


def test_the_api_applies_the_same_request_rules(app, client):
    headers = {"Authorization": f"Bearer {api_token(client, 'amc.user')}"}
    with app.app_context():
        asset_id = own_asset("amc.user").id
        engineer_id = user_named("support").id
    body = {**request_body(asset_id), "asset": asset_id, "priority": 1}
    missing = client.post("/api/v1/ticket/", json={**body, "contact_phone": ""}, headers=headers)
    assert missing.status_code == 400 and "contact_phone" in missing.json["message"]
    forged = {**body, "origin": "phone", "status": "resolved", "engineer": engineer_id}
    created = client.post("/api/v1/ticket/", json=forged, headers=headers)
    assert created.status_code == 201, created.text
    shown = client.get(f"/api/v1/ticket/{created.json['id']}", headers=headers).json["result"]
    assert (shown["origin"], shown["status"], shown.get("engineer")) == ("internet", "new", None)


def test_only_support_staff_can_be_assigned_as_engineer(app, as_user, client):
    support = as_user("support")
    page = support.get("/ticketmodelview/add").text
    engineer_select = page.split('name="engineer"')[1].split("</select>")[0]
    with app.app_context():
        customer_user = user_named("zuh.user")
        customer_id, support_id = customer_user.id, user_named("support").id
        ticket_id = db.session.scalar(
            select(Ticket.id).where(Ticket.status == TicketStatus.new).limit(1)
        )
    assert f'value="{support_id}"' in engineer_select
    assert f'value="{customer_id}"' not in engineer_select
    headers = {"Authorization": f"Bearer {api_token(client, 'support')}"}
    refused = client.put(
        f"/api/v1/ticket/{ticket_id}", json={"engineer": customer_id}, headers=headers
    )
    assert refused.status_code == 400 and "engineer" in refused.json["message"]
    assigned = client.put(
        f"/api/v1/ticket/{ticket_id}", json={"engineer": support_id}, headers=headers
    )
    assert assigned.status_code == 200
    with app.app_context():
        assert db.session.get(Ticket, ticket_id).engineer_id == support_id


def test_support_logs_a_phone_ticket_for_any_customer(app, as_user):
    client = as_user("support")
    with app.app_context():
        asset_id = foreign_asset("zuh.user").id  # an AMC system
    body = request_body(asset_id, origin="phone", status="new", customer_reference="PHONE-1")
    assert post_request(client, body).status_code == 302
    with app.app_context():
        ticket = db.session.scalar(select(Ticket).where(Ticket.customer_reference == "PHONE-1"))
        assert ticket.origin == Origin.phone and ticket.asset_id == asset_id


def test_ticket_numbers_stay_unique_when_many_are_taken_at_once(app):
    taken: list[str] = []
    errors: list[BaseException] = []

    def take() -> None:
        try:
            with app.app_context():
                for _ in range(5):
                    taken.extend(allocate_ticket_numbers(db.session, 2))
                    db.session.commit()
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(taken) == 80 == len(set(taken))
