"""The password policy of DOMAIN.md, in one place: every path that sets a password
(forms, API, command line) asks ``password_problems``."""

import string

from flask_appbuilder.exceptions import PasswordComplexityValidationError
from flask_babel import lazy_gettext as _
from wtforms import ValidationError

MIN_LENGTH = 8
SPECIAL_CHARACTERS = set(string.punctuation + " ")

RULES = [
    (_("at least %(n)d characters", n=MIN_LENGTH), lambda p: len(p) >= MIN_LENGTH),
    (_("an upper-case letter"), lambda p: any(c.isupper() for c in p)),
    (_("a lower-case letter"), lambda p: any(c.islower() for c in p)),
    (_("a digit"), lambda p: any(c.isdigit() for c in p)),
    (_("a special character"), lambda p: any(c in SPECIAL_CHARACTERS for c in p)),
]


def password_problems(password: str) -> list[str]:
    """The rules ``password`` breaks, in words; empty when it is acceptable."""
    return [str(rule) for rule, holds in RULES if not holds(password or "")]


def describe_problems(problems: list[str]) -> str:
    return str(_("The password needs %(rules)s.", rules=", ".join(problems)))


def fab_password_validator(password: str) -> None:
    """FAB_PASSWORD_COMPLEXITY_VALIDATOR: FAB's own user forms and user API ask it."""
    problems = password_problems(password)
    if problems:
        raise PasswordComplexityValidationError(describe_problems(problems))


class PolicyPassword:
    """WTForms validator naming every rule the password breaks."""

    def __call__(self, form, field) -> None:
        problems = password_problems(field.data)
        if problems:
            raise ValidationError(describe_problems(problems))
