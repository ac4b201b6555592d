"""All models, importable from one place."""

from .followup import CaseNote, Hold, InboxItem, OnCallContact, OnCallPage, SavedReply, StaffToken
from .messages import Inbound, Message, SendPace, StatusReport
from .org import Keyword, Launch, Organisation
from .outcomes import OutcomeCell, OwnWeekCell
from .participant import Allocation, Enrolment, Participant
from .planning import PlanProblem
from .privacy import Contribution, ErasedFrom, Erasure, ExportRecord, ExportSubject, RetentionRun
from .safety import CheckinAnswer, SafetyAlert
from .staff import (
    AnswerRollup,
    AuditLog,
    LoginAttempt,
    LoginLimit,
    MessageRollup,
    RollupSeal,
    StaffSession,
    StaffUser,
)

ALL_MODELS = [
    Organisation,
    Launch,
    Keyword,
    Participant,
    Enrolment,
    Allocation,
    Inbound,
    Message,
    StatusReport,
    SendPace,
    CheckinAnswer,
    SafetyAlert,
    PlanProblem,
    StaffUser,
    StaffSession,
    AuditLog,
    LoginAttempt,
    LoginLimit,
    MessageRollup,
    AnswerRollup,
    RollupSeal,
    OutcomeCell,
    OwnWeekCell,
    InboxItem,
    Hold,
    CaseNote,
    SavedReply,
    OnCallContact,
    OnCallPage,
    StaffToken,
    Erasure,
    ErasedFrom,
    Contribution,
    ExportRecord,
    ExportSubject,
    RetentionRun,
]

__all__ = [m.__name__ for m in ALL_MODELS] + ["ALL_MODELS"]
