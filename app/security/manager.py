"""The portal's FAB security manager: the extended user and its pages."""

from flask_appbuilder.security.sqla.manager import SecurityManager
from flask_appbuilder.security.views import (
    PermissionModelView,
    PermissionViewModelView,
    RoleModelView,
    UserGroupModelView,
    ViewMenuModelView,
)

from app.common.views import TenantCheckedActions
from app.security.models import PortalUser
from app.security.user_views import PortalUserDBModelView


def _with_checked_actions(view: type) -> type:
    # FAB's action routes answer 500 to anyone posting an unknown action name.
    return type(view.__name__, (TenantCheckedActions, view), {"__module__": view.__module__})


class PortalSecurityManager(SecurityManager):
    user_model = PortalUser
    userdbmodelview = PortalUserDBModelView
    rolemodelview = _with_checked_actions(RoleModelView)
    groupmodelview = _with_checked_actions(UserGroupModelView)
    permissionmodelview = _with_checked_actions(PermissionModelView)
    viewmenumodelview = _with_checked_actions(ViewMenuModelView)
    permissionviewmodelview = _with_checked_actions(PermissionViewModelView)
