"""Lists stay fast: a fixed number of SQL statements whatever the page size (no N+1),
a stable order, and no search widget listing a whole related table."""

import pytest

from app.common.api import PortalModelRestApi
from app.extensions import appbuilder
from tests.conftest import api_token, count_statements
from tests.test_pages import domain_model_views


def test_every_list_page_costs_the_same_statements_at_page_size_10_and_100(app, as_user):
    client = as_user("admin")
    counts = {}
    for view in domain_model_views():
        name = type(view).__name__
        counts[name] = []
        for size in (10, 100):
            with count_statements(app) as statements:
                response = client.get(f"{view.route_base}/list/?psize_{name}={size}")
                assert response.status_code == 200
            counts[name].append(len(statements))
    assert len(counts) >= 6
    assert {name: pair for name, pair in counts.items() if pair[0] != pair[1]} == {}


@pytest.mark.parametrize("resource", ["account", "asset", "contract", "ticket", "ticket_activity"])
def test_an_api_list_costs_the_same_statements_at_page_size_10_and_100(app, client, resource):
    headers = {"Authorization": f"Bearer {api_token(client, 'support')}"}
    counts = []
    for size in (10, 100):
        with count_statements(app) as statements:
            response = client.get(f"/api/v1/{resource}/?q=(page_size:{size})", headers=headers)
            assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], f"{resource}: {counts}"


def test_every_list_and_api_has_a_default_order(app):
    apis = [v for v in appbuilder.baseviews if isinstance(v, PortalModelRestApi)]
    assert len(apis) == 5
    lists = domain_model_views() + apis
    assert [type(v).__name__ for v in lists if not v.base_order] == []


def test_the_ticket_search_form_does_not_list_every_asset(app, as_user):
    client = as_user("support")
    page = client.get("/ticketmodelview/list/").text
    assert "CT2400022" not in page.split("<table")[0]  # no asset options in the search form
    assert len(page.encode()) < 300_000
