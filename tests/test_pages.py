"""Every list and show page renders, with the demo data, for vendor staff."""

import re

import pytest
from flask_appbuilder import ModelView

from app.audit.views import AuditLogView
from app.common.views import PortalModelView
from app.extensions import appbuilder


def domain_model_views() -> list[ModelView]:
    """Our ModelViews that have pages to read (not FAB's own user pages, Admin's only,
    nor edit-only forms)."""
    return [
        view
        for view in appbuilder.baseviews
        if isinstance(view, PortalModelView | AuditLogView) and "can_read" in view.base_permissions
    ]


@pytest.mark.parametrize("username", ["admin", "support"])
def test_every_list_and_show_page_renders_for_vendor_staff(app, as_user, username):
    client = as_user(username)
    views = domain_model_views()
    assert {type(v).__name__ for v in views} >= {
        "AssetModelView",
        "ContractModelView",
        "TicketModelView",
        "CustomerModelView",
        "AccountModelView",
        "TicketActivityModelView",
    }
    for view in views:
        listing = client.get(f"{view.route_base}/list/")
        assert listing.status_code == 200, f"{view.route_base} list: {listing.status_code}"
        with app.app_context():
            rows_exist = view.datamodel.query(page=0, page_size=1)[0] > 0
        if not rows_exist:
            continue  # e.g. the audit log before any change: nothing to open
        # Open the first row the list offers, as a person would.
        show_links = re.findall(rf'href="({view.route_base}/show/[^"?]+)', listing.text)
        assert show_links, f"{view.route_base} lists no row for {username}"
        shown = client.get(show_links[0])
        assert shown.status_code == 200, show_links[0]
