"""User administration for Managers (their own customer's Users and Recipients),
Support (every customer's) and Admin (everyone).

Who may manage whom is one rule: a caller manages the users whose roles it may assign,
and a customer's Manager only within its own customer. Users are disabled, never
deleted, and nobody disables itself.
"""

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_appbuilder import expose, has_access
from flask_appbuilder.fieldwidgets import BS3PasswordFieldWidget, Select2Widget
from flask_appbuilder.models.filters import BaseFilter
from flask_appbuilder.security.sqla.models import Role
from flask_babel import lazy_gettext as _
from sqlalchemy import ColumnElement, and_, false, func, inspect, select, true
from wtforms import BooleanField, PasswordField, SelectField, ValidationError
from wtforms.validators import DataRequired, EqualTo

from app.accounts.models import Account
from app.common.filters import TENANT_SCOPE
from app.common.interface import PortalSQLAInterface
from app.common.views import PortalModelView
from app.extensions import appbuilder, db
from app.security import password_policy
from app.security.models import PortalUser
from app.security.password_policy import PasswordPolicyError, PolicyPassword
from app.security.roles import (
    ALL_ROLES,
    USER_ADMINISTRATION,
    assign_permission,
    has_permission,
)
from app.security.tenant import request_user, scope_clause, sees_all_customers

VENDOR_ROLES = {"Support", "Admin"}


def assignable_roles(caller: Any) -> list[str]:
    """The roles ``caller`` may give, from its permissions (Admin: all of them)."""
    return [
        role
        for role in ALL_ROLES
        if has_permission(caller, assign_permission(role), USER_ADMINISTRATION)
    ]


def manageable_users_clause(caller: Any) -> ColumnElement[bool]:
    """Users all of whose roles ``caller`` may assign; for a customer's Manager, only
    those of its own customer."""
    roles = assignable_roles(caller)
    if not roles:
        return false()
    clause = and_(
        PortalUser.roles.any(Role.name.in_(roles)),
        ~PortalUser.roles.any(Role.name.not_in(roles)),
    )
    if not sees_all_customers(caller):
        if caller.customer_id is None:  # a customer role without a customer: nobody
            return false()
        clause = and_(clause, PortalUser.customer_id == caller.customer_id)
    return clause


class ManageableUsersFilter(BaseFilter):
    name = "Manageable users"

    def apply(self, query: Any, value: Any) -> Any:
        return query.filter(manageable_users_clause(request_user()))


