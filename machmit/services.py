"""Writes that compose several apps, at the top of the house beside the pages that call them.

Each app owns its part: the volunteers app the profile and the police certificate, events the sign-ups and
their waiting lists, matching the matches. A write that changes all of them calls each app's service in one
transaction here, so that no app has to reach up into another.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.services import signups_cancel_coming
from matching.services import matches_hand_back, volunteer_forget
from outbox.services import mail_send_now, mails_erase
from volunteers.enums import EndReason
from volunteers.models import User, Volunteer
from volunteers.selectors import volunteers_ended_before
from volunteers.services import account_erase, volunteer_end


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


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete someone's account and personal data (issue 16; DECISIONS.md: the statistics keep counts): the
    volunteering ends first if it has not (coming sign-ups cancelled, the waiting lists move up, open matches back
    to the coordinators), then every trace that names the person goes: mails to them, their name in other mails
    and in the requests' logs, and the account with everything that hangs on it. Sign-ups, hours, matches and the
    way in stay without a person. A last mail, kept nowhere, confirms it."""
    volunteer = Volunteer.objects.filter(user=user).select_related("user").first()
    if volunteer is not None:
        if volunteer.ended_at is None:
            volunteering_end(volunteer=volunteer, reason=EndReason.OTHER, by=user)
        volunteer_forget(volunteer=volunteer)
    email, language = user.email, user.language
    mails_erase(recipient=email, mentions=[user.get_full_name(), email])
    account_erase(user=user)
    transaction.on_commit(
        lambda: mail_send_now(
            recipient=email, language=language, template="volunteers/mail/account_deleted", context={}
        )
    )


def accounts_erase_ended(*, now: datetime | None = None) -> int:
    """Delete the accounts of those whose volunteering ended more than ``VOLUNTEER_ERASE_AFTER_ENDED_DAYS`` ago;
    staff keep theirs (a superuser removes them). Returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.VOLUNTEER_ERASE_AFTER_ENDED_DAYS)
    users = [volunteer.user for volunteer in volunteers_ended_before(cutoff)]
    for user in users:
        account_delete(user=user)
    return len(users)
