"""The portal's FAB security manager: the extended user, its pages, and the password
and login rules applied wherever FAB stores a password or lets someone in."""

from typing import Any

from flask import g
from flask_appbuilder.security.sqla.manager import SecurityManager
from flask_appbuilder.security.views import (
    PermissionModelView,
    PermissionViewModelView,
    RoleModelView,
    UserGroupModelView,
    ViewMenuModelView,
)

from app.common.clock import now
from app.common.views import TenantCheckedActions
from app.security import login
from app.security.login_api import PortalSecurityApi
from app.security.models import PortalUser
from app.security.password_policy import (
    PasswordPolicyError,
    describe_problems,
    password_problems,
    set_password,
)
from app.security.password_views import ResetMyPasswordView, ResetPasswordView
from app.security.user_views import PortalUserDBModelView


def _with_checked_actions(view: type) -> type:
    # FAB's action routes answer 500 to anyone posting an unknown action name.
    return type(view.__name__, (TenantCheckedActions, view), {"__module__": view.__module__})


class PortalSecurityManager(SecurityManager):
    user_model = PortalUser
    userdbmodelview = PortalUserDBModelView
    resetmypasswordview = ResetMyPasswordView
    resetpasswordview = ResetPasswordView
    security_api = PortalSecurityApi
    rolemodelview = _with_checked_actions(RoleModelView)
    groupmodelview = _with_checked_actions(UserGroupModelView)
    permissionmodelview = _with_checked_actions(PermissionModelView)
    viewmenumodelview = _with_checked_actions(ViewMenuModelView)
    permissionviewmodelview = _with_checked_actions(PermissionViewModelView)

    def add_user(
        self,
        username: str,
        first_name: str,
        last_name: str,
        email: str,
        role: Any = None,
        password: str = "",
        hashed_password: str = "",
        **kwargs: Any,
    ) -> Any:
        """FAB's pages, its CLI (create-admin, create-user) and our demo data create
        users here: the password policy holds for all of them, and a password chosen
        by someone else must be changed at the first login."""
        if password:
            problems = password_problems(password, username)
            if problems:
                login.refuse_in_cli(describe_problems(problems))
                raise PasswordPolicyError(problems)
        user = super().add_user(
            username, first_name, last_name, email, role, password, hashed_password, **kwargs
        )
        if user:
            user.password_changed_at = None
            user.sessions_valid_after = now()
            self.session.commit()
        return user

    def reset_password(self, userid: int, password: str) -> None:
        """FAB's reset page (Admin) and its CLI reset-password land here."""
        user = self.get_user_by_id(userid)
        try:
            set_password(user, password, chosen_by_user=False)
        except PasswordPolicyError as error:
            login.refuse_in_cli(str(error))
            raise
        self.session.commit()

    def auth_user_db(self, username: str, password: str) -> Any:
        return login.authenticate(self, username, password)

    def create_jwt_manager(self, app: Any) -> Any:
        jwt_manager = super().create_jwt_manager(app)
        jwt_manager.additional_claims_loader(login.token_claims)
        return jwt_manager

    def load_user_jwt(self, _jwt_header: dict, jwt_data: dict) -> Any:
        # FAB's version puts the token's user on g before anyone could refuse the token.
        user = self.load_user(jwt_data["sub"])
        if user is None or not user.is_active or not login.token_still_valid(user, jwt_data):
            return None
        g.user = user
        return user
