"""Trigram indexes for the asset quick search, on PostgreSQL only.

pg_trgm ships with PostgreSQL and is a trusted extension (PostgreSQL 13+): the owner of
the database may enable it. SQLite has no such index; its quick search scans.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = ("asset_number", "serial_number", "udi", "technical_id", "custom_name")


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        op.create_index(
            f"ix_asset_{column}_trigram",
            "asset",
            [column],
            postgresql_using="gin",
            postgresql_ops={column: "gin_trgm_ops"},
        )


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    for column in COLUMNS:
        op.drop_index(f"ix_asset_{column}_trigram", table_name="asset")
