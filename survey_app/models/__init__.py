"""The database models: what respondents' surveys are made of (surveys.py) and what staff keep (staff.py).

Import them from here (`from survey_app.models import Campaign, User`); the two modules exist only to keep
each one readable. staff.py builds on surveys.py, never the other way round.
"""

from .staff import (
    DISPLAY_NAME_LENGTH,
    NATIONAL_ROLE,
    NATIONAL_ROLES,
    PANEL_ROLE,
    ROLES,
    AuditEvent,
    AuthorityHelpContact,
    KitemarkThreshold,
    QuestionnaireDraft,
    QuestionnaireDraftHistory,
    SignInFailures,
    ThemeReview,
    User,
    YouSaidWeWill,
)
from .surveys import (
    ACCESS_MODES,
    LANGUAGES,
    RESPONSE_STATUSES,
    VERSION_STATUSES,
    AccessCode,
    AccessCodeBatch,
    Authority,
    Campaign,
    QuestionnaireVersion,
    Response,
    SentCode,
    random_id,
)

__all__ = [
    "ACCESS_MODES",
    "LANGUAGES",
    "DISPLAY_NAME_LENGTH",
    "NATIONAL_ROLE",
    "NATIONAL_ROLES",
    "PANEL_ROLE",
    "RESPONSE_STATUSES",
    "ROLES",
    "VERSION_STATUSES",
    "AccessCode",
    "AccessCodeBatch",
    "AuditEvent",
    "Authority",
    "AuthorityHelpContact",
    "Campaign",
    "KitemarkThreshold",
    "QuestionnaireDraft",
    "QuestionnaireDraftHistory",
    "QuestionnaireVersion",
    "Response",
    "SentCode",
    "SignInFailures",
    "ThemeReview",
    "User",
    "YouSaidWeWill",
    "random_id",
]
