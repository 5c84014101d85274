from datetime import UTC, date, datetime

import pytest

from app.common import clock


def test_portal_today_fixes_today_and_now(monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", "2030-01-02")
    assert clock.today() == date(2030, 1, 2)
    assert clock.now().date() == date(2030, 1, 2)


def test_without_portal_today_the_clock_is_the_utc_date(monkeypatch):
    monkeypatch.delenv("PORTAL_TODAY")
    assert clock.today() == datetime.now(UTC).date()


def test_a_malformed_portal_today_is_refused_by_name(monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", "04/12/2026")
    with pytest.raises(ValueError, match="PORTAL_TODAY"):
        clock.today()


def test_the_demo_world_is_laid_out_around_portal_today(app_context):
    from sqlalchemy import select

    from app.contracts.models import Contract
    from app.extensions import db
    from tests.conftest import TEST_TODAY

    today = date.fromisoformat(TEST_TODAY)
    days_left = {(end - today).days for end in db.session.scalars(select(Contract.end_date))}
    assert {91, 90, 30, 29, 0, -1} <= days_left
