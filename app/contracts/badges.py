from markupsafe import Markup

from app.common.badges import GREEN, RED, YELLOW, badge
from app.contracts.expiry import ExpiryStatus, expiry_label, expiry_status

_CSS = {ExpiryStatus.green: GREEN, ExpiryStatus.yellow: YELLOW, ExpiryStatus.red: RED}


def expiry_badge(days_left: int | str | None) -> Markup:
    """The contract's colour and, in words, its days left (or since expiry)."""
    if not isinstance(days_left, int):  # no contract: FAB hands over "" or None
        return Markup("")
    status = expiry_status(days_left)
    return badge(_CSS[status], status, expiry_label(days_left))
