"""The application's singletons, created unbound and attached in create_app()."""

from flask_appbuilder import AppBuilder, Model
from flask_appbuilder.models.sqla.base import SQLA
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect

# model_class=Model: FAB's tables and ours share one metadata, so Alembic sees them all
# (FAB_PITFALLS 12).
db = SQLA(model_class=Model)
appbuilder = AppBuilder(update_perms=True)
csrf = CSRFProtect()
migrate = Migrate()
