"""The portal at a real vendor's scale: 100,000 assets, 20,000 contract lines and
1,000,000 tickets, on SQLite and on PostgreSQL.

    python bench/run_bench.py                      # both databases, full scale
    python bench/run_bench.py --database sqlite --scale 0.1 --repeat 5

For each list page (first page, deep page, filtered, quick search, sorted) it prints the
median and 95th-percentile server time, the SQL statements per request, the HTML size,
and the time of the bare SQL of the same page (the page's own statements replayed on a
raw connection), with the ratio page / bare SQL. Then the bulk status change of 10,000
tickets against one UPDATE statement, and the 100,000-row CSV and XLSX exports with the
peak memory of the process. Results go to docs/performance.md by hand, with this
command line. PostgreSQL uses the database ``portal_bench`` (created if missing) on
BENCH_POSTGRES_URL, default postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench.
"""

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQLITE_URL = "sqlite:////tmp/portal-bench.db"
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench"
)
TODAY = "2026-06-15"
PASSWORD = "Demo-pass-2026"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 100k assets, 1M tickets")
    parser.add_argument("--repeat", type=int, default=15, help="requests per page")
    parser.add_argument("--reuse", action="store_true", help="keep data built by an earlier run")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return _child(args)
    databases = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    for database in databases:
        for part in ("pages", "export-csv", "export-xlsx"):
            # Each in its own process: a fresh configuration per database, and a peak
            # memory figure that belongs to the export alone.
            command = [sys.executable, __file__, "--child", f"{database}:{part}"]
            command += ["--scale", str(args.scale), "--repeat", str(args.repeat)]
            if args.reuse or part != "pages":
                command.append("--reuse")
            subprocess.run(command, check=True, cwd=ROOT)


