from flask_babel import lazy_gettext as _

from app.common.enums import CodedEnum


class AuditAction(CodedEnum):
    create = "create", _("Created")
    update = "update", _("Updated")
    delete = "delete", _("Deleted")
    login_failed = "login_failed", _("Login failed")
    locked = "locked", _("Account locked")
