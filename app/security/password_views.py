"""Changing one's own password: the current one is asked for (FAB's form does not), the
rules are listed and checked while typing, and the server checks them again."""

from typing import Any

from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder.fieldwidgets import BS3PasswordFieldWidget
from flask_appbuilder.forms import DynamicForm
from flask_appbuilder.security.views import ResetMyPasswordView as FabResetMyPasswordView
from flask_appbuilder.security.views import ResetPasswordView as FabResetPasswordView
from flask_babel import lazy_gettext as _
from werkzeug.security import check_password_hash
from wtforms import PasswordField, ValidationError
from wtforms.validators import DataRequired, EqualTo

from app.common.clock import now
from app.extensions import db
from app.security.login import register_failure, remember_login_time
from app.security.models import PortalUser
from app.security.password_policy import (
    RULES,
    PasswordPolicyError,
    describe_problems,
    password_expired,
    password_problems,
    recent_password_hashes,
    set_password,
)


def _is_current_password(form: Any, field: Any) -> None:
    # Guessing here counts like guessing at the login: the fifth miss locks the account
    # and ends this session too.
    if check_password_hash(g.user.password or "", field.data or ""):
        return
    if register_failure(getattr(g.user, "_get_current_object", lambda: g.user)()):
        g.user.sessions_valid_after = now()
    db.session.commit()
    raise ValidationError(_("This is not your current password."))


def _meets_policy_for_me(form: Any, field: Any) -> None:
    problems = password_problems(field.data, g.user.username, recent_password_hashes(g.user))
    if problems:
        raise ValidationError(describe_problems(problems))


class ChangePasswordForm(DynamicForm):
    current_password = PasswordField(
        _("Current password"),
        validators=[DataRequired(), _is_current_password],
        widget=BS3PasswordFieldWidget(),
    )
    password = PasswordField(
        _("New password"),
        validators=[DataRequired(), _meets_policy_for_me],
        widget=BS3PasswordFieldWidget(),
    )
    conf_password = PasswordField(
        _("Repeat the new password"),
        validators=[EqualTo("password", message=_("The passwords differ."))],
        widget=BS3PasswordFieldWidget(),
    )


class ResetMyPasswordView(FabResetMyPasswordView):
    """Replaces FAB's view of the same name, so its routes, endpoint names, links and
    permissions stay as they are."""

    form = ChangePasswordForm
    form_title = _("Change your password")
    form_template = "change_password.html"
    message = _("Your password has been changed. Other sessions were signed out.")

    def form_get(self, form: Any) -> None:
        if password_expired(g.user):
            flash(_("Your password has expired. Choose a new one to continue."), "warning")

    def form_post(self, form: Any) -> None:
        set_password(g.user, form.password.data, chosen_by_user=True)
        db.session.commit()
        remember_login_time()  # this session stays; all others end
        flash(str(self.message), "info")

    def render_template(self, template: str, **kwargs: Any) -> Any:
        rules = [str(rule) for rule, _holds in RULES]
        return super().render_template(template, password_rules=rules, **kwargs)


class ResetPasswordView(FabResetPasswordView):
    """FAB's Admin page to reset anyone's password, answering a refused password with
    the rules it breaks (FAB answered 500) and an unknown user with 404."""

    def form_post(self, form: Any) -> Any:
        user = db.session.get(PortalUser, request.args.get("pk", type=int) or 0)
        if user is None:
            abort(404)
        try:
            self.appbuilder.sm.reset_password(user.id, form.password.data)
        except PasswordPolicyError as error:
            db.session.rollback()
            flash(str(error), "danger")
            return redirect(url_for(".this_form_get", pk=user.id))
        flash(str(self.message), "info")
        return None
