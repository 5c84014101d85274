"""The REST API: five resources behind a JWT, each with its explicit columns."""

import pytest

from app.extensions import appbuilder
from tests.conftest import api_token

RESOURCES = ["account", "asset", "contract", "ticket", "ticket_activity"]
NEVER_EXPOSED = {"version", "password", "created_by_id", "author_id"}


def bearer(client, username: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token(client, username)}"}


def api_class(resource: str):
    return next(a for a in appbuilder.baseviews if getattr(a, "resource_name", None) == resource)


@pytest.mark.parametrize("resource", RESOURCES)
def test_each_resource_answers_with_its_declared_columns_only(client, resource):
    headers = bearer(client, "support")
    listing = client.get(f"/api/v1/{resource}/", headers=headers)
    assert listing.status_code == 200, listing.text
    assert listing.json["count"] > 0
    row = listing.json["result"][0]
    declared = {column.split(".")[0] for column in api_class(resource).list_columns}
    assert set(row) == declared
    assert not NEVER_EXPOSED & set(row)
    shown = client.get(f"/api/v1/{resource}/{row['id']}", headers=headers)
    assert shown.status_code == 200
    assert client.get(f"/api/v1/{resource}/_info", headers=headers).status_code == 200


@pytest.mark.parametrize("resource", RESOURCES)
def test_no_resource_answers_without_a_token(client, resource):
    assert client.get(f"/api/v1/{resource}/").status_code == 401


def test_enumerations_travel_as_their_stable_codes(client):
    headers = bearer(client, "support")
    ticket = client.get("/api/v1/ticket/?q=(page_size:1)", headers=headers).json["result"][0]
    assert ticket["status"] in {"new", "in_progress", "resolved", "closed"}
    assert ticket["priority"] in {1, 2, 3, 4, 5}
    assert ticket["origin"] in {"phone", "internet"}


def test_support_creates_a_ticket_with_a_readable_unique_number(client):
    headers = bearer(client, "support")
    asset = client.get("/api/v1/asset/?q=(page_size:1)", headers=headers).json["result"][0]
    body = {
        "asset": asset["id"],
        "priority": 3,
        "event_type": "corrective",
        "description": "Table movement blocked.",
        "origin": "phone",
        "status": "new",
    }
    first = client.post("/api/v1/ticket/", json=body, headers=headers)
    second = client.post("/api/v1/ticket/", json=body, headers=headers)
    assert first.status_code == second.status_code == 201, first.text
    numbers = [
        client.get(f"/api/v1/ticket/{r.json['id']}", headers=headers).json["result"]["number"]
        for r in (first, second)
    ]
    assert numbers[0].startswith("SR-") and numbers[0] != numbers[1]


def test_a_priority_outside_1_to_5_is_refused_by_name(client):
    headers = bearer(client, "support")
    asset = client.get("/api/v1/asset/?q=(page_size:1)", headers=headers).json["result"][0]
    response = client.post(
        "/api/v1/ticket/",
        json={
            "asset": asset["id"],
            "priority": 9,
            "event_type": "corrective",
            "description": "x",
            "origin": "phone",
            "status": "new",
        },
        headers=headers,
    )
    assert response.status_code == 422  # FAB's answer to a body that fails validation
    assert "priority" in response.json["message"]
