"""Contract expiry: the SQL form equals the Python form on every day, and the colours
reach pages, filters, the API and the home page."""

import os
import re
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Date, literal, select

from app.contracts.expiry import (
    ExpiryStatus,
    days_to_expiry_sql,
    expiry_label,
    expiry_status,
    expiry_status_sql,
)
from app.contracts.models import Contract
from app.extensions import db
from tests.conftest import TEST_TODAY, api_token

TODAY = date.fromisoformat(TEST_TODAY)
EXPECTED = {91: "green", 90: "yellow", 30: "yellow", 29: "red", 0: "red", -1: "red"}


@pytest.mark.parametrize(("days", "colour"), EXPECTED.items())
def test_the_boundary_days_have_their_colour(days, colour):
    assert expiry_status(days) == colour


def test_expired_contracts_say_so(app_context):
    assert expiry_label(-1) == "expired 1 day ago"
    assert expiry_label(-45) == "expired 45 days ago"
    assert expiry_label(0) == "expires today"
    assert expiry_label(1) == "1 day left"


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    today=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    offset=st.integers(min_value=-400, max_value=400) | st.sampled_from([91, 90, 30, 29, 0, -1]),
)
def test_sql_and_python_agree_on_every_day(app_context, today, offset):
    end = today + timedelta(days=offset)
    previous = os.environ["PORTAL_TODAY"]
    os.environ["PORTAL_TODAY"] = today.isoformat()
    try:
        end_date = literal(end, Date)
        days, status = db.session.execute(
            select(days_to_expiry_sql(end_date), expiry_status_sql(end_date))
        ).one()
    finally:
        os.environ["PORTAL_TODAY"] = previous
    assert days == offset
    assert status == expiry_status(offset)


def contracts_ending(*offsets: int) -> dict[int, list[int]]:
    rows = db.session.execute(select(Contract.id, Contract.end_date)).all()
    wanted = {offset: [] for offset in offsets}
    for pk, end in rows:
        if (end - TODAY).days in wanted:
            wanted[(end - TODAY).days].append(pk)
    return wanted


def test_the_api_gives_each_boundary_contract_its_colour_and_days(app, client):
    with app.app_context():
        ends = contracts_ending(*EXPECTED)
    headers = {"Authorization": f"Bearer {api_token(client, 'support')}"}
    for days, ids in ends.items():
        assert ids, f"the demo data has no contract ending at today{days:+d}"
        for pk in ids:
            row = client.get(f"/api/v1/contract/{pk}", headers=headers).json["result"]
            assert (row["days_to_expiry"], row["expiry_status"]) == (days, EXPECTED[days])


@pytest.mark.parametrize("colour", ["green", "yellow", "red"])
def test_the_colour_filter_returns_exactly_the_contracts_of_that_colour(app, client, colour):
    with app.app_context():
        expected = {
            pk
            for pk, end in db.session.execute(select(Contract.id, Contract.end_date))
            if expiry_status((end - TODAY).days) == colour
        }
    headers = {"Authorization": f"Bearer {api_token(client, 'support')}"}
    response = client.get(
        f"/api/v1/contract/?q=(filters:!((col:expiry_status,opr:eq,value:{colour})),page_size:100)",
        headers=headers,
    )
    assert {row["id"] for row in response.json["result"]} == expected


def test_the_contract_list_shows_badges_with_words_soonest_expiry_first(as_user):
    page = as_user("support").get("/contractmodelview/list/?psize_ContractModelView=100").text
    assert 'class="label label-warning">Yellow</span> <small>90 days left</small>' in page
    assert 'class="label label-success">Green</span> <small>91 days left</small>' in page
    assert "expires today" in page and "expired 1 day ago" in page
    ends = re.findall(r"<td>\s*(\d{4}-\d{2}-\d{2})\s*</td>", page)
    assert ends and ends == sorted(ends)


def test_the_home_page_counts_contracts_per_colour_and_links_to_each_list(app, as_user):
    client = as_user("zuh.user")
    home = client.get("/").text
    for colour in ExpiryStatus:
        link = re.search(
            rf'href="([^"]*expiry_status={colour.value})">\s*<span class="badge">(\d+)</span>', home
        )
        assert link, colour
        url, count = link.group(1).replace("&amp;", "&"), int(link.group(2))
        listing = client.get(url).text
        assert re.search(rf"Record Count:</strong>\s*{count}\b", listing), (colour, count)
        assert listing.count(f'label-{_css(colour)}">{colour.label}') == count


def _css(colour: ExpiryStatus) -> str:
    return {"green": "success", "yellow": "warning", "red": "danger"}[colour.value]


def test_assets_show_their_contracts_colour(app, as_user):
    client = as_user("zuh.user")
    listing = client.get("/assetmodelview/list/").text
    assert re.search(r'label label-(success|warning|danger)">(Green|Yellow|Red)</span>', listing)
    first = re.search(r'href="(/assetmodelview/show/\d+)"', listing).group(1)
    assert "Contract expiry" in client.get(first).text
