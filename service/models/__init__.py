"""All models, importable from one place."""

from .messages import Inbound, Message, StatusReport
from .org import Keyword, Launch, Organisation
from .outcomes import OutcomeCell
from .participant import Enrolment, Participant
from .safety import CheckinAnswer, SafetyAlert
from .staff import AnswerRollup, AuditLog, LoginAttempt, MessageRollup, RollupSeal, StaffUser

ALL_MODELS = [
    Organisation,
    Launch,
    Keyword,
    Participant,
    Enrolment,
    Inbound,
    Message,
    StatusReport,
    CheckinAnswer,
    SafetyAlert,
    StaffUser,
    AuditLog,
    LoginAttempt,
    MessageRollup,
    AnswerRollup,
    RollupSeal,
    OutcomeCell,
]

__all__ = [m.__name__ for m in ALL_MODELS] + ["ALL_MODELS"]
