"""Support's bulk edit of tickets: set-based, all or nothing, workflow-checked, audited,
stale rows refused, scoped, CSRF-protected, and 1,000 tickets in one action."""

from datetime import date

import pytest
from sqlalchemy import delete, func, insert, select
from werkzeug.exceptions import NotFound

from app.accounts.models import Account
from app.assets.models import Asset
from app.audit.models import AuditEntry
from app.common.bulk import BulkEditError, Selection
from app.extensions import db
from app.tickets.bulk import bulk_edit_tickets
from app.tickets.enums import EventType, Origin, TicketStatus
from app.tickets.models import Ticket
from app.tickets.services import allocate_ticket_numbers
from tests.conftest import count_statements, csrf_token
from tests.security.helpers import user_named

S = TicketStatus


def tickets_in(status: TicketStatus, count: int, **where) -> list[Ticket]:
    statement = select(Ticket).where(Ticket.status == status).filter_by(**where)
    return db.session.scalars(statement.order_by(Ticket.id).limit(count)).all()


def selection_field(tickets: list[Ticket]) -> str:
    return Selection.of(tickets).serialize()


def post_bulk(client, rows: str, **changes):
    page = client.get("/ticketmodelview/list/")
    data = {"rows": rows, "csrf_token": csrf_token(page.text), **changes}
    return client.post("/ticketmodelview/bulk-edit", data=data, follow_redirects=True)


def audit_of(ticket_id: int) -> list[dict]:
    return db.session.scalars(
        select(AuditEntry.changes)
        .where(AuditEntry.entity_type == "Ticket", AuditEntry.entity_id == ticket_id)
        .order_by(AuditEntry.id)
    ).all()


def test_ticking_rows_and_the_bulk_action_open_the_bulk_page(app, as_user):
    client = as_user("support")
    with app.app_context():
        picked = tickets_in(S.new, 3)
        numbers = [t.number for t in picked]
    page = client.get("/ticketmodelview/list/")
    response = client.post(
        "/ticketmodelview/action_post",
        data={
            "action": "bulk_edit",
            "rowid": [str(t.id) for t in picked],
            "csrf_token": csrf_token(page.text),
        },
    )
    assert response.status_code == 200
    assert "3 rows selected." in response.text
    assert all(number in response.text for number in numbers)


def test_a_bulk_status_change_moves_every_row_and_audits_each(app, as_user):
    client = as_user("support")
    with app.app_context():
        picked = tickets_in(S.new, 3)
        rows, ids = selection_field(picked), [t.id for t in picked]
        versions = {t.id: t.version for t in picked}
    response = post_bulk(client, rows, status="in_progress")
    assert "3 rows changed." in response.text
    with app.app_context():
        for pk in ids:
            ticket = db.session.get(Ticket, pk)
            assert ticket.status == S.in_progress
            assert ticket.version == versions[pk] + 1
            entry = db.session.scalars(
                select(AuditEntry).where(AuditEntry.entity_id == pk).order_by(AuditEntry.id.desc())
            ).first()
            assert entry.username == "support" and entry.entity_type == "Ticket"
            assert entry.changes == {"status": {"old": "new", "new": "in_progress"}}


def test_one_blocking_row_changes_nothing_and_is_named(app, as_user):
    client = as_user("support")
    with app.app_context():
        movable = tickets_in(S.in_progress, 2, report_closure_date=None)
        # Resolving needs the report closure date; give it to one row only.
        movable[0].report_closure_date = date(2026, 6, 1)
        db.session.commit()
        closed = tickets_in(S.closed, 1)
        picked = [*movable, *closed]
        rows = selection_field(picked)
        before = {t.id: (t.status, t.version) for t in picked}
        blocking = {movable[1].number, closed[0].number}
        audit_count = db.session.scalar(select(func.count(AuditEntry.id)))
    response = post_bulk(client, rows, status="resolved")
    assert "Nothing was saved." in response.text
    assert all(number in response.text for number in blocking)
    assert movable[0].number not in response.text.split("Nothing was saved.")[1].split("</div>")[0]
    assert "report closure date" in response.text and "read-only" in response.text
    with app.app_context():
        after = {
            t.id: (t.status, t.version)
            for t in db.session.scalars(select(Ticket).where(Ticket.id.in_(list(before))))
        }
        assert after == before
        assert db.session.scalar(select(func.count(AuditEntry.id))) == audit_count


def test_a_row_changed_since_it_was_selected_is_not_overwritten(app, as_user):
    client = as_user("support")
    with app.app_context():
        picked = tickets_in(S.new, 2)
        rows = selection_field(picked)
        # Someone else edits one of them in the meantime.
        picked[1].priority = 5 if picked[1].priority != 5 else 4
        db.session.commit()
        number, raced_priority = picked[1].number, picked[1].priority
        untouched_id = picked[0].id
        untouched = (picked[0].priority, picked[0].version)
    response = post_bulk(client, rows, priority="1")
    assert "Changed by someone else since you selected them" in response.text
    assert number in response.text
    with app.app_context():
        assert db.session.get(Ticket, picked[1].id).priority == raced_priority
        ticket = db.session.get(Ticket, untouched_id)
        assert (ticket.priority, ticket.version) == untouched


