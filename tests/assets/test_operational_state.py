"""An asset's state is derived from its open tickets: the SQL form used by lists equals
the rule of DOMAIN.md written in Python, for every asset of the demo fleet."""

import re
from collections import defaultdict

from sqlalchemy import select

from app.assets.models import Asset
from app.assets.state import OperationalState, operational_state
from app.extensions import db
from app.tickets.enums import OPEN_STATUSES
from app.tickets.models import Ticket


def test_sql_state_equals_the_python_rule_for_every_asset(app_context):
    open_priorities = defaultdict(list)
    for asset_id, priority in db.session.execute(
        select(Ticket.asset_id, Ticket.priority).where(Ticket.status.in_(OPEN_STATUSES))
    ):
        open_priorities[asset_id].append(priority)
    states = db.session.execute(select(Asset.id, Asset.operational_state)).all()
    assert {state for _, state in states} == set(OperationalState)  # the demo has all three
    for asset_id, state in states:
        assert state == operational_state(open_priorities[asset_id]), asset_id


def test_the_home_page_links_each_state_to_the_matching_assets(as_user):
    client = as_user("zuh.manager")
    home = client.get("/").text
    for state in OperationalState:
        link = re.search(
            rf'href="([^"]*operational_state={state.value}[^"]*)">'
            r'\s*<span class="badge">(\d+)</span>',
            home,
        )
        assert link, state
        url, count = link.group(1).replace("&amp;", "&"), int(link.group(2))
        listing = client.get(url).text
        assert re.search(rf"Record Count:</strong>\s*{count}\b", listing), (state, count)
        page_size = min(count, 25)
        assert listing.count(f'">{state.label}</span>') == page_size
