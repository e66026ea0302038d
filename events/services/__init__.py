"""Writes of the events app, by concern; import them from here.

- ``signups``: sign-ups and the waiting list, attendance, qualifications that trainings grant
- ``events``: a coordinator's edits of events and series, cancellation, copies, a series' dates
- ``reminders``: reminders before an event (the beat task ``events.queue_reminders``)
- ``messages``: coordinators' messages to everyone confirmed
- ``onboarding``: the invitation to an information evening and the nudges along a new volunteer's way in
- ``_mail``: what their mails share (the event's calendar file, the key and the queueing of a mail about a
  sign-up, the one notice to all attendees of a change or cancellation)
"""

from events.services.events import (
    event_cancel,
    event_changed_notify,
    event_duplicate,
    event_save,
    series_dates,
    series_save,
)
from events.services.messages import event_message_send
from events.services.onboarding import invitations_queue, nudges_queue, onboarding_invite, onboarding_nudge
from events.services.reminders import reminders_queue_due
from events.services.signups import (
    SignupError,
    qualification_grant,
    signup_attendance_mark,
    signup_cancel,
    signup_create,
    signup_create_for_interest,
    signups_cancel_coming,
)

__all__ = [
    "SignupError",
    "event_cancel",
    "event_changed_notify",
    "event_duplicate",
    "event_message_send",
    "event_save",
    "invitations_queue",
    "nudges_queue",
    "onboarding_invite",
    "onboarding_nudge",
    "qualification_grant",
    "reminders_queue_due",
    "series_dates",
    "series_save",
    "signup_attendance_mark",
    "signup_cancel",
    "signup_create",
    "signup_create_for_interest",
    "signups_cancel_coming",
]
