"""The events app's admin, one module per concern; importing the package registers them all.

- ``events``: events, series and messages to attendees
- ``signups``: sign-ups, training types and qualifications
- ``onboarding``: the coordinators' view of the way in (``volunteers.Onboarding``)
- ``base``: what they share
"""

from events.admin import events, onboarding, signups  # noqa: F401  (registers the admin classes)
