"""The audit log: every change with who, when, old and new values, in the change's own
transaction; the filterable log for vendor staff; each record's page shows its history."""

import re

import pytest
from sqlalchemy import select

from app.assets.models import Asset
from app.audit.models import AuditEntry
from app.extensions import db
from app.security.tenant import visible_account_ids
from app.tickets.enums import Priority, TicketStatus
from app.tickets.models import Ticket
from tests.conftest import csrf_token
from tests.security.helpers import user_named


def newest_entry(entity_type: str, entity_id: int) -> AuditEntry:
    return db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity_type == entity_type, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.id.desc())
    ).first()


def history_panel(html: str) -> str:
    assert 'id="history"' in html, "the page has no history panel"
    return html.split('id="history"')[1]


def test_a_ticket_edited_in_its_form_is_audited_and_shows_in_its_history(app, as_user):
    client = as_user("support")
    with app.app_context():
        ticket = db.session.scalar(
            select(Ticket)
            .where(Ticket.status == TicketStatus.new, Ticket.priority > 2)
            .order_by(Ticket.id)
            .limit(1)
        )
        pk, old = ticket.id, ticket.priority
    form = client.get(f"/ticketmodelview/edit/{pk}")
    fields = dict(re.findall(r'<input[^>]*name="([a-z_]+)"[^>]*value="([^"]*)"', form.text))
    fields.update(
        {
            "asset": str(ticket.asset_id),
            "priority": "1",
            "event_type": ticket.event_type.value,
            "status": "new",
            "origin": ticket.origin.value,
            "description": ticket.description,
            "csrf_token": csrf_token(form.text),
        }
    )
    response = client.post(f"/ticketmodelview/edit/{pk}", data=fields)
    assert response.status_code == 302, response.text[:2000]
    with app.app_context():
        entry = newest_entry("Ticket", pk)
        assert (entry.username, entry.action.value) == ("support", "update")
        assert entry.changes["priority"] == {"old": old, "new": 1}
    page = client.get(f"/ticketmodelview/show/{pk}").text
    assert str(Priority(old)) in history_panel(page)
    assert "1 Urgent need" in history_panel(page)


def test_a_managers_custom_name_change_shows_in_the_asset_history(app, as_user):
    client = as_user("zuh.manager")
    with app.app_context():
        manager = user_named("zuh.manager")
        asset = db.session.scalar(
            select(Asset).where(Asset.account_id.in_(visible_account_ids(manager))).limit(1)
        )
        pk, old_name = asset.id, asset.custom_name
    form = client.get(f"/asset-custom-data/edit/{pk}")
    response = client.post(
        f"/asset-custom-data/edit/{pk}",
        data={"custom_name": "CT Trauma bay", "csrf_token": csrf_token(form.text)},
    )
    assert response.status_code == 302
    with app.app_context():
        entry = newest_entry("Asset", pk)
        assert entry.username == "zuh.manager"
        assert entry.changes["custom_name"] == {"old": old_name, "new": "CT Trauma bay"}
    panel = history_panel(client.get(f"/assetmodelview/show/{pk}").text)
    assert "Custom asset name" in panel and "CT Trauma bay" in panel


def test_the_audit_log_filters_by_record_type_and_id(app, as_user):
    client = as_user("support")
    with app.app_context():
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.entity_type == "Ticket").limit(1)
        ).first()
        expected = db.session.scalar(
            select(db.func.count(AuditEntry.id)).where(
                AuditEntry.entity_type == "Ticket", AuditEntry.entity_id == entry.entity_id
            )
        )
    page = client.get(
        f"/auditlogview/list/?_flt_0_entity_type=Ticket&_flt_0_entity_id={entry.entity_id}"
    ).text
    count = re.search(r"Record Count:</strong>\s*(\d+)", page)
    assert count and int(count.group(1)) == expected


@pytest.mark.parametrize("username", ["zuh.manager", "zuh.user", "zuh.recipient"])
def test_customers_have_no_audit_log(as_user, username):
    response = as_user(username).get("/auditlogview/list/")
    assert response.status_code in (302, 403)
