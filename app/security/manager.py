"""The portal's FAB security manager: the extended user and its pages."""

from flask_appbuilder.security.sqla.manager import SecurityManager

from app.security.models import PortalUser
from app.security.user_views import PortalUserDBModelView


class PortalSecurityManager(SecurityManager):
    user_model = PortalUser
    userdbmodelview = PortalUserDBModelView
