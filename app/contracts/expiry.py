"""The contract expiry rule (DOMAIN.md), in its Python form and its SQL form.

With ``days = end date - today``: green above 90 days, yellow from 30 to 90 inclusive,
red below 30, "expired" below 0. Lists filter and sort on the SQL form; the Python form
labels single values. tests/contracts/test_expiry.py holds the two forms together.
"""

from datetime import date

from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _
from sqlalchemy import Date, Integer, bindparam, case, type_coerce
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from app.common import clock
from app.common.enums import CodedEnum, enum_type

GREEN_ABOVE = 90  # more than 90 days left
YELLOW_FROM = 30  # 30 to 90 days left


class ExpiryStatus(CodedEnum):
    green = "green", _("Green")
    yellow = "yellow", _("Yellow")
    red = "red", _("Red")


def expiry_status(days_left: int) -> ExpiryStatus:
    """The colour of a contract with ``days_left`` days to its end date."""
    if days_left > GREEN_ABOVE:
        return ExpiryStatus.green
    if days_left >= YELLOW_FROM:
        return ExpiryStatus.yellow
    return ExpiryStatus.red


def days_between(later: date, earlier: date) -> int:
    return (later - earlier).days


def expiry_label(days_left: int) -> str:
    """What a person reads next to the colour: days left, or how long ago it expired."""
    if days_left < 0:
        return ngettext("expired %(num)d day ago", "expired %(num)d days ago", -days_left)
    if days_left == 0:
        return gettext("expires today")
    return ngettext("%(num)d day left", "%(num)d days left", days_left)


class _DaysBetween(FunctionElement):
    """``later - earlier`` in whole days, for date columns, on SQLite and PostgreSQL."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


@compiles(_DaysBetween)
def _days_between_postgresql(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return f"({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)})"


@compiles(_DaysBetween, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return (
        f"CAST(julianday({compiler.process(later, **kw)}) - "
        f"julianday({compiler.process(earlier, **kw)}) AS INTEGER)"
    )


def today_parameter() -> ColumnElement[date]:
    # Evaluated when each statement runs, so PORTAL_TODAY and midnight are honoured
    # by statements compiled (and cached) long before.
    return bindparam("portal_today", callable_=clock.today, type_=Date)


def days_to_expiry_sql(end_date: ColumnElement[date]) -> ColumnElement[int]:
    return _DaysBetween(end_date, today_parameter())


def expiry_status_sql(end_date: ColumnElement[date]) -> ColumnElement[ExpiryStatus]:
    days = days_to_expiry_sql(end_date)
    colour = case(
        (days > GREEN_ABOVE, ExpiryStatus.green.value),
        (days >= YELLOW_FROM, ExpiryStatus.yellow.value),
        else_=ExpiryStatus.red.value,
    )
    return type_coerce(colour, enum_type(ExpiryStatus))
