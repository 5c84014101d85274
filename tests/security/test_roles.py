import re

from app.security import roles
from app.security.models import PortalUser
from app.security.roles import ROLES, fab_roles, sync_roles


def test_the_five_roles_exist_and_syncing_again_changes_nothing(app, app_context):
    sm = app.appbuilder.sm
    before = {role.name: role.id for role in sm.get_all_roles()}
    sync_roles(sm)
    sync_roles(sm)
    after = {role.name: role.id for role in sm.get_all_roles()}
    assert before == after
    assert {"Recipient", "User", "Manager", "Support", "Admin"} <= set(after)


def test_customer_roles_are_cumulative():
    def grants(table):
        return {(resource, perm) for resource, perms in table.items() for perm in perms}

    assert grants(roles.RECIPIENT) < grants(roles.USER) <= grants(roles.MANAGER)
    assert grants(roles.MANAGER) < grants(roles.SUPPORT)


def test_every_pattern_is_anchored_so_ticket_does_not_grant_ticket_activity():
    for role, patterns in fab_roles().items():
        if role in ROLES:
            for view, perm in patterns:
                assert view.endswith("$") and perm.endswith("$"), (role, view, perm)
    user = dict(fab_roles())["User"]
    recipient_like = [(v, p) for v, p in user if re.match(v, "TicketActivity")]
    assert all(v == "TicketActivity$" for v, _p in recipient_like)


def test_only_vendor_staff_see_every_customer(app, app_context):
    from app.extensions import db
    from app.security.tenant import sees_all_customers

    users = {u.username: u for u in db.session.query(PortalUser)}
    assert sees_all_customers(users["admin"]) and sees_all_customers(users["support"])
    for name in ("zuh.manager", "zuh.user", "zuh.recipient", "amc.manager", "amc.user"):
        assert not sees_all_customers(users[name]), name
