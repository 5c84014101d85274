"""The expiry badge: colour plus words, so that colour-blind readers lose nothing."""

from markupsafe import Markup, escape

from app.contracts.expiry import ExpiryStatus, expiry_label, expiry_status

_CSS = {
    ExpiryStatus.green: "label-success",
    ExpiryStatus.yellow: "label-warning",
    ExpiryStatus.red: "label-danger",
}


def expiry_badge(days_left: int | None) -> Markup:
    if days_left is None:
        return Markup("")
    status = expiry_status(days_left)
    return Markup('<span class="label {css}">{status}</span> <small>{label}</small>').format(
        css=_CSS[status], status=escape(str(status)), label=escape(expiry_label(days_left))
    )
