"""One permission vocabulary for pages and APIs alike: read, add, edit, delete on a
domain resource (Superset's convention), so a role grants "can_read on Asset" once."""

MODEL_PERMISSIONS = {
    # pages (ModelView)
    "list": "read",
    "show": "read",
    "add": "add",
    "edit": "edit",
    "delete": "delete",
    # export of a list (app.common.export_views): whoever reads the list
    "export": "read",
    # the type-ahead of a list's filter (PortalModelView.filter_choices)
    "filter_choices": "read",
    # bulk edit (app.common.bulk_views): its page and its list action
    "bulk_edit": "edit",
    "bulk_edit_selected": "edit",
    # REST (ModelRestApi)
    "get": "read",
    "get_list": "read",
    "info": "read",
    "post": "add",
    "put": "edit",
}
