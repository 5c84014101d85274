"""Portal configuration: safe local defaults, everything else from the environment.

Flask-AppBuilder reads its settings from this module (``app.config.from_object``).
"""

import os
from pathlib import Path

from flask_appbuilder.const import AUTH_DB

BASE_DIR = Path(__file__).resolve().parent


def database_url() -> str:
    """``DATABASE_URL`` or a SQLite file beside this module; plain ``postgresql://``
    URLs are pointed at the psycopg 3 driver we ship."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'portal.db'}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


APP_NAME = "Equipment Service Portal"
APP_THEME = ""
SQLALCHEMY_DATABASE_URI = database_url()
SQLALCHEMY_TRACK_MODIFICATIONS = False

# Required outside debug/demo use; create_app() refuses to start without it.
SECRET_KEY = os.environ.get("SECRET_KEY")
# Set by `python run.py` (and the tests): allows a development secret and demo data.
PORTAL_DEMO = os.environ.get("PORTAL_DEMO") == "1"

AUTH_TYPE = AUTH_DB
AUTH_ROLE_ADMIN = "Admin"
AUTH_ROLE_PUBLIC = "Public"
AUTH_USER_REGISTRATION = False  # FAB_PITFALLS 11: self-registration assigns no customer
FAB_ADD_SECURITY_API = False  # FAB_PITFALLS 11: its user/role APIs are unscoped
FAB_API_SWAGGER_UI = True
FAB_API_MAX_PAGE_SIZE = 100
# The schema belongs to Alembic (migrations/); roles are synced by app.security.roles.
FAB_CREATE_DB = False
# Every role is a FAB "builtin" role (app.security.roles): permissions are checked in
# memory, so FAB need not write permission rows at start.
FAB_UPDATE_PERMS = False
FAB_SECURITY_MANAGER_CLASS = "app.security.manager.PortalSecurityManager"
FAB_INDEX_VIEW = "app.common.home.HomeView"
FAB_BASE_TEMPLATE = "portal_base.html"

BABEL_DEFAULT_LOCALE = "en"
LANGUAGES = {
    "en": {"flag": "gb", "name": "English"},
    "pl": {"flag": "pl", "name": "Polski"},
}

WTF_CSRF_ENABLED = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Secure cookies everywhere but local demo use over plain http.
SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0" if PORTAL_DEMO else "1") == "1"
REMEMBER_COOKIE_HTTPONLY = True
REMEMBER_COOKIE_SAMESITE = "Lax"
REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Rate-limit counters: memory per process locally, Redis in production (shared by all
# workers). Both login doors (page and API) allow this many attempts per address.
RATELIMIT_ENABLED = True
RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
AUTH_RATE_LIMITED = True
PORTAL_LOGIN_RATE_LIMIT = os.environ.get("PORTAL_LOGIN_RATE_LIMIT", "20 per minute")

# FAB's own user forms check our password policy too (create_app sets the validator).
FAB_PASSWORD_COMPLEXITY_ENABLED = True

# Largest upload (the installed-base import), in megabytes.
MAX_CONTENT_LENGTH = int(os.environ.get("PORTAL_MAX_UPLOAD_MB", "50")) * 1024 * 1024
