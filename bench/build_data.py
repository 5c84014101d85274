"""Builds the benchmark's installed base: the demo world (its logins and roles) plus
200 accounts, 20,000 contract lines, 100,000 assets and 1,000,000 tickets, written with
set-based inserts. Used by bench/run_bench.py."""

import random
from datetime import datetime, time, timedelta

from sqlalchemy import func, insert, select, text

from app.accounts.models import Account, Customer
from app.assets.enums import AssetStatus, ProductType
from app.assets.models import Asset
from app.common import clock
from app.contracts.enums import ContractStatus, ServiceType
from app.contracts.models import Contract
from app.demo import load_demo_data
from app.extensions import db
from app.tickets.enums import EventType, Origin, TicketStatus
from app.tickets.models import Ticket, TicketNumberCounter

BATCH = 20_000
CUSTOMERS, ACCOUNTS_PER_CUSTOMER = 20, 10
# Old tickets are closed; a realistic few are open.
STATUS_WEIGHTS = {
    TicketStatus.closed: 88,
    TicketStatus.resolved: 4,
    TicketStatus.in_progress: 4,
    TicketStatus.new: 4,
}


def build(assets: int, contracts: int, tickets: int, say=print) -> None:
    """Fill an empty, migrated database."""
    rng = random.Random(7)
    today = clock.today()
    load_demo_data()
    account_ids = _accounts(rng)
    say(f"  {len(account_ids)} accounts")
    lines_by_account = _contracts(rng, contracts, account_ids, today)
    say(f"  {contracts:,} contract lines")
    asset_ids = _assets(rng, assets, account_ids, lines_by_account, today)
    say(f"  {assets:,} assets")
    _tickets(rng, tickets, asset_ids, today)
    say(f"  {tickets:,} tickets")
    _analyze()


def _write(model: type, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(model), rows[start : start + BATCH])
    db.session.commit()


def _accounts(rng: random.Random) -> list[int]:
    customers = [
        {"name": f"Bench Hospital {n:03d}", "customer_number": f"BC-{n:05d}", "country": "DK"}
        for n in range(CUSTOMERS)
    ]
    _write(Customer, customers)
    customer_ids = db.session.scalars(
        select(Customer.id).where(Customer.customer_number.like("BC-%"))
    ).all()
    accounts = [
        {
            "customer_id": customer_id,
            "account_number": f"BA-{customer_id:04d}-{n:02d}",
            "name": f"Bench site {customer_id}-{n}",
            "city": "Benchville",
        }
        for customer_id in customer_ids
        for n in range(ACCOUNTS_PER_CUSTOMER)
    ]
    _write(Account, accounts)
    return db.session.scalars(select(Account.id).where(Account.account_number.like("BA-%"))).all()


def _contracts(rng, count, account_ids, today) -> dict[int, list[int]]:
    rows = []
    for n in range(count):
        start = today - timedelta(days=rng.randint(100, 1500))
        end = today + timedelta(days=rng.randint(-400, 900))
        rows.append(
            {
                "contract_number": f"BSC-{n // 4:06d}",
                "product_item_number": f"BPI-{n:07d}",
                "product_item_description": "On-site service, full coverage",
                "purchase_order": f"BPO-{rng.randint(10**8, 10**9 - 1)}",
                "account_id": rng.choice(account_ids),
                "start_date": min(start, end),
                "end_date": end,
                "service_type": rng.choice(list(ServiceType)),
                "status": ContractStatus.active,
                "version": 1,
            }
        )
    _write(Contract, rows)
    lines: dict[int, list[int]] = {}
    statement = select(Contract.id, Contract.account_id).where(
        Contract.contract_number.like("BSC-%")
    )
    for line_id, account_id in db.session.execute(statement):
        lines.setdefault(account_id, []).append(line_id)
    return lines


def _assets(rng, count, account_ids, lines_by_account, today) -> list[int]:
    types = list(ProductType)
    rows = []
    for n in range(count):
        account_id = rng.choice(account_ids)
        lines = lines_by_account.get(account_id)
        product_type = rng.choice(types)
        rows.append(
            {
                "asset_number": f"B{n:08d}",
                "description": f"{product_type.value} system model {n % 17}",
                "product_type": product_type,
                "serial_number": f"BSN{n:08d}",
                "technical_id": f"BTID-{n:08d}",
                "udi": f"(01)0088442000{n % 1000:03d}0(21)BSN{n:08d}",
                "functional_location": f"BF-{account_id}-{n % 300}",
                "installation_date": today - timedelta(days=rng.randint(0, 5500)),
                "status": AssetStatus.inactive if n % 50 == 0 else AssetStatus.active,
                "account_id": account_id,
                "contract_id": rng.choice(lines) if lines and rng.random() < 0.85 else None,
                "custom_name": f"Room {n % 500} unit" if n % 3 == 0 else None,
                "version": 1,
            }
        )
    _write(Asset, rows)
    return db.session.scalars(select(Asset.id).where(Asset.asset_number.like("B%"))).all()


def _tickets(rng, count, asset_ids, today) -> None:
    statuses, weights = zip(*STATUS_WEIGHTS.items(), strict=True)
    events = list(EventType)
    first = db.session.scalar(select(func.max(TicketNumberCounter.last_value))) or 1_000_000
    start = datetime.combine(today, time(12)) - timedelta(days=5 * 365)
    span = 5 * 365 * 24 * 3600
    for offset in range(0, count, BATCH):
        rows = []
        for n in range(offset, min(offset + BATCH, count)):
            created = start + timedelta(seconds=span * n // count)
            rows.append(
                {
                    "number": f"SR-{first + 1 + n}",
                    "asset_id": rng.choice(asset_ids),
                    "priority": rng.randint(1, 5),
                    "origin": Origin.phone if n % 3 else Origin.internet,
                    "status": rng.choices(statuses, weights)[0],
                    "event_type": rng.choice(events),
                    "description": "Bench ticket",
                    "created_at": created,
                    "updated_at": created,
                    "version": 1,
                }
            )
        db.session.execute(insert(Ticket), rows)
        db.session.commit()
    db.session.execute(TicketNumberCounter.__table__.update().values(last_value=first + count))
    db.session.commit()


def _analyze() -> None:
    """Planner statistics, as autovacuum (PostgreSQL) or a maintenance job would keep."""
    with db.engine.begin() as connection:
        connection.execute(text("ANALYZE"))
