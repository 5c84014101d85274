"""The installed-base import: columns by header, every row checked, a dry run naming
each problem by row and column, all or nothing, upsert by key (twice = no change),
audited, a template to download; for vendor staff only."""

import csv
import io
import re
from html import unescape

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import delete, func, select

from app.assets.models import Asset
from app.audit.models import AuditEntry
from app.contracts.models import Contract
from app.extensions import db
from tests.conftest import csrf_token

HEADER = [
    "Asset ID",
    "Asset description",
    "Product type",
    "Serial number",
    "Technical ID",
    "UDI",
    "Functional location",
    "Installation date",
    "Status",
    "Account number",
    "Service contract",
    "Product item number",
]

CONTRACT_HEADER = [
    "Service contract",
    "Product item number",
    "Product item description",
    "Ship-to account number",
    "Start date",
    "End date",
    "Service type",
]


def asset_row(n: int, **changes) -> dict:
    serial = f"IMPSN{n:04d}"
    return {
        "Asset ID": f"IMP-{n:04d}",
        "Asset description": "Aurora MR 1.5T",
        "Product type": "MR",
        "Serial number": serial,
        "Technical ID": f"TID-IMP{n}",
        "UDI": f"(01)00884420000730(21){serial}",
        "Functional location": "DK-ROS-B1-1-R100",
        "Installation date": "2021-03-04",
        "Status": "Active",
        "Account number": "A-2001",
        "Service contract": "",
        "Product item number": "",
        **changes,
    }


def csv_file(rows: list[dict], header: list[str] = HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def xlsx_file(rows: list[dict]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append([row[title] for title in HEADER])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes, *, apply: bool, kind: str = "assets", name="assets.csv"):
    page = client.get("/installed-base-import/")
    assert page.status_code == 200
    button = {"apply": "Import"} if apply else {"check": "Check only (dry run)"}
    response = client.post(
        "/installed-base-import/",
        data={
            "csrf_token": csrf_token(page.text),
            "kind": kind,
            "file": (io.BytesIO(content), name),
            **button,
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    return response.text


def problems(html: str) -> list[tuple[str, str, str]]:
    table = (
        html.split('id="import-problems"')[1].split("</table>")[0]
        if "import-problems" in html
        else ""
    )
    found = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", table)
    return [tuple(unescape(cell) for cell in row) for row in found]


def imported_assets() -> dict[str, Asset]:
    return {
        a.asset_number: a
        for a in db.session.scalars(select(Asset).where(Asset.asset_number.like("IMP-%")))
    }


@pytest.fixture
def clean_imports(app):
    yield
    with app.app_context():
        ids = select(Asset.id).where(Asset.asset_number.like("IMP-%"))
        db.session.execute(
            delete(AuditEntry).where(
                AuditEntry.entity_type == "Asset", AuditEntry.entity_id.in_(ids)
            )
        )
        db.session.execute(delete(Asset).where(Asset.asset_number.like("IMP-%")))
        db.session.execute(delete(Contract).where(Contract.contract_number.like("IMP-%")))
        db.session.commit()


def test_a_dry_run_reports_and_changes_nothing(app, as_user, clean_imports):
    html = upload(as_user("support"), csv_file([asset_row(1), asset_row(2)]), apply=False)
    assert "Importing would create 2, update 0 and leave 0 unchanged" in html
    with app.app_context():
        assert imported_assets() == {}


def test_a_good_file_imports_once_and_the_second_time_changes_nothing(app, as_user, clean_imports):
    client = as_user("support")
    with app.app_context():
        line = db.session.scalar(
            select(Contract).where(Contract.account.has(account_number="A-2001")).limit(1)
        )
        contract = {
            "Service contract": line.contract_number,
            "Product item number": line.product_item_number,
        }
    rows = [asset_row(1), asset_row(2, **contract), asset_row(3, Status="")]
    html = upload(client, csv_file(rows), apply=True)
    assert "Imported: 3 created, 0 updated, 0 unchanged." in html
    with app.app_context():
        assets = imported_assets()
        assert assets["IMP-0002"].contract_id == line.id
        assert assets["IMP-0003"].status.value == "active"
        versions = {number: a.version for number, a in assets.items()}
        created = db.session.scalar(
            select(func.count(AuditEntry.id)).where(
                AuditEntry.entity_type == "Asset",
                AuditEntry.entity_id.in_([a.id for a in assets.values()]),
                AuditEntry.username == "support",
            )
        )
        assert created == 3
        audit_total = db.session.scalar(select(func.count(AuditEntry.id)))
    again = upload(client, csv_file(rows), apply=True)
    assert "Imported: 0 created, 0 updated, 3 unchanged." in again
    with app.app_context():
        assert {n: a.version for n, a in imported_assets().items()} == versions
        assert db.session.scalar(select(func.count(AuditEntry.id))) == audit_total
    changed = upload(
        client,
        csv_file([*rows[:2], asset_row(3, **{"Asset description": "Aurora MR 3T"})]),
        apply=True,
    )
    assert "Imported: 0 created, 1 updated, 2 unchanged." in changed
    with app.app_context():
        asset = imported_assets()["IMP-0003"]
        entry = db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_id == asset.id, AuditEntry.entity_type == "Asset")
            .order_by(AuditEntry.id.desc())
        ).first()
        assert entry.changes == {"description": {"old": "Aurora MR 1.5T", "new": "Aurora MR 3T"}}


def test_an_xlsx_file_imports_like_a_csv_file(app, as_user, clean_imports):
    html = upload(as_user("support"), xlsx_file([asset_row(7)]), apply=True, name="base.xlsx")
    assert "Imported: 1 created" in html
    with app.app_context():
        assert imported_assets()["IMP-0007"].installation_date.isoformat() == "2021-03-04"


def test_one_bad_row_saves_nothing_and_is_named(app, as_user, clean_imports):
    rows = [asset_row(1), asset_row(2, **{"Product type": "Toaster"}), asset_row(3)]
    html = upload(as_user("support"), csv_file(rows), apply=True)
    assert "1 problem found; nothing was saved." in html
    assert problems(html) == [("3", "Product type", problems(html)[0][2])]
    assert "Not one of: MR (magnetic resonance)" in problems(html)[0][2]
    with app.app_context():
        assert imported_assets() == {}


def existing_asset() -> Asset:
    return db.session.scalar(select(Asset).where(Asset.asset_number.not_like("IMP-%")).limit(1))


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"Asset ID": ""}, "Asset ID", "Required; the cell is empty."),
        ({"Serial number": ""}, "Serial number", "Required"),
        ({"Product type": "Toaster"}, "Product type", "Not one of"),
        ({"Status": "Broken"}, "Status", "Not one of: Active, Inactive"),
        ({"Installation date": "03/04/2021"}, "Installation date", "YYYY-MM-DD"),
        ({"UDI": "(01)00884420000731(21)IMPSN0001"}, "UDI", "checksum"),
        ({"UDI": "not a udi"}, "UDI", "Not a valid GS1 UDI"),
        ({"UDI": "(01)00884420000730(21)OTHER1"}, "UDI", "is not the row's"),
        ({"Account number": "A-9999"}, "Account number", "No such account."),
        (
            {"Service contract": "SC-0000-00", "Product item number": "PI-0"},
            "Service contract",
            "No such contract line.",
        ),
        (
            {"Service contract": "SC-2001-01"},
            "Product item number",
            "Needed to name the contract line.",
        ),
        ({"Asset description": "x" * 201}, "Asset description", "At most 200 characters"),
    ],
)
def test_each_kind_of_cell_problem_is_named_by_row_and_column(
    as_user, clean_imports, changes, column, message
):
    html = upload(
        as_user("support"), csv_file([asset_row(1), asset_row(2, **changes)]), apply=False
    )
    found = problems(html)
    assert len(found) == 1, found
    assert found[0][:2] == ("3", column) and message in found[0][2], found


