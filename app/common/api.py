"""The base of every domain REST API: tenant scope, permissions, ordering."""

from flask_appbuilder.api import ModelRestApi

from app.common.filters import TENANT_SCOPE
from app.common.permissions import MODEL_PERMISSIONS
from app.security.tenant import is_scoped


class PortalModelRestApi(ModelRestApi):
    """Every domain API derives from this class. Subclasses must list their columns
    explicitly: FAB would otherwise expose every column (FAB_PITFALLS 14)."""

    base_filters = TENANT_SCOPE
    method_permission_name = MODEL_PERMISSIONS
    base_order: tuple[str, str] = ("id", "desc")
    page_size = 25

    def _init_properties(self) -> None:
        for attribute in ("list_columns", "show_columns", "add_columns", "edit_columns"):
            if getattr(type(self), attribute, None) is None:
                raise TypeError(f"{type(self).__name__} must declare {attribute} explicitly")
        super()._init_properties()
        # _info lists only related rows of the caller's scope.
        for attribute, columns in (
            ("add_query_rel_fields", self.add_columns),
            ("edit_query_rel_fields", self.edit_columns),
        ):
            rel_fields = getattr(self, attribute)
            for column in columns:
                if self.datamodel.is_relation(column) and is_scoped(
                    self.datamodel.get_related_model(column)
                ):
                    rel_fields.setdefault(column, TENANT_SCOPE)
