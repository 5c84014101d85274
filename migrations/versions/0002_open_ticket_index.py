"""Partial index of open tickets by asset and priority (an asset's operational state).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

OPEN = sa.text("status IN ('new', 'in_progress')")


def upgrade() -> None:
    op.create_index(
        "ix_ticket_open_by_asset",
        "ticket",
        ["asset_id", "priority"],
        postgresql_where=OPEN,
        sqlite_where=OPEN,
    )


def downgrade() -> None:
    op.drop_index("ix_ticket_open_by_asset", table_name="ticket")
