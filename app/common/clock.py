"""The one clock of the portal: every "today" and "now" comes from here.

``PORTAL_TODAY=YYYY-MM-DD`` fixes the date (for demos, checks and tests); the time of
day keeps running so that timestamps still order.
"""

import os
from datetime import UTC, date, datetime


def today() -> date:
    """Today's date in UTC, or the date fixed by ``PORTAL_TODAY``."""
    fixed = os.environ.get("PORTAL_TODAY")
    if fixed:
        try:
            return date.fromisoformat(fixed)
        except ValueError as exc:
            raise ValueError(f"PORTAL_TODAY must be YYYY-MM-DD, not {fixed!r}") from exc
    return datetime.now(UTC).date()


def now() -> datetime:
    """The current moment as a naive UTC datetime (how the database stores time)."""
    current = datetime.now(UTC).replace(tzinfo=None)
    return datetime.combine(today(), current.time()) if os.environ.get("PORTAL_TODAY") else current
