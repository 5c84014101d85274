"""FAB's user pages, extended with the user's customer and assigned accounts."""

from flask_appbuilder.security.views import UserDBModelView
from flask_babel import lazy_gettext as _

from app.common.views import TenantCheckedActions
from app.security.models import PortalUser
from app.security.password_policy import PasswordPolicyError, password_problems

USER_LABELS = {
    "customer": _("Customer"),
    "customer.name": _("Customer"),
    "accounts": _("Assigned accounts"),
    "password_changed_at": _("Password changed (UTC)"),
}


class PortalUserDBModelView(TenantCheckedActions, UserDBModelView):
    list_columns = ["first_name", "last_name", "username", "customer.name", "roles", "active"]
    show_fieldsets = [
        (_("User info"), {"fields": ["username", "active", "roles", "login_count"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Customer"), {"fields": ["customer", "accounts"]}),
        (
            _("Audit info"),
            {
                "fields": [
                    "last_login",
                    "fail_login_count",
                    "password_changed_at",
                    "created_on",
                    "created_by",
                    "changed_on",
                    "changed_by",
                ]
            },
        ),
    ]
    user_show_fieldsets = show_fieldsets[:3]
    # Customer and accounts are set in Administration > Users, which checks that they
    # belong together; here they are shown only.
    add_columns = [
        "first_name",
        "last_name",
        "username",
        "active",
        "email",
        "roles",
        "groups",
        "password",
        "conf_password",
    ]
    edit_columns = ["first_name", "last_name", "username", "active", "email", "roles", "groups"]
    search_columns = ["first_name", "last_name", "username", "email", "active", "customer"]
    base_order = ("username", "asc")
    label_columns = {**UserDBModelView.label_columns, **USER_LABELS}

    def pre_add(self, item: PortalUser) -> None:
        problems = password_problems(item.password, item.username)
        if problems:
            raise PasswordPolicyError(problems)  # FAB shows the message, saves nothing
        super().pre_add(item)
        item.password_changed_at = None  # chosen by the Admin: changed at first login
