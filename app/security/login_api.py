"""FAB's JWT login API with a per-address rate limit (FAB limits only the login page)."""

from flask import current_app
from flask_appbuilder.security.api import SecurityApi
from flask_appbuilder.utils.limit import Limit
from flask_limiter.util import get_remote_address


def login_rate_limit() -> str:
    """Read per request, so the limit is configuration (``PORTAL_LOGIN_RATE_LIMIT``)."""
    return current_app.config["PORTAL_LOGIN_RATE_LIMIT"]


class PortalSecurityApi(SecurityApi):
    limits = [Limit(login_rate_limit, key_func=get_remote_address, methods=("POST",))]
