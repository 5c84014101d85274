"""The status workflow: New -> In progress -> Resolved -> Closed, Resolved may reopen,
Closed is read-only; the same rule in forms and the API."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.tickets.enums import TicketStatus
from app.tickets.models import Ticket
from app.tickets.workflow import TRANSITIONS, transition_problem
from tests.conftest import api_token, csrf_token

S = TicketStatus


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("target", list(S))
def test_only_the_workflows_moves_are_allowed(app_context, current, target):
    problem = transition_problem(current, target, report_closure_date=None)
    if current is S.closed:
        assert problem == "A closed ticket is archived and read-only."
    elif target is current or target in TRANSITIONS[current]:
        assert problem is None or "report closure date" in problem
    else:
        assert problem and f"from {current.label} to {target.label}" in problem


def test_resolving_needs_the_report_closure_date(app_context):
    assert "report closure date" in transition_problem(S.in_progress, S.resolved, None)
    from datetime import date

    assert transition_problem(S.in_progress, S.resolved, date(2026, 6, 1)) is None


def ticket_in(status: TicketStatus) -> int:
    return db.session.scalar(select(Ticket.id).where(Ticket.status == status).limit(1))


def test_the_api_refuses_an_invalid_transition_with_a_clear_message(app, client):
    with app.app_context():
        pk = ticket_in(S.new)
    headers = {"Authorization": f"Bearer {api_token(client, 'support')}"}
    response = client.put(f"/api/v1/ticket/{pk}", json={"status": "closed"}, headers=headers)
    assert response.status_code == 400
    assert "Status cannot go from New to Closed" in response.json["message"]
    moved = client.put(f"/api/v1/ticket/{pk}", json={"status": "in_progress"}, headers=headers)
    assert moved.status_code == 200
    with app.app_context():
        assert db.session.get(Ticket, pk).status == S.in_progress


def test_a_closed_ticket_is_read_only_by_api_and_form(app, client, as_user):
    with app.app_context():
        pk = ticket_in(S.closed)
        before = db.session.get(Ticket, pk).description
    headers = {"Authorization": f"Bearer {api_token(client, 'admin')}"}
    response = client.put(f"/api/v1/ticket/{pk}", json={"description": "x"}, headers=headers)
    assert response.status_code == 400 and "read-only" in response.json["message"]
    support = as_user("support")
    form = support.get(f"/ticketmodelview/edit/{pk}").text
    page = support.post(
        f"/ticketmodelview/edit/{pk}",
        data={
            "csrf_token": csrf_token(form),
            "status": "closed",
            "description": "changed",
            "priority": "3",
            "event_type": "corrective",
            "origin": "phone",
        },
    ).text
    assert "A closed ticket is archived and read-only." in page
    activity = client.post(
        "/api/v1/ticket_activity/",
        headers=headers,
        json={"ticket": pk, "activity_type": "external_remark", "text": "late remark"},
    )
    assert activity.status_code == 400
    with app.app_context():
        assert db.session.get(Ticket, pk).description == before


def test_the_form_names_the_refused_transition(app, as_user):
    with app.app_context():
        pk = ticket_in(S.in_progress)
        ticket = db.session.get(Ticket, pk)
        data = {
            "priority": str(ticket.priority),
            "event_type": ticket.event_type.value,
            "origin": ticket.origin.value,
            "description": ticket.description,
            "asset": str(ticket.asset_id),
        }
    support = as_user("support")
    form = support.get(f"/ticketmodelview/edit/{pk}").text
    page = support.post(
        f"/ticketmodelview/edit/{pk}",
        data={**data, "csrf_token": csrf_token(form), "status": "new"},
    ).text
    assert "Status cannot go from In progress to New" in page


def test_customers_add_external_remarks_to_open_tickets_only_and_never_see_t2(app, client):
    from app.assets.models import Asset
    from app.security.models import PortalUser
    from app.tickets.models import TicketActivity

    with app.app_context():
        zuh_user = db.session.scalar(select(PortalUser).where(PortalUser.username == "zuh.user"))
        own = [a.id for a in zuh_user.accounts]
        open_ticket_id = db.session.scalar(
            select(Ticket.id)
            .join(Asset)
            .where(Asset.account_id.in_(own), Ticket.status == S.in_progress)
            .limit(1)
        )
        resolved_id = db.session.scalar(
            select(Ticket.id)
            .join(Asset)
            .where(Asset.account_id.in_(own), Ticket.status == S.resolved)
            .limit(1)
        )
        t2_of_own = db.session.scalar(
            select(TicketActivity.id)
            .join(Ticket)
            .join(Asset)
            .where(Asset.account_id.in_(own), TicketActivity.activity_type == "t2")
            .limit(1)
        )
    headers = {"Authorization": f"Bearer {api_token(client, 'zuh.user')}"}

    def remark(ticket, kind):
        return client.post(
            "/api/v1/ticket_activity/",
            headers=headers,
            json={"ticket": ticket, "activity_type": kind, "text": "Noise is back since Monday."},
        )

    assert remark(open_ticket_id, "external_remark").status_code == 201
    assert "External remarks" in remark(open_ticket_id, "t2").json["message"]
    assert resolved_id, "the demo data has resolved tickets on zuh.user's systems"
    assert "while the ticket is open" in remark(resolved_id, "external_remark").json["message"]
    assert t2_of_own, "the demo data has T2 activities on zuh.user's tickets"
    assert client.get(f"/api/v1/ticket_activity/{t2_of_own}", headers=headers).status_code == 404
    listed = client.get("/api/v1/ticket_activity/?q=(page_size:100)", headers=headers).json
    assert all(row["activity_type"] != "t2" for row in listed["result"])
