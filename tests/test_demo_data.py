"""The demo data: realistic, deterministic, and covering every value of the domain."""

from sqlalchemy import distinct, func, select
from stdnum import gs1_128

from app.accounts.models import Account, Customer
from app.assets.enums import ProductType
from app.assets.models import Asset
from app.extensions import db
from app.security.models import PortalUser
from app.tickets.enums import OPEN_STATUSES, EventType, Origin, Priority, TicketStatus
from app.tickets.models import Ticket, TicketActivity


def values(column) -> set:
    return set(db.session.scalars(select(column).distinct()))


def test_three_customers_and_zealand_has_three_sites(app_context):
    assert db.session.scalar(select(func.count()).select_from(Customer)) == 3
    zealand = db.session.scalar(
        select(Customer).where(Customer.name == "Zealand University Hospital")
    )
    assert len(zealand.accounts) == 3


def test_the_fleet_spans_the_product_types_with_valid_udis(app_context):
    assets = db.session.scalars(select(Asset)).all()
    assert len(assets) >= 80
    assert {ProductType.MR, ProductType.CT, ProductType.US, ProductType.IXR} <= values(
        Asset.product_type
    )
    assert len(values(Asset.product_type)) >= 6
    for asset in assets:
        assert gs1_128.is_valid(asset.udi), asset.udi
        assert gs1_128.info(asset.udi)["21"] == asset.serial_number
    years = {asset.installation_date.year for asset in assets}
    assert max(years) - min(years) >= 12


def test_tickets_cover_every_status_priority_origin_and_event_type(app_context):
    assert db.session.scalar(select(func.count()).select_from(Ticket)) >= 300
    assert values(Ticket.status) == set(TicketStatus)
    assert values(Ticket.priority) == {int(p) for p in Priority}
    assert values(Ticket.origin) == set(Origin)
    assert values(Ticket.event_type) == set(EventType)
    created = values(Ticket.created_at)
    assert (max(created) - min(created)).days > 2 * 365
    assert db.session.scalar(select(func.count()).select_from(TicketActivity)) >= 300


def test_some_systems_are_down(app_context):
    down = db.session.scalar(
        select(func.count(distinct(Ticket.asset_id))).where(
            Ticket.status.in_(OPEN_STATUSES), Ticket.priority <= 2
        )
    )
    assert down >= 2


def test_zuh_user_is_assigned_only_some_of_its_customers_accounts(app_context):
    user = db.session.scalar(select(PortalUser).where(PortalUser.username == "zuh.user"))
    all_accounts = db.session.scalars(
        select(Account).where(Account.customer_id == user.customer_id)
    ).all()
    assert 0 < len(user.accounts) < len(all_accounts)


def test_demo_data_loads_only_into_an_empty_database(app_context):
    from app.demo import load_demo_data

    assert load_demo_data() is False
