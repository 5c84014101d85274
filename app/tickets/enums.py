from flask_babel import lazy_gettext as _

from app.common.enums import CodedEnum, LabelledIntEnum


class Priority(LabelledIntEnum):
    urgent = 1, _("Urgent need")
    system_down = 2, _("System down")
    limited = 3, _("Limited system functionality")
    intermittent = 4, _("Intermittent problem")
    scheduled = 5, _("Scheduled activity")


class Origin(CodedEnum):
    phone = "phone", _("Phone")
    internet = "internet", _("Internet")


class TicketStatus(CodedEnum):
    new = "new", _("New")
    in_progress = "in_progress", _("In progress")
    resolved = "resolved", _("Resolved")
    closed = "closed", _("Closed")


OPEN_STATUSES = (TicketStatus.new, TicketStatus.in_progress)


class EventType(CodedEnum):
    corrective = "corrective", _("Corrective maintenance")
    planned = "planned", _("Planned maintenance")
    fco = "fco", _("Field change order")
    installation = "installation", _("Installation")
    application = "application", _("Application support")
    information = "information", _("Customer information")
    refurbishment = "refurbishment", _("Contractual refurbishment")


class ActivityType(CodedEnum):
    customer_problem = "customer_problem", _("Customer-reported problem")
    safety = "safety", _("Safety issue")
    t2 = "t2", _("T2 activity")
    external_remark = "external_remark", _("External remark")
