"""Login security: lockout, equal answers for every failure, session and token
invalidation, password expiry. The security manager and the request hooks call these."""

from datetime import datetime, timedelta
from typing import Any

import click
from flask import current_app, g, jsonify, redirect, request, session, url_for
from flask_jwt_extended import get_current_user, verify_jwt_in_request
from flask_login import logout_user
from sqlalchemy import func, update
from werkzeug.security import check_password_hash

from app.audit.enums import AuditAction
from app.audit.models import AuditEntry
from app.common.clock import now
from app.extensions import db
from app.security.models import PortalUser
from app.security.password_policy import password_expired

MAX_FAILED_LOGINS = 5
LOCK_DURATION = timedelta(minutes=15)
SESSION_LOGIN_AT = "portal_login_at"
API_PREFIX = "/api/"
CHANGE_PASSWORD_ENDPOINT = "ResetMyPasswordView.this_form_get"
# What a password-expired user may still reach.
_ALLOWED_WHEN_EXPIRED = {
    "ResetMyPasswordView.this_form_get",
    "ResetMyPasswordView.this_form_post",
    "AuthDBView.logout",
    "AuthDBView.login",
    "appbuilder.static",
    "static",
    "LocaleView.index",
}


def is_locked(user: Any) -> bool:
    return bool(user.locked_until and user.locked_until > now())


def _burn_time() -> None:
    # An unknown, disabled or locked user costs one hash check too, so that failures
    # cannot be told apart by their timing.
    check_password_hash(current_app.config["AUTH_DB_FAKE_PASSWORD_HASH_CHECK"], "password")


def _audit(user: Any, action: AuditAction, changes: dict) -> None:
    db.session.add(
        AuditEntry(
            user_id=user.id,
            username=user.username,
            action=action,
            entity_type="PortalUser",
            entity_id=user.id,
            changes=changes,
        )
    )


def authenticate(sm: Any, username: str, password: str) -> Any:
    """The user for ``username`` and ``password``, or None. Every failure answers the
    same; the fifth failure in a row locks the account for 15 minutes."""
    if not username or not password:
        return None
    user = sm.find_user(username=username) or sm.find_user(email=username)
    if user is None or not user.is_active or is_locked(user):
        _burn_time()
        if user is not None and is_locked(user):
            _audit(user, AuditAction.login_failed, {"reason": {"old": None, "new": "locked"}})
            db.session.commit()
        return None
    if not check_password_hash(user.password or "", password):
        register_failure(user)
        db.session.commit()
        return None
    user.fail_login_count = 0
    user.locked_until = None
    user.login_count = (user.login_count or 0) + 1
    user.last_login = now()
    db.session.commit()
    return user


def register_failure(user: Any) -> bool:
    """Count one failed password for ``user`` (audited) and lock it at the fifth in a
    row; returns whether it is now locked. The count is one atomic UPDATE, so parallel
    attempts cannot overwrite each other's failures."""
    table = PortalUser.__table__
    failures = db.session.execute(
        update(table)
        .where(table.c.id == user.id)
        .values(fail_login_count=func.coalesce(table.c.fail_login_count, 0) + 1)
        .returning(table.c.fail_login_count)
    ).scalar_one()
    _audit(user, AuditAction.login_failed, {"failed_in_a_row": {"old": None, "new": failures}})
    if failures < MAX_FAILED_LOGINS:
        return False
    locked_until = now() + LOCK_DURATION
    db.session.execute(
        update(table)
        .where(table.c.id == user.id)
        .values(fail_login_count=0, locked_until=locked_until)
    )
    _audit(
        user, AuditAction.locked, {"locked_until": {"old": None, "new": locked_until.isoformat()}}
    )
    db.session.expire(user)
    return True


def remember_login_time() -> None:
    """Called when a page session logs in: older sessions can then be told apart."""
    session[SESSION_LOGIN_AT] = now().isoformat()


def _issued_before_invalidation(user: Any, issued_at: datetime | None) -> bool:
    cutoff = getattr(user, "sessions_valid_after", None)
    return bool(cutoff and (issued_at is None or issued_at < cutoff))


ISSUED_AT_CLAIM = "portal_issued_at"


def token_claims(identity: Any) -> dict:
    # Our clock, not the JWT's "iat": PORTAL_TODAY moves both sides of the comparison.
    return {ISSUED_AT_CLAIM: now().isoformat()}


def token_still_valid(user: Any, jwt_data: dict) -> bool:
    stamp = jwt_data.get(ISSUED_AT_CLAIM)
    issued = datetime.fromisoformat(stamp) if stamp else None
    return not _issued_before_invalidation(user, issued)


def end_invalidated_session() -> Any:
    """before_request: a page session older than the user's last password change (or
    disabling) is logged out; an expired password leads only to the change form (pages)
    or to a 403 saying so (the API, where a token is the only credential)."""
    if request.path.startswith(API_PREFIX):
        return _refuse_expired_token()
    # Pages: the session cookie is the only credential; a token sent along is ignored.
    user = getattr(g, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    stamp = session.get(SESSION_LOGIN_AT)
    logged_in_at = datetime.fromisoformat(stamp) if stamp else None
    if _issued_before_invalidation(user, logged_in_at):
        logout_user()
        session.pop(SESSION_LOGIN_AT, None)
        return redirect(url_for("AuthDBView.login"))
    if password_expired(user) and request.endpoint not in _ALLOWED_WHEN_EXPIRED:
        return redirect(url_for(CHANGE_PASSWORD_ENDPOINT))
    return None


def _refuse_expired_token() -> Any:
    if not request.headers.get("Authorization", "").startswith("Bearer "):
        return None
    try:
        verify_jwt_in_request(optional=True)
    except Exception:  # a bad token is FAB's to answer (401)
        return None
    user = get_current_user()
    if user is None or not password_expired(user):
        return None
    response = jsonify(
        message="Your password has expired. Change it in the portal at "
        + url_for(CHANGE_PASSWORD_ENDPOINT, _external=True)
    )
    response.status_code = 403
    return response


def refuse_in_cli(message: str) -> None:
    """From the command line, a refused password is a clean error, not a traceback."""
    if click.get_current_context(silent=True) is not None:
        raise click.ClickException(message)
