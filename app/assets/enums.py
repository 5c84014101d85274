from flask_babel import lazy_gettext as _

from app.common.enums import CodedEnum


class ProductType(CodedEnum):
    MR = "MR", _("MR (magnetic resonance)")
    CT = "CT", _("CT (computed tomography)")
    US = "US", _("US (ultrasound)")
    IXR = "IXR", _("IXR (interventional X-ray)")
    DXR = "DXR", _("DXR (diagnostic X-ray)")
    NM = "NM", _("NM (nuclear medicine)")
    PET_CT = "PET_CT", _("PET-CT")
    PMS = "PMS", _("PMS (patient monitoring)")
    OTHER = "OTHER", _("Other")


class AssetStatus(CodedEnum):
    active = "active", _("Active")
    inactive = "inactive", _("Inactive")
