"""Deterministic demo data: three customers, a fleet of ~90 systems, contracts in every
expiry colour, three years of tickets, and a login for every role.

Dates are laid out around the clock's today (``PORTAL_TODAY`` fixes it), so the colours
and the open tickets always read right. Loaded only for demo use (``run.py``,
``flask demo-data`` with ``PORTAL_DEMO=1``) and only into an empty database.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import func, select
from stdnum import ean, gs1_128

from app.accounts.models import Account, Customer
from app.assets.enums import AssetStatus, ProductType
from app.assets.models import Asset
from app.audit.services import resume_audit, suspend_audit
from app.common import clock
from app.contracts.enums import ContractStatus, ServiceType
from app.contracts.models import Contract
from app.extensions import db
from app.tickets.enums import ActivityType, EventType, Origin, Priority, TicketStatus
from app.tickets.models import Ticket, TicketActivity
from app.tickets.services import allocate_ticket_numbers

DEMO_PASSWORD = "Demo-pass-2026"
ZUH = "Zealand University Hospital"
AMC = "Aarhus Medical Centre"
OIC = "Odense Imaging Clinic"

# (username, role, customer, first name, last name, index of the customer's accounts
# assigned; None = all of them)
_USERS = [
    ("admin", "Admin", None, "Ada", "Admin", None),
    ("support", "Support", None, "Sam", "Support", None),
    ("zuh.manager", "Manager", ZUH, "Mette", "Madsen", None),
    ("zuh.user", "User", ZUH, "Ulrik", "Hansen", [0, 1]),
    ("zuh.recipient", "Recipient", ZUH, "Rikke", "Nielsen", None),
    ("amc.manager", "Manager", AMC, "Anders", "Berg", None),
    ("amc.user", "User", AMC, "Astrid", "Lund", None),
]
DEMO_LOGINS = [(u, role, customer or "vendor staff") for u, role, customer, *_ in _USERS]

# (name, number, [(site, account number, street, postal code, city, site code)])
_CUSTOMERS = [
    (
        ZUH,
        "C-100200",
        [
            ("Roskilde Hospital", "A-2001", "Sygehusvej 10", "4000", "Roskilde", "ROS"),
            ("Køge Hospital", "A-2002", "Lykkebækvej 1", "4600", "Køge", "KOG"),
            ("Holbæk Hospital", "A-2003", "Smedelundsgade 60", "4300", "Holbæk", "HOL"),
        ],
    ),
    (
        AMC,
        "C-100300",
        [
            (
                "Aarhus Medical Centre, Skejby",
                "A-3001",
                "Palle Juul-Jensens Blvd. 99",
                "8200",
                "Aarhus N",
                "SKE",
            ),
            (
                "Aarhus Medical Centre, Randers",
                "A-3002",
                "Skovlyvej 15",
                "8930",
                "Randers NØ",
                "RAN",
            ),
        ],
    ),
    (
        OIC,
        "C-100400",
        [
            ("Odense Imaging Clinic", "A-4001", "J. B. Winsløws Vej 4", "5000", "Odense C", "ODE"),
        ],
    ),
]

_MODELS = {
    ProductType.MR: ["Aurora MR 1.5T", "Aurora MR 3.0T"],
    ProductType.CT: ["Helix CT 128", "Helix CT 256 Spectral"],
    ProductType.US: ["Sona US Elite", "Sona US 70", "Sona US Compact"],
    ProductType.IXR: ["Vista IXR biplane", "Vista IXR monoplane"],
    ProductType.DXR: ["Lumen DXR C90"],
    ProductType.NM: ["Gamma NM SPECT/CT"],
    ProductType.PET_CT: ["Helix PET-CT Digital"],
    ProductType.PMS: ["Vital PMS MX800"],
    ProductType.OTHER: ["Ambient suite"],
}
# How common each type is in a hospital fleet.
_TYPE_WEIGHTS = {
    ProductType.MR: 4,
    ProductType.CT: 4,
    ProductType.US: 7,
    ProductType.IXR: 3,
    ProductType.DXR: 2,
    ProductType.NM: 1,
    ProductType.PET_CT: 1,
    ProductType.PMS: 2,
    ProductType.OTHER: 1,
}
_DEPARTMENTS = ["Radiology", "Cardiology", "Emergency", "Oncology", "Neurology", "ICU"]
# Days from today to each contract line's end: every expiry colour and its boundaries.
_CONTRACT_END_OFFSETS = [400, 200, 91, 90, 60, 30, 29, 10, 0, -1, -45, -200]
_PROBLEMS = [
    "Gantry rotation error E-204 during the morning QA scan.",
    "Image artefacts (ring pattern) on all head protocols.",
    "System does not boot after the power outage last night.",
    "Helium level warning on the console.",
    "Table movement intermittently blocked.",
    "Probe L12-4 shows dead elements on the left side.",
    "Detector calibration failed twice; exams postponed.",
    "Request for the yearly planned maintenance visit.",
    "Software update to the latest release requested.",
    "Question about the dose report export to PACS.",
]


@dataclass
class _Fleet:
    accounts: list[Account]
    assets: list[Asset]


def load_demo_data() -> bool:
    """Load the demo world into an empty database; return whether it loaded."""
    if db.session.scalar(select(func.count()).select_from(Customer)):
        return False
    rng = random.Random(2026)
    today = clock.today()
    suspend_audit(db.session)  # loading the demo is nobody's change
    try:
        fleet = _create_fleet(rng, today)
        users = _create_users(fleet)
        _create_tickets(rng, fleet.assets, users["support"])
        db.session.commit()
    finally:
        resume_audit(db.session)
    return True


def _create_fleet(rng: random.Random, today: date) -> _Fleet:
    accounts, assets = [], []
    serial = 0
    for customer_name, customer_number, sites in _CUSTOMERS:
        customer = Customer(name=customer_name, customer_number=customer_number, country="DK")
        db.session.add(customer)
        for site, number, street, postal_code, city, site_code in sites:
            account = Account(
                customer=customer,
                name=site,
                account_number=number,
                street=street,
                postal_code=postal_code,
                city=city,
            )
            accounts.append(account)
            lines = _create_contract_lines(rng, account, today)
            for position in range(15):
                serial += 1
                asset = _make_asset(rng, account, site_code, serial, position, today)
                # Most systems are covered; every tenth one is not.
                asset.contract = None if position % 10 == 9 else lines[position % len(lines)]
                assets.append(asset)
    db.session.add_all(accounts + assets)
    db.session.flush()
    return _Fleet(accounts, assets)


def _create_contract_lines(rng: random.Random, account: Account, today: date) -> list[Contract]:
    lines = []
    offsets = _CONTRACT_END_OFFSETS[:]
    rng.shuffle(offsets)
    for index, end_offset in enumerate(offsets[:6]):
        end = today + timedelta(days=end_offset)
        service_type = list(ServiceType)[index % len(ServiceType)]
        lines.append(
            Contract(
                contract_number=f"SC-{account.account_number[2:]}-{index // 3 + 1:02d}",
                product_item_number=f"PI-{account.account_number[2:]}{index + 1:03d}",
                product_item_description=f"{service_type.label} service, "
                + ("full coverage" if index % 2 == 0 else "parts and labour"),
                purchase_order=f"PO-{rng.randint(4500000000, 4599999999)}",
                account=account,
                start_date=end - timedelta(days=rng.choice([365, 730, 1095])),
                end_date=end,
                service_type=service_type,
                status=ContractStatus.inactive if end_offset < -100 else ContractStatus.active,
            )
        )
    return lines


def _make_asset(
    rng: random.Random, account: Account, site_code: str, serial: int, position: int, today: date
) -> Asset:
    product_type = rng.choices(list(_TYPE_WEIGHTS), weights=list(_TYPE_WEIGHTS.values()))[0]
    model = rng.choice(_MODELS[product_type])
    installed = today - timedelta(days=rng.randint(30, 15 * 365))
    serial_number = f"{product_type.value[:2]}{installed:%y}{serial:05d}"
    department = rng.choice(_DEPARTMENTS)
    return Asset(
        asset_number=f"{40_000_000 + serial}",
        description=model,
        product_type=product_type,
        serial_number=serial_number,
        technical_id=f"TID-{700_000 + serial}",
        udi=_udi(product_type, model, serial_number),
        functional_location=f"DK-{site_code}-B{rng.randint(1, 9)}-{rng.randint(0, 4)}"
        f"-R{rng.randint(100, 499)}",
        installation_date=installed,
        status=AssetStatus.inactive if position == 14 else AssetStatus.active,
        account=account,
        custom_name=f"{product_type.value} {position + 1} {department}" if position % 3 else None,
        department=department if position % 2 else None,
        inventory_number=f"INV-{serial:05d}" if position % 4 == 0 else None,
    )


def _udi(product_type: ProductType, model: str, serial_number: str) -> str:
    """A GS1 UDI: (01) GTIN-14 with a valid check digit, (21) serial number."""
    item_reference = list(ProductType).index(product_type) * 100 + sum(map(ord, model)) % 100
    gtin13 = f"0088442{item_reference:06d}"
    gtin = gtin13 + ean.calc_check_digit(gtin13)
    return gs1_128.encode({"01": gtin, "21": serial_number}, parentheses=True)


def _create_users(fleet: _Fleet) -> dict:
    sm = current_app.appbuilder.sm
    by_customer: dict[str, list[Account]] = {}
    for account in fleet.accounts:
        by_customer.setdefault(account.customer.name, []).append(account)
    users = {}
    for username, role, customer_name, first, last, account_indexes in _USERS:
        user = sm.add_user(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@example.com",
            role=sm.find_role(role),
            password=DEMO_PASSWORD,
        )
        if user is None or user is False:
            raise RuntimeError(f"could not create demo user {username}")
        if customer_name:
            accounts = by_customer[customer_name]
            user.customer = accounts[0].customer
            user.accounts = (
                accounts if account_indexes is None else [accounts[i] for i in account_indexes]
            )
        user.password_changed_at = clock.now()
        users[username] = user
    db.session.flush()
    return users


def _create_tickets(rng: random.Random, assets: list[Asset], engineer) -> None:
    now = clock.now()
    count = 330
    numbers = allocate_ticket_numbers(db.session, count)
    active_assets = [a for a in assets if a.status == AssetStatus.active]
    priorities = list(Priority)
    event_types = list(EventType)
    # Three years of history, oldest first, and a busy last three weeks.
    recent = 30
    moments = sorted(
        [
            now - timedelta(minutes=rng.randint(21 * 24 * 60, 3 * 365 * 24 * 60))
            for _ in range(count - recent)
        ]
        + [now - timedelta(minutes=rng.randint(30, 21 * 24 * 60)) for _ in range(recent)]
    )
    tickets = []
    for index, (number, created) in enumerate(zip(numbers, moments, strict=True)):
        age_days = (now - created).days
        status = _status_for_age(rng, age_days)
        priority = priorities[index % len(priorities)] if index < 50 else rng.choice(priorities)
        # Only recent tickets stay open at priority 1-2: a few systems are down today.
        if status in (TicketStatus.new, TicketStatus.in_progress) and priority <= 2 and index % 3:
            priority = Priority.limited
        tickets.append(
            _make_ticket(
                rng,
                number,
                created,
                status,
                priority,
                event_types[index % len(event_types)],
                rng.choice(active_assets),
                engineer,
                index,
            )
        )
    db.session.add_all(tickets)
    db.session.flush()
    db.session.add_all(
        activity for ticket in tickets for activity in _activities_for(rng, ticket, engineer)
    )


def _status_for_age(rng: random.Random, age_days: int) -> TicketStatus:
    if age_days > 60:
        return TicketStatus.closed if rng.random() < 0.95 else TicketStatus.resolved
    if age_days > 14:
        return rng.choice([TicketStatus.closed, TicketStatus.resolved, TicketStatus.in_progress])
    return rng.choice([TicketStatus.new, TicketStatus.in_progress, TicketStatus.resolved])


def _make_ticket(
    rng: random.Random,
    number: str,
    created: datetime,
    status: TicketStatus,
    priority: Priority,
    event_type: EventType,
    asset: Asset,
    engineer,
    index: int,
) -> Ticket:
    handled = status != TicketStatus.new
    done = status in (TicketStatus.resolved, TicketStatus.closed)
    return Ticket(
        number=number,
        asset=asset,
        priority=int(priority),
        origin=Origin.phone if index % 4 == 0 else Origin.internet,
        status=status,
        event_type=event_type,
        service_type=asset.contract.service_type if asset.contract else None,
        description=rng.choice(_PROBLEMS),
        contact_name=rng.choice(["Lene Holm", "Peter Krogh", "Sofie Dahl", "Jonas Vestergaard"]),
        contact_phone=f"+45 {rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
        f"{rng.randint(10, 99)}",
        customer_reference=f"REF-{rng.randint(1000, 9999)}" if index % 2 else None,
        sap_notification_number=f"{300_000_000 + index * 7}" if handled else None,
        report_closure_date=(created + timedelta(days=rng.randint(0, 10))).date() if done else None,
        engineer=engineer if handled else None,
        created_at=created,
        updated_at=created + timedelta(hours=rng.randint(1, 72)) if handled else created,
    )


def _activities_for(rng: random.Random, ticket: Ticket, engineer) -> list[TicketActivity]:
    types = list(ActivityType)
    entries = [
        TicketActivity(
            ticket_id=ticket.id,
            activity_type=ActivityType.customer_problem,
            text=ticket.description,
            created_at=ticket.created_at,
        )
    ]
    for step in range(rng.randint(0, 3)):
        entries.append(
            TicketActivity(
                ticket_id=ticket.id,
                activity_type=types[(ticket.id + step) % len(types)],
                text=rng.choice(
                    [
                        "Remote session: log files collected, error reproduced.",
                        "Spare part ordered, delivery expected within 48 hours.",
                        "Engineer on site, part replaced, system tested and handed over.",
                        "Customer informed about the next steps.",
                        "Safety check performed, no hazard found.",
                    ]
                ),
                author_id=engineer.id,
                created_at=ticket.created_at + timedelta(hours=4 * (step + 1)),
            )
        )
    return entries