def test_priority_and_engineer_are_set_together_and_audited(app, as_user):
    client = as_user("support")
    with app.app_context():
        picked = tickets_in(S.in_progress, 2)
        rows, ids = selection_field(picked), [t.id for t in picked]
        support_id = user_named("support").id
    response = post_bulk(client, rows, priority="1", engineer=str(support_id))
    assert "2 rows changed." in response.text
    with app.app_context():
        for pk in ids:
            ticket = db.session.get(Ticket, pk)
            assert (ticket.priority, ticket.engineer_id) == (1, support_id)
            assert audit_of(pk)  # the entry names only what changed


def test_the_engineer_must_be_support_staff(app, as_user):
    with app.app_context():
        picked = tickets_in(S.new, 1)
        with pytest.raises(BulkEditError, match="Support user"):
            bulk_edit_tickets(
                db.session,
                user_named("support"),
                Selection.of(picked),
                engineer=user_named("zuh.user"),
            )
        db.session.rollback()
    page = as_user("support").get("/ticketmodelview/bulk-edit?_flt_0_number=SR-1000001").text
    choices = page.split('name="engineer"')[1].split("</select>")[0]
    with app.app_context():
        assert f'value="{user_named("support").id}"' in choices
        assert f'value="{user_named("zuh.user").id}"' not in choices


def test_a_row_outside_the_callers_scope_refuses_the_whole_edit(app):
    with app.app_context():
        user = user_named("zuh.user")
        foreign = db.session.scalar(
            select(Ticket)
            .join(Asset)
            .join(Account)
            .where(Account.customer_id != user.customer_id, Ticket.status == S.new)
            .limit(1)
        )
        before = (foreign.status, foreign.version)
        with pytest.raises(NotFound):
            bulk_edit_tickets(db.session, user, Selection.of([foreign]), status=S.in_progress)
        db.session.rollback()
        assert (db.session.get(Ticket, foreign.id).status, foreign.version) == before


@pytest.mark.parametrize("username", ["zuh.manager", "zuh.user", "zuh.recipient"])
def test_customers_cannot_bulk_edit(app, as_user, username):
    client = as_user(username)
    with app.app_context():
        picked = tickets_in(S.new, 1)
        rows, before = selection_field(picked), picked[0].version
    assert client.get("/ticketmodelview/bulk-edit").status_code in (302, 403)
    post_bulk(client, rows, priority="1")
    with app.app_context():
        assert db.session.get(Ticket, picked[0].id).version == before


def test_a_bulk_edit_without_the_csrf_token_is_refused(app, as_user):
    client = as_user("support")
    with app.app_context():
        picked = tickets_in(S.new, 1)
        rows, before = selection_field(picked), picked[0].version
    response = client.post("/ticketmodelview/bulk-edit", data={"rows": rows, "priority": "1"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Ticket, picked[0].id).version == before


@pytest.fixture
def thousand_tickets(app):
    """1,000 extra open tickets marked by their reference; removed afterwards."""
    reference = "BULK-1000"
    with app.app_context():
        asset_id = db.session.scalar(select(Ticket.asset_id).limit(1))
        numbers = allocate_ticket_numbers(db.session, 1000)
        db.session.execute(
            insert(Ticket),
            [
                {
                    "number": number,
                    "asset_id": asset_id,
                    "priority": 5,
                    "origin": Origin.phone,
                    "status": S.new,
                    "event_type": EventType.planned,
                    "description": "Planned maintenance round",
                    "customer_reference": reference,
                    "version": 1,
                }
                for number in numbers
            ],
        )
        db.session.commit()
    yield reference
    with app.app_context():
        ids = select(Ticket.id).where(Ticket.customer_reference == reference)
        db.session.execute(
            delete(AuditEntry).where(
                AuditEntry.entity_type == "Ticket", AuditEntry.entity_id.in_(ids)
            )
        )
        db.session.execute(delete(Ticket).where(Ticket.customer_reference == reference))
        db.session.commit()


def test_a_thousand_tickets_change_in_one_action(app, as_user, thousand_tickets):
    client = as_user("support")
    # "Bulk edit all matching rows" on the list searched by reference.
    query = f"_flt_0_customer_reference={thousand_tickets}"
    page = client.get(f"/ticketmodelview/bulk-edit?{query}")
    assert "1000 rows selected." in page.text
    rows = page.text.split('name="rows" type="hidden" value="')[1].split('"')[0]
    with count_statements(app) as statements:
        response = client.post(
            "/ticketmodelview/bulk-edit",
            data={"rows": rows, "status": "in_progress", "csrf_token": csrf_token(page.text)},
            follow_redirects=False,
        )
    assert response.status_code == 302
    writes = [s for s in statements if s.lstrip().upper().startswith(("UPDATE", "INSERT"))]
    # One UPDATE of the tickets, the audit rows in batches, nothing row by row.
    assert len([s for s in writes if "UPDATE ticket" in s]) == 1
    assert len(statements) < 40
    with app.app_context():
        statuses = db.session.scalars(
            select(Ticket.status).where(Ticket.customer_reference == thousand_tickets)
        ).all()
        assert len(statuses) == 1000 and set(statuses) == {S.in_progress}
        audited = db.session.scalar(
            select(func.count(AuditEntry.id)).where(
                AuditEntry.entity_type == "Ticket",
                AuditEntry.entity_id.in_(
                    select(Ticket.id).where(Ticket.customer_reference == thousand_tickets)
                ),
            )
        )
        assert audited == 1000
