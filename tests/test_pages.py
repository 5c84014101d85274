"""Every list and show page renders, with the demo data, for vendor staff."""

import pytest
from flask_appbuilder import ModelView

from app.extensions import appbuilder


def domain_model_views() -> list[ModelView]:
    """Our ModelViews, without the user administration (the roles issue opens it to
    Support)."""
    return [
        view
        for view in appbuilder.baseviews
        if isinstance(view, ModelView)
        and type(view).__module__.startswith("app.")
        and not type(view).__module__.startswith("app.security")
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
        with app.app_context():
            count, rows = view.datamodel.query(page=0, page_size=1)
        listing = client.get(f"{view.route_base}/list/")
        assert listing.status_code == 200, f"{view.route_base} list: {listing.status_code}"
        if count:
            pk = view.datamodel.get_pk_value(rows[0])
            shown = client.get(f"{view.route_base}/show/{pk}")
            assert shown.status_code == 200, f"{view.route_base}/show/{pk}"