def test_duplicates_and_foreign_contracts_are_named(app, as_user, clean_imports):
    with app.app_context():
        taken = existing_asset()
        amc_line = db.session.scalar(
            select(Contract).where(Contract.account.has(account_number="A-3001")).limit(1)
        )
        foreign = {
            "Service contract": amc_line.contract_number,
            "Product item number": amc_line.product_item_number,
        }
    rows = [
        asset_row(1),
        asset_row(2, **{"Serial number": "IMPSN0001", "UDI": ""}),  # serial twice in the file
        asset_row(1),  # asset ID twice in the file
        asset_row(4, **{"Serial number": taken.serial_number, "UDI": ""}),
        asset_row(5, **foreign),  # an AMC contract line on a Zealand account
    ]
    found = {
        (row, column): message
        for row, column, message in problems(
            upload(as_user("support"), csv_file(rows), apply=False)
        )
    }
    assert "also on row 2" in found[("3", "Serial number")]
    assert "also on row 2" in found[("4", "Asset ID")]
    assert taken.asset_number in found[("5", "Serial number")]
    assert "another customer" in found[("6", "Service contract")]


def test_a_missing_required_column_is_named_on_the_header_row(as_user, clean_imports):
    header = [title for title in HEADER if title != "Serial number"]
    html = upload(as_user("support"), csv_file([asset_row(1)], header), apply=False)
    assert ("1", "Serial number", "This required column is missing.") in problems(html)


def test_contract_lines_import_with_their_own_checks(app, as_user, clean_imports):
    header = CONTRACT_HEADER
    good = {
        "Service contract": "IMP-1",
        "Product item number": "PI-1",
        "Product item description": "On-site service",
        "Ship-to account number": "A-2002",
        "Start date": "2026-01-01",
        "End date": "2027-12-31",
        "Service type": "On-site",
    }
    client = as_user("support")
    bad = upload(
        client,
        csv_file([good, {**good, "Product item number": "PI-2", "End date": "2025-01-01"}], header),
        apply=True,
        kind="contracts",
    )
    assert problems(bad) == [("3", "End date", "Before the start date.")]
    assert "Imported: 1 created" in upload(
        client, csv_file([good], header), apply=True, kind="contracts"
    )
    assert "0 created, 0 updated, 1 unchanged" in upload(
        client, csv_file([good], header), apply=True, kind="contracts"
    )


def test_the_templates_hold_the_import_columns(as_user):
    client = as_user("support")
    text = client.get("/installed-base-import/template/assets.csv").get_data(as_text=True)
    assert next(csv.reader(io.StringIO(text.lstrip("\ufeff")))) == HEADER
    sheet = load_workbook(
        io.BytesIO(client.get("/installed-base-import/template/contracts.xlsx").data)
    ).active
    assert [c.value for c in sheet[1]][0] == "Service contract"


def test_a_file_that_is_not_a_table_is_refused_clearly(as_user):
    client = as_user("support")
    html = upload(client, b"%PDF-1.4", apply=False, name="scan.pdf")
    assert "Upload a .csv or .xlsx file." in html
    html = upload(client, b"not a zip", apply=False, name="broken.xlsx")
    assert "not a readable XLSX file" in html


@pytest.mark.parametrize("username", ["zuh.manager", "zuh.user", "zuh.recipient"])
def test_customers_cannot_import(as_user, username):
    client = as_user(username)
    assert client.get("/installed-base-import/").status_code in (302, 403)
    assert client.get("/installed-base-import/template/assets.csv").status_code in (302, 403)
