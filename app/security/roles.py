"""The portal's roles, in one declarative table.

Customer roles are cumulative (Recipient within User within Manager); Support and
Admin are the vendor's. The table becomes FAB's ``FAB_ROLES`` ("builtin roles"):
checked in memory, without a SQL statement per permission check, and synced at every
start, so the database can never drift from this file.
"""

import re
from typing import Any

from flask import Flask, current_app

READ, ADD, EDIT = "can_read", "can_add", "can_edit"
MENU = "menu_access"
USER_ADMINISTRATION = "UserAdministration"


def assign_permission(role: str) -> str:
    """The permission to give ``role`` to a user (on USER_ADMINISTRATION)."""
    return f"can_assign_{role.lower()}"


DOMAIN_RESOURCES = ("Customer", "Account", "Asset", "Contract", "Ticket", "TicketActivity")

# FAB's own self-service pages every logged-in user needs.
SELF_SERVICE = {
    "PortalUserDBModelView": {"can_userinfo"},
    "ResetMyPasswordView": {"can_this_form_get", "can_this_form_post"},
    "UserInfoEditView": {"can_this_form_get", "can_this_form_post"},
}

RECIPIENT = {
    **SELF_SERVICE,
    "Account": {READ},
    "Asset": {READ},
    "Contract": {READ},
    "Ticket": {READ},
    "TicketActivity": {READ},
    "Fleet": {MENU},
    "Assets": {MENU},
    "Contracts": {MENU},
    "Service": {MENU},
    "Tickets": {MENU},
}


def _plus(base: dict[str, set[str]], extra: dict[str, set[str]]) -> dict[str, set[str]]:
    merged = {resource: set(perms) for resource, perms in base.items()}
    for resource, perms in extra.items():
        merged.setdefault(resource, set()).update(perms)
    return merged


USER = _plus(RECIPIENT, {"Ticket": {ADD}, "TicketActivity": {ADD}})
MANAGER = _plus(
    USER,
    {
        # Its own customer's Users and Recipients (app.security.user_admin).
        USER_ADMINISTRATION: {
            READ,
            ADD,
            EDIT,
            "can_set_password",
            assign_permission("Recipient"),
            assign_permission("User"),
        },
        # The custom device data of its assets, never the vendor's fields.
        "AssetCustomData": {EDIT},
        "Administration": {MENU},
        "Users": {MENU},
    },
)
SUPPORT = _plus(
    MANAGER,
    {
        # Records are made inactive, not deleted: no DELETE for Support.
        **{resource: {READ, ADD, EDIT} for resource in DOMAIN_RESOURCES},
        "Tenancy": {"can_see_all_customers"},
        "AuditLog": {READ},
        "InstalledBaseImport": {"can_import"},
        "Import installed base": {MENU},
        "Administration": {MENU},
        "Customers": {MENU},
        "Accounts": {MENU},
        "Audit": {MENU},
    },
)

ROLES: dict[str, dict[str, set[str]]] = {
    "Recipient": RECIPIENT,
    "User": USER,
    "Manager": MANAGER,
    "Support": SUPPORT,
}
ADMIN = "Admin"  # everything, FAB's security pages included
PUBLIC = "Public"
ALL_ROLES = (*ROLES, ADMIN)


def fab_roles() -> dict[str, list[list[str]]]:
    """The table as FAB_ROLES patterns, each anchored with ``$``: FAB matches with
    ``re.match``, so ``Ticket`` alone would also grant ``TicketActivity``
    (FAB_PITFALLS 13)."""
    patterns = {
        role: [
            [f"{re.escape(resource)}$", f"{re.escape(perm)}$"]
            for resource, perms in sorted(table.items())
            for perm in sorted(perms)
        ]
        for role, table in ROLES.items()
    }
    patterns[ADMIN] = [[".*", ".*"]]
    # Anonymous visitors get nothing beyond the login page, checked in memory too.
    patterns[PUBLIC] = []
    return patterns


def has_permission(user: Any, permission: str, resource: str) -> bool:
    """Whether ``user`` (any user, not only the current one) holds ``permission``."""
    if user is None or not user.is_authenticated:
        return False
    return current_app.appbuilder.sm._has_view_access(user, permission, resource)


def configure_roles(app: Flask) -> None:
    app.config["FAB_ROLES"] = fab_roles()


def sync_roles(security_manager) -> None:
    """Create the role rows (idempotent); their permissions live in FAB_ROLES."""
    for role in (*ALL_ROLES, PUBLIC):
        if security_manager.find_role(role) is None:
            security_manager.add_role(role)
