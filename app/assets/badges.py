from markupsafe import Markup

from app.assets.state import OperationalState
from app.common.badges import GREEN, RED, YELLOW, badge

_CSS = {OperationalState.up: GREEN, OperationalState.limited: YELLOW, OperationalState.down: RED}


def state_badge(code: str | None) -> Markup:
    if not code:
        return Markup("")
    state = OperationalState(code)
    return badge(_CSS[state], state)
