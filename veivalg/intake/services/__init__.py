"""Everything that changes an application or a case, one module per aggregate: `applications`,
`case_parts`, `clarifications`, `decisions`, `messages`; their errors in `errors`. Views call
these and never save models.

Each state change is one named function: it runs in a transaction, locks the row, checks the
current state (and the version the user saw, so a second tab cannot overwrite), saves with
`update_fields`, writes a `CaseEvent`, writes the access log when staff change a person's case,
and sends notifications after commit.

The names below are re-exported so `from veivalg.intake import services; services.decide(...)`
keeps working for other apps; new code imports from the module itself.
"""

from ..selectors import (
    HANDLER_ROLE,
    MAX_CHOICES,
    OFFICE_KIND,
    applicable_offers,
    closed_choices,
    handler_offices,
    in_caseload,
    may_handle,
)
from .applications import (
    add_attachment,
    check_upload,
    mark_prepared_by,
    office_for,
    open_change_case,
    remove_attachment,
    save_answers,
    set_choices,
    set_easy_read,
    share_with_school,
    sniff,
    start_application,
    stop_sharing,
    submit_application,
)
from .case_parts import (
    add_note,
    add_system_note,
    answer_offer,
    assign_part,
    change_status,
    move_part,
    record_withdrawal,
    withdraw_part,
)
from .clarifications import book_clarification, confirm_clarification, report_clarification
from .decisions import decide, mark_letter_read
from .errors import (
    AttachmentRejected,
    Incomplete,
    IntakeError,
    NoOffice,
    NotAllowed,
    OfferClosed,
    StaleVersion,
)
from .messages import reply, send_message

__all__ = [
    "HANDLER_ROLE",
    "MAX_CHOICES",
    "OFFICE_KIND",
    "AttachmentRejected",
    "Incomplete",
    "IntakeError",
    "NoOffice",
    "NotAllowed",
    "OfferClosed",
    "StaleVersion",
    "add_attachment",
    "add_note",
    "add_system_note",
    "answer_offer",
    "applicable_offers",
    "assign_part",
    "book_clarification",
    "change_status",
    "check_upload",
    "closed_choices",
    "confirm_clarification",
    "decide",
    "handler_offices",
    "in_caseload",
    "mark_letter_read",
    "mark_prepared_by",
    "may_handle",
    "move_part",
    "office_for",
    "open_change_case",
    "record_withdrawal",
    "remove_attachment",
    "reply",
    "report_clarification",
    "save_answers",
    "send_message",
    "set_choices",
    "set_easy_read",
    "share_with_school",
    "sniff",
    "start_application",
    "stop_sharing",
    "submit_application",
    "withdraw_part",
]
