"""Bringing a database to the state the portal runs on."""

from flask import current_app
from flask_migrate import upgrade

from app.security.roles import sync_roles


def prepare_database() -> None:
    """Apply the Alembic migrations and create the roles; safe to run at every start."""
    upgrade(directory=current_app.extensions["migrate"].directory)
    sync_roles(current_app.appbuilder.sm)
    current_app.appbuilder.session.commit()
