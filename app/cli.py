"""``flask`` commands of the portal."""

import click
from flask import Flask, current_app

from app.setup import prepare_database


def register_commands(app: Flask) -> None:
    @app.cli.command("setup-db")
    def setup_db() -> None:
        """Create or upgrade the schema and sync the roles (idempotent)."""
        prepare_database()
        click.echo("Database ready.")

    @app.cli.command("demo-data")
    def demo_data() -> None:
        """Load the demo customers, fleet, contracts, tickets and logins."""
        from app.demo import DEMO_LOGINS, DEMO_PASSWORD, load_demo_data

        if not (current_app.debug or current_app.config.get("PORTAL_DEMO")):
            raise click.ClickException("Demo data is for demo use only: set PORTAL_DEMO=1.")
        prepare_database()
        if not load_demo_data():
            click.echo("The database already holds data; demo data not loaded.")
            return
        click.echo(f"Demo data loaded. Logins (password {DEMO_PASSWORD}):")
        for username, role, customer in DEMO_LOGINS:
            click.echo(f"  {username:<15} {role:<10} {customer}")
