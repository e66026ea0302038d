"""Writes of the volunteers app, one module per concern. Views, tasks and the apps above change volunteer data
only through these; import them from here."""

from volunteers.services.erasure import account_erase, audit_logs_delete_old, profile_view_record
from volunteers.services.legal import LegalTextError, legal_text_draft, legal_text_publish, volunteer_consent_give
from volunteers.services.logins import login_failure_record
from volunteers.services.profiles import (
    user_language_update,
    volunteer_calendar_token_renew,
    volunteer_end,
    volunteer_notifications_update,
    volunteer_pause,
    volunteer_profile_save,
    volunteer_resume,
)
from volunteers.services.recognition import (
    RecognitionError,
    certificate_issue,
    certificate_revoke,
    hours_correct,
    hours_decide,
    hours_enter,
    hours_log,
    hours_record,
    hours_withdraw,
)
from volunteers.services.way_in import (
    interest_create,
    interests_delete_stale,
    onboarding_link_account,
    onboarding_reach,
    onboarding_reach_for,
    onboardings_follow_up_remind,
)

__all__ = [
    "LegalTextError",
    "RecognitionError",
    "account_erase",
    "audit_logs_delete_old",
    "certificate_issue",
    "certificate_revoke",
    "hours_correct",
    "hours_decide",
    "hours_enter",
    "hours_log",
    "hours_record",
    "hours_withdraw",
    "interest_create",
    "interests_delete_stale",
    "legal_text_draft",
    "legal_text_publish",
    "login_failure_record",
    "onboarding_link_account",
    "onboarding_reach",
    "onboarding_reach_for",
    "onboardings_follow_up_remind",
    "profile_view_record",
    "user_language_update",
    "volunteer_calendar_token_renew",
    "volunteer_consent_give",
    "volunteer_end",
    "volunteer_notifications_update",
    "volunteer_pause",
    "volunteer_profile_save",
    "volunteer_resume",
]
