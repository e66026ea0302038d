"""Writes that compose several apps, at the top of the house beside the pages that call them.

Each app owns its part: the volunteers app the profile and the police certificate, events the sign-ups and
their waiting lists, matching the matches. A write that changes all of them calls each app's service in one
transaction here, so that no app has to reach up into another.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from events.services import signups_cancel_coming
from matching.services import matches_hand_back
from volunteers.models import User, Volunteer
from volunteers.services import volunteer_end


class VolunteeringError(Exception):
    """An end of volunteering that is not possible; the message is for the person asking."""


@transaction.atomic
def volunteering_end(*, volunteer: Volunteer, reason: str, by: User) -> None:
    """End someone's volunteering, by themselves or a coordinator (DECISIONS.md: "Police certificate"; issue 13):
    their coming sign-ups are cancelled and the waiting lists move up, their open proposals and matches go back
    to the coordinators, and the inspection of their police certificate is deleted at once. Their past
    sign-ups, matches and hours stay, for their own record and the statistics."""
    volunteer = Volunteer.objects.select_for_update().select_related("user").get(pk=volunteer.pk)
    if volunteer.ended_at is not None:
        raise VolunteeringError(_("This volunteering has already ended."))
    signups_cancel_coming(volunteer=volunteer)
    matches_hand_back(volunteer=volunteer, by=by)
    volunteer_end(volunteer=volunteer, reason=reason, by=by)
