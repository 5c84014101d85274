"""FAB filters shared by every view and API."""

from typing import Any

from flask_appbuilder.models.filters import BaseFilter

from app.security.tenant import request_user, scope_clause


class TenantScopeFilter(BaseFilter):
    """Limits a query to the rows the current user may see (app.security.tenant)."""

    name = "Tenant scope"

    def apply(self, query: Any, value: Any) -> Any:
        clause = scope_clause(self.model, request_user())
        return query if clause is None else query.filter(clause)


# The base filter every scoped view, API and related drop-down carries.
TENANT_SCOPE = [["id", TenantScopeFilter, lambda: None]]
