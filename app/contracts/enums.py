from flask_babel import lazy_gettext as _

from app.common.enums import CodedEnum


class ServiceType(CodedEnum):
    onsite = "onsite", _("On-site")
    remote = "remote", _("Remote")
    depot = "depot", _("Depot repair")
    parts = "parts", _("Parts only")
    subcontractor = "subcontractor", _("Subcontractor")


class ContractStatus(CodedEnum):
    active = "active", _("Active")
    inactive = "inactive", _("Inactive")
