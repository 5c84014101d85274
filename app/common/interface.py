"""FAB's SQLAlchemy interface, taught two things our lists need."""

from typing import Any

from flask_appbuilder import Model
from flask_appbuilder.models.sqla.interface import SQLAInterface
from sqlalchemy import Column
from sqlalchemy.orm import Query, selectinload


class PortalSQLAInterface(SQLAInterface):
    """- derived columns (column_property), such as a contract's expiry status, can be
      listed, sorted and filtered: FAB asks every column whether it is nullable;
    - ``eager_collections`` are loaded in one extra statement per page (FAB would load
      a user's roles once per row)."""

    def __init__(self, obj: type[Model], eager_collections: tuple[str, ...] = ()) -> None:
        super().__init__(obj)
        self.eager_collections = eager_collections

    def apply_all(self, query: Query, *args: Any, **kwargs: Any) -> Query:
        query = super().apply_all(query, *args, **kwargs)
        return query.options(
            *(selectinload(getattr(self.obj, name)) for name in self.eager_collections)
        )

    def _is_derived(self, col_name: str) -> bool:
        column = self.list_columns.get(col_name)
        return column is not None and not isinstance(column, Column)

    def is_nullable(self, col_name: str) -> bool:
        return True if self._is_derived(col_name) else super().is_nullable(col_name)

    def is_enum(self, col_name: str) -> bool:
        # FAB builds enum fields from table-column metadata a derived column lacks;
        # as a string column its code still filters and serialises.
        return False if self._is_derived(col_name) else super().is_enum(col_name)

    def is_unique(self, col_name: str) -> bool:
        return False if self._is_derived(col_name) else super().is_unique(col_name)