def _child(args: argparse.Namespace) -> None:
    database, part = args.child.split(":")
    url = SQLITE_URL if database == "sqlite" else POSTGRES_URL
    os.environ.update(DATABASE_URL=url, PORTAL_TODAY=TODAY, PORTAL_DEMO="1")
    sys.path.insert(0, str(ROOT))
    if database == "postgresql":
        _create_postgres_database(url)
    from app import create_app

    app = create_app({"SERVER_NAME": "localhost", "PORTAL_LOGIN_RATE_LIMIT": "100000/minute"})
    sizes = {
        "assets": int(100_000 * args.scale),
        "contracts": int(20_000 * args.scale),
        "tickets": int(1_000_000 * args.scale),
    }
    with app.app_context():
        if args.reuse:
            from app.setup import prepare_database

            prepare_database()  # migrations added since the data was built
        else:
            _rebuild(database, sizes)
    if part == "pages":
        print(f"\n## {database}: {sizes['assets']:,} assets, {sizes['tickets']:,} tickets\n")
        _bench_pages(app, args.repeat)
        _bench_bulk(app, min(10_000, sizes["tickets"] // 100))
    else:
        _bench_export(app, part.split("-")[1])


def _create_postgres_database(url: str) -> None:
    from sqlalchemy import create_engine, text

    name = url.rsplit("/", 1)[1]
    engine = create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()


def _rebuild(database: str, sizes: dict[str, int]) -> None:
    from sqlalchemy import text

    from app.extensions import db
    from app.setup import prepare_database
    from bench.build_data import build

    print(f"Building the {database} database ...", flush=True)
    started = time.perf_counter()
    if database == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    else:
        db.session.remove()
        db.engine.dispose()
        Path(SQLITE_URL.removeprefix("sqlite:///")).unlink(missing_ok=True)
    prepare_database()
    build(sizes["assets"], sizes["contracts"], sizes["tickets"])
    print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)


# Pages -------------------------------------------------------------------------------


def _login(client, username: str) -> None:
    page = client.get("/login/").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    answer = client.post(
        "/login/", data={"username": username, "password": PASSWORD, "csrf_token": token}
    )
    assert answer.status_code == 302 and "/login" not in answer.headers["Location"]


def _filter_arg(view_name: str, column: str, operation: str) -> str:
    from app.extensions import appbuilder

    view = next(v for v in appbuilder.baseviews if type(v).__name__ == view_name)
    filters = view.new_filters()._all_filters[column]
    index = next(i for i, f in enumerate(filters) if f.arg_name == operation)
    return f"_flt_{index}_{column}"


def _cases(app) -> list[tuple[str, str]]:
    from sqlalchemy import func, select

    from app.extensions import db
    from app.tickets.models import Ticket

    with app.app_context():
        a, t = "AssetModelView", "TicketModelView"
        middle_ticket = db.session.scalar(
            select(Ticket.number)
            .order_by(Ticket.id)
            .offset(db.session.scalar(select(func.count(Ticket.id))) // 2)
            .limit(1)
        )
        qs = _filter_arg(a, "asset_number", "qs")
        return [
            ("Assets: first page", "/assetmodelview/list/"),
            ("Assets: deep page (row 50,000)", f"/assetmodelview/list/?page_{a}=2000"),
            (
                "Assets: filtered (CT, active)",
                f"/assetmodelview/list/?{_filter_arg(a, 'product_type', 'eq')}=CT"
                f"&{_filter_arg(a, 'status', 'eq')}=active",
            ),
            ("Assets: quick search (serial)", f"/assetmodelview/list/?{qs}=bsn0004242"),
            (
                "Assets: sorted by expiry colour",
                f"/assetmodelview/list/?_oc_{a}=contract.days_to_expiry&_od_{a}=asc",
            ),
            ("Tickets: first page", "/ticketmodelview/list/"),
            ("Tickets: deep page (row 500,000)", f"/ticketmodelview/list/?page_{t}=20000"),
            (
                "Tickets: filtered (New, priority 1)",
                f"/ticketmodelview/list/?{_filter_arg(t, 'status', 'eq')}=new"
                f"&{_filter_arg(t, 'priority', 'eq')}=1",
            ),
            (
                "Tickets: search by number",
                f"/ticketmodelview/list/?{_filter_arg(t, 'number', 'eq')}={middle_ticket}",
            ),
            ("Tickets: sorted by priority", f"/ticketmodelview/list/?_oc_{t}=priority&_od_{t}=asc"),
        ]


def _bench_pages(app, repeat: int) -> None:
    from sqlalchemy import event

    from app.extensions import db

    client = app.test_client()
    _login(client, "support")
    with app.app_context():
        engine = db.engine
    captured: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        captured.append((statement, parameters))

    header = "| page | median ms | p95 ms | SQL statements | HTML KB | bare SQL ms | page / bare |"
    print(header)
    print("|---|---:|---:|---:|---:|---:|---:|")
    results = []
    for name, url in _cases(app):
        for _ in range(2):  # warm-up: caches, compiled statements
            assert client.get(url).status_code == 200, url
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        captured.clear()
        event.listen(engine, "before_cursor_execute", capture)
        response = client.get(url)
        event.remove(engine, "before_cursor_execute", capture)
        statements = list(captured)
        bare = _bare_sql_ms(engine, statements, repeat)
        median, p95 = statistics.median(times), _p95(times)
        kb = len(response.data) / 1024
        row = (name, median, p95, len(statements), kb, bare, median / bare)
        results.append(row)
        print(
            f"| {name} | {median:.1f} | {p95:.1f} | {len(statements)} | {kb:.0f} | "
            f"{bare:.1f} | {median / bare:.1f} |",
            flush=True,
        )
    misses = [row[0] for row in results if row[1] > max(2 * row[5], row[5] + 30) or row[4] > 300]
    target = "median within 2x bare SQL or +30 ms; HTML <= 300 KB"
    print(f"\nTarget ({target}) missed by: {misses or 'none'}")


def _bare_sql_ms(engine, statements, repeat: int) -> float:
    times = []
    with engine.connect() as connection:
        for _ in range(max(3, repeat // 2)):
            started = time.perf_counter()
            for statement, parameters in statements:
                result = connection.exec_driver_sql(statement, parameters)
                if result.returns_rows:
                    result.fetchall()
            times.append((time.perf_counter() - started) * 1000)
            connection.rollback()
    return statistics.median(times)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# Bulk edit ---------------------------------------------------------------------------


def _bench_bulk(app, count: int) -> None:
    from sqlalchemy import select, update

    from app.common.bulk import Selection
    from app.extensions import db
    from app.security.models import PortalUser
    from app.tickets.bulk import bulk_edit_tickets
    from app.tickets.enums import TicketStatus
    from app.tickets.models import Ticket

    with app.test_request_context():
        user = db.session.scalar(select(PortalUser).where(PortalUser.username == "support"))
        rows = db.session.execute(
            select(Ticket.id, Ticket.version).where(Ticket.status == TicketStatus.new).limit(count)
        ).all()
        selection = Selection({row.id: row.version for row in rows})
        ids = list(selection.versions)
        service, bare = [], []
        for _ in range(5):
            started = time.perf_counter()
            bulk_edit_tickets(db.session, user, selection, status=TicketStatus.in_progress)
            db.session.flush()
            service.append((time.perf_counter() - started) * 1000)
            db.session.rollback()
            started = time.perf_counter()
            db.session.execute(
                update(Ticket)
                .where(Ticket.id.in_(ids))
                .values(status=TicketStatus.in_progress, version=Ticket.version + 1)
                .execution_options(synchronize_session=False)
            )
            bare.append((time.perf_counter() - started) * 1000)
            db.session.rollback()
    s, b = statistics.median(service), statistics.median(bare)
    print(
        f"\nBulk status change of {len(ids):,} tickets (checked, audited): median {s:.0f} ms; "
        f"one bare UPDATE: {b:.0f} ms; ratio {s / b:.1f} (target <= 3)"
    )


# Export ------------------------------------------------------------------------------


def _bench_export(app, file_format: str) -> None:
    client = app.test_client()
    _login(client, "support")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    response = client.get(f"/assetmodelview/export/{file_format}", buffered=False)
    size = rows = 0
    for chunk in response.response:
        size += len(chunk)
        if file_format == "csv":
            rows += chunk.count(b"\n") if isinstance(chunk, bytes) else chunk.count("\n")
    response.close()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    counted = f"{rows - 1:,} rows, " if file_format == "csv" else ""
    print(
        f"Export of every asset as {file_format.upper()}: {counted}{size / 2**20:.1f} MB in "
        f"{seconds:.1f} s; process peak memory {peak:.0f} MB "
        f"(before the export {before:.0f} MB; target < 200 MB)",
        flush=True,
    )
    print(json.dumps({"format": file_format, "seconds": seconds, "peak_mb": peak}))


if __name__ == "__main__":
    main()