class AssignableRoleField(SelectField):
    """The roles the current user may give, computed per request."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(validators=[DataRequired()], widget=Select2Widget(), **kwargs)

    def iter_choices(self):
        self.choices = [(role, role) for role in assignable_roles(request_user())]
        return super().iter_choices()

    def pre_validate(self, form: Any) -> None:
        if self.data not in assignable_roles(request_user()):
            raise ValidationError(_("You may not give the role %(role)s.", role=self.data))


def _accounts_fit_role(form: Any, field: Any) -> None:
    role = form.role.data if hasattr(form, "role") else None
    accounts = field.data or []
    if role in VENDOR_ROLES:
        if accounts:
            raise ValidationError(_("Vendor staff are not assigned customer accounts."))
        return
    if not accounts:
        raise ValidationError(_("Choose at least one account."))
    if len({account.customer_id for account in accounts}) > 1:
        raise ValidationError(_("All accounts must belong to one customer."))


def _free_user_name(form: Any, field: Any) -> None:
    name = (field.data or "").strip()
    if "@" in name:
        raise ValidationError(_("A user name cannot contain @ (people also log in by email)."))
    taken = db.session.scalar(
        select(PortalUser.id).where(
            (func.lower(PortalUser.username) == name.lower())
            | (func.lower(PortalUser.email) == name.lower())
        )
    )
    if taken:
        raise ValidationError(_("This user name is taken."))


def _free_email(form: Any, field: Any) -> None:
    taken = db.session.scalar(
        select(PortalUser.id).where(
            (func.lower(PortalUser.email) == (field.data or "").lower())
            | (func.lower(PortalUser.username) == (field.data or "").lower()),
            PortalUser.id != int((request.view_args or {}).get("pk", 0)),
        )
    )
    if taken:
        raise ValidationError(_("This email belongs to another user."))


def _not_disabling_yourself(form: Any, field: Any) -> None:
    caller = request_user()
    if not field.data and str(request.view_args.get("pk")) == str(caller.id):
        raise ValidationError(_("You cannot disable yourself."))


def _password_fields(username_field: str | None) -> dict[str, Any]:
    # Not named "password": FAB would copy the typed text onto the user before hashing.
    return {
        "new_password": PasswordField(
            _("Initial password"),
            description=_("The user must change it at the first login."),
            validators=[DataRequired(), PolicyPassword(username_field)],
            widget=BS3PasswordFieldWidget(),
        ),
        "conf_password": PasswordField(
            _("Repeat the password"),
            validators=[EqualTo("new_password", message=_("The passwords differ."))],
            widget=BS3PasswordFieldWidget(),
        ),
    }


class CustomerUserView(PortalModelView):
    """Administration > Users."""

    route_base = "/portal-users"
    datamodel = PortalSQLAInterface(PortalUser, eager_collections=("roles", "accounts"))
    class_permission_name = USER_ADMINISTRATION
    base_permissions = ["can_read", "can_add", "can_edit", "can_set_password"]
    base_filters = [["id", ManageableUsersFilter, lambda: None]]
    list_title = _("Users")
    show_title = _("User")
    add_title = _("Add user")
    edit_title = _("Edit user")
    list_columns = [
        "username",
        "first_name",
        "last_name",
        "email",
        "roles",
        "customer.name",
        "active",
        "last_login",
    ]
    show_columns = [
        "username",
        "first_name",
        "last_name",
        "email",
        "roles",
        "customer",
        "accounts",
        "active",
        "last_login",
        "password_changed_at",
    ]
    add_columns = [
        "username",
        "first_name",
        "last_name",
        "email",
        "role",
        "accounts",
        "new_password",
        "conf_password",
    ]
    edit_columns = ["first_name", "last_name", "email", "role", "accounts", "active"]
    search_columns = ["username", "first_name", "last_name", "email", "active"]
    order_columns = ["username", "first_name", "last_name", "email", "last_login"]
    base_order = ("username", "asc")
    show_template = "portal_user_show.html"
    label_columns = {
        "username": _("User name"),
        "first_name": _("First name"),
        "last_name": _("Last name"),
        "email": _("Email"),
        "role": _("Role"),
        "roles": _("Role"),
        "customer": _("Customer"),
        "customer.name": _("Customer"),
        "accounts": _("Assigned accounts"),
        "active": _("Enabled"),
        "last_login": _("Last login"),
        "password_changed_at": _("Password set"),
    }
    add_form_extra_fields = {
        "role": AssignableRoleField(label=_("Role")),
        **_password_fields(username_field="username"),
    }
    edit_form_extra_fields = {
        "role": AssignableRoleField(label=_("Role")),
        # Declared here because FAB adds an Optional() to generated boolean fields, which
        # erases the errors of the validators before it when the box is unticked.
        "active": BooleanField(_("Enabled"), validators=[_not_disabling_yourself]),
    }
    validators_columns = {
        "accounts": [_accounts_fit_role],
        "username": [_free_user_name],
        "email": [_free_email],
    }
    add_form_query_rel_fields = {"accounts": TENANT_SCOPE}
    edit_form_query_rel_fields = {"accounts": TENANT_SCOPE}

    def prefill_form(self, form: Any, pk: Any) -> None:
        user = db.session.get(PortalUser, pk)
        form.role.data = user.roles[0].name if user.roles else None

    def pre_add(self, item: PortalUser) -> None:
        self._apply_role_and_customer(item)
        # Chosen by someone else: expired at once, to be changed at the first login.
        password_policy.set_password(item, item.__dict__.pop("new_password"), chosen_by_user=False)
        item.active = True

    def pre_update(self, item: PortalUser) -> None:
        self._keep_accounts_out_of_sight(item)
        self._apply_role_and_customer(item)

    def _keep_accounts_out_of_sight(self, item: PortalUser) -> None:
        # The form offers only the caller's own accounts; an edit must not silently
        # take away the ones it could not see.
        history = inspect(item).attrs.accounts.history
        before = list(history.unchanged) + list(history.deleted)
        scope = scope_clause(Account, request_user())
        visible = set(
            db.session.scalars(select(Account.id).where(true() if scope is None else scope))
        )
        hidden = [a for a in before if a.id not in visible and a not in item.accounts]
        item.accounts = list(item.accounts) + hidden

    def _apply_role_and_customer(self, item: PortalUser) -> None:
        role_name = item.__dict__.pop("role", None) or getattr(item, "role", None)
        if role_name not in assignable_roles(request_user()):  # the form checked; re-check
            abort(403)
        item.roles = [appbuilder.sm.find_role(role_name)]
        item.customer_id = item.accounts[0].customer_id if item.accounts else None

    @expose("/set-password/<pk>", methods=["GET", "POST"])
    @has_access
    def set_password(self, pk: str):
        """A tenant-checked password reset (FAB's ResetPasswordView checks nothing)."""
        user = self.datamodel.get(pk, self._base_filters)
        if user is None:
            abort(404)
        form = _SetPasswordForm()
        if request.method == "POST" and form.validate():
            try:
                password_policy.set_password(user, form.new_password.data, chosen_by_user=False)
            except PasswordPolicyError as error:
                form.new_password.errors = [str(error)]  # e.g. one of the last five
                return self._render_set_password(form, user)
            db.session.commit()
            flash(
                _(
                    "New password set; %(user)s must change it at the next login.",
                    user=user.username,
                ),
                "success",
            )
            return redirect(url_for(".show", pk=user.id))
        return self._render_set_password(form, user)

    def _render_set_password(self, form: Any, user: PortalUser):
        return self.render_template(
            "set_password.html",
            title=_("Set a new password for %(user)s", user=user.username),
            form=form,
            user=user,
        )


from flask_wtf import FlaskForm  # noqa: E402


class _SetPasswordForm(FlaskForm):
    new_password = _password_fields(None)["new_password"]
    conf_password = _password_fields(None)["conf_password"]
