"""The schema: built by the migrations on SQLite and PostgreSQL, equal to the models,
and guarded by CHECK constraints."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_appbuilder import Model
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from app.common.database import created_on
from app.extensions import db


def test_migrations_build_every_table_of_the_models(app_context):
    tables = set(inspect(db.engine).get_table_names())
    assert set(Model.metadata.tables) <= tables


def test_migrations_and_models_do_not_drift(app_context):
    with db.engine.connect() as connection:
        options = {"include_object": created_on(connection.dialect.name)}
        context = MigrationContext.configure(connection, opts=options)
        differences = compare_metadata(context, Model.metadata)
    assert differences == []


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE asset SET status = 'broken' WHERE id = (SELECT MIN(id) FROM asset)",
        "UPDATE asset SET product_type = 'XR' WHERE id = (SELECT MIN(id) FROM asset)",
        "UPDATE ticket SET priority = 6 WHERE id = (SELECT MIN(id) FROM ticket)",
        "UPDATE ticket SET status = 'open' WHERE id = (SELECT MIN(id) FROM ticket)",
        "UPDATE ticket SET origin = 'email' WHERE id = (SELECT MIN(id) FROM ticket)",
        "UPDATE contract SET service_type = 'daily' WHERE id = (SELECT MIN(id) FROM contract)",
        "UPDATE contract SET end_date = start_date - 1 WHERE id = (SELECT MIN(id) FROM contract)",
        "UPDATE ticket_activity SET activity_type = 'chat' "
        "WHERE id = (SELECT MIN(id) FROM ticket_activity)",
    ],
)
def test_check_constraints_reject_a_bad_code(app_context, statement):
    if "start_date - 1" in statement and db.engine.dialect.name == "sqlite":
        statement = statement.replace("start_date - 1", "date(start_date, '-1 day')")
    with db.engine.connect() as connection, pytest.raises(IntegrityError):
        connection.execute(text(statement))
        connection.rollback()
