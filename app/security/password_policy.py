"""The password policy of DOMAIN.md, in one place. Every path that stores a password
(forms, the security manager behind FAB's pages and the CLI, the demo data) goes through
``set_password`` or, for a new user, ``password_problems``."""

import re
import string
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from flask_appbuilder.exceptions import PasswordComplexityValidationError
from flask_babel import lazy_gettext as _
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms import ValidationError

from app.common.clock import now

MIN_LENGTH = 8
SPECIAL_CHARACTERS = set(string.punctuation + " ")
HISTORY_SIZE = 5  # none of the last five passwords may come back
MAX_AGE = timedelta(days=90)
WARN_BEFORE = timedelta(days=14)

RULES = [
    (_("at least %(n)d characters", n=MIN_LENGTH), lambda p: len(p) >= MIN_LENGTH),
    (_("an upper-case letter"), lambda p: any(c.isupper() for c in p)),
    (_("a lower-case letter"), lambda p: any(c.islower() for c in p)),
    (_("a digit"), lambda p: any(c.isdigit() for c in p)),
    (_("a special character"), lambda p: any(c in SPECIAL_CHARACTERS for c in p)),
]


class PasswordPolicyError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__(describe_problems(problems))
        self.problems = problems


@cache
def _common_passwords() -> frozenset[str]:
    # zxcvbn's list of the 30,000 most common passwords (a maintained package).
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def _is_common(password: str) -> bool:
    lowered = password.lower()
    # "Password1!" meets the character classes yet is "password" with decoration.
    core = re.sub(r"^[^a-z]+|[^a-z]+$", "", lowered)
    return lowered in _common_passwords() or core in _common_passwords()


def password_problems(
    password: str, username: str | None = None, previous_hashes: Iterable[str] = ()
) -> list[str]:
    """Every rule ``password`` breaks, in words; empty when it is acceptable."""
    password = password or ""
    problems = [str(rule) for rule, holds in RULES if not holds(password)]
    if username and username.lower() in password.lower():
        problems.append(str(_("not to contain the user name")))
    if _is_common(password):
        problems.append(str(_("not to be a commonly used password")))
    if any(check_password_hash(h, password) for h in previous_hashes):
        problems.append(str(_("to differ from the last %(n)d passwords", n=HISTORY_SIZE)))
    return problems


def describe_problems(problems: list[str]) -> str:
    return str(_("The password needs %(rules)s.", rules=", ".join(problems)))


def recent_password_hashes(user: Any) -> list[str]:
    """The hashes of the user's last passwords, the current one first."""
    return [entry.password_hash for entry in user.password_history[:HISTORY_SIZE]]


def set_password(user: Any, password: str, *, chosen_by_user: bool) -> None:
    """Check ``password`` against the policy and store it (the caller commits).

    A password chosen by someone else (a Manager, an Admin, the command line) is
    expired at once: its owner must change it at the next login. Every other session
    and token of the user ends."""
    problems = password_problems(password, user.username, recent_password_hashes(user))
    if problems:
        raise PasswordPolicyError(problems)
    user.password = generate_password_hash(password)  # history records it
    moment = now()
    user.password_changed_at = moment if chosen_by_user else None
    user.sessions_valid_after = moment


def password_expires_at(user: Any) -> datetime | None:
    """When ``user``'s password stops working (None: already expired, must change)."""
    changed = getattr(user, "password_changed_at", None)
    return changed + MAX_AGE if changed else None


def password_expired(user: Any) -> bool:
    expires = password_expires_at(user)
    return expires is None or expires <= now()


def password_expiry_warning(user: Any) -> str | None:
    """The banner text in the last 14 days before ``user``'s password expires."""
    expires = password_expires_at(user)
    if expires is None or not expires - WARN_BEFORE <= now() < expires:
        return None
    days = (expires.date() - now().date()).days
    return str(_("Your password expires in %(days)d days.", days=days))


def fab_password_validator(password: str) -> None:
    """FAB_PASSWORD_COMPLEXITY_VALIDATOR: FAB's own user forms ask it first."""
    problems = password_problems(password)
    if problems:
        raise PasswordComplexityValidationError(describe_problems(problems))


class PolicyPassword:
    """WTForms validator naming every rule the password breaks. ``username_field``
    names the form field holding the user name, when the form has one."""

    def __init__(self, username_field: str | None = None) -> None:
        self.username_field = username_field

    def __call__(self, form: Any, field: Any) -> None:
        username = form[self.username_field].data if self.username_field else None
        problems = password_problems(field.data, username)
        if problems:
            raise ValidationError(describe_problems(problems))
