"""Ending one's volunteering (by the volunteer or a coordinator): coming sign-ups cancelled with the waiting list
moving up, open proposals and matches handed back to the coordinators, the police certificate's record deleted
at once; afterwards no proposal, sign-up or mail along the way in."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.enums import SignupStatus
from events.services import SignupError, signup_create
from machmit.services import VolunteeringError, volunteering_end
from matching.enums import LogAction, MatchStatus, RequestStatus
from matching.selectors import suggestions_for
from matching.services import MatchError, match_accept, match_propose
from outbox.models import Mail
from tests.factories import CoordinatorFactory, EventFactory, VolunteerFactory, police_certificate, request_for, site
from volunteers.enums import EndReason
from volunteers.models import PoliceCertificate

pytestmark = pytest.mark.django_db

END_URL = reverse("volunteering_end")


def client_for(user, language="de") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def test_volunteer_ends_and_everything_that_hangs_on_it_follows():
    stade = CoordinatorFactory(sites=[site("stade")], language="en")
    leaving = VolunteerFactory(sites=[site("stade")], languages={"ar": "native"})
    waiting = VolunteerFactory()
    full = EventFactory(capacity=1)
    signup_create(event=full, volunteer=leaving)
    signup_create(event=full, volunteer=waiting)
    past = EventFactory(starts_at=timezone.now() - timedelta(days=3))
    past_signup = past.signups.create(volunteer=leaving, status=SignupStatus.CONFIRMED, attended=True)
    running = match_propose(request=request_for(site=site("stade")), volunteer=leaving, by=stade)
    match_accept(match=running)
    proposed = match_propose(request=request_for(site=site("stade")), volunteer=leaving, by=stade)
    police_certificate(leaving, by=stade)

    response = client_for(leaving.user).post(END_URL, {"reason": EndReason.MOVING, "confirm": "on"})

    assert (response.status_code, response["Location"]) == (302, "/mein-bereich/")
    leaving.refresh_from_db()
    assert (leaving.end_reason, leaving.ended_by) == (EndReason.MOVING, leaving.user)
    assert leaving.ended_at is not None
    assert not PoliceCertificate.objects.filter(volunteer=leaving).exists()
    # The coming place went to the waiting list; the past sign-up is kept as it was.
    statuses = dict(full.signups.values_list("volunteer_id", "status"))
    assert statuses == {leaving.pk: SignupStatus.CANCELLED, waiting.pk: SignupStatus.CONFIRMED}
    assert Mail.objects.filter(kind="events.promoted", recipient=waiting.user.email).exists()
    past_signup.refresh_from_db()
    assert (past_signup.status, past_signup.attended) == (SignupStatus.CONFIRMED, True)
    # Both requests are open again and the coordinator is told, in the admin's language.
    for match in (running, proposed):
        match.refresh_from_db()
        match.request.refresh_from_db()
        assert (match.status, match.request.status) == (MatchStatus.CLOSED, RequestStatus.NEW)
        assert match.request.log.filter(action=LogAction.HANDED_BACK).exists()
    handed_back = Mail.objects.filter(kind="matching.handed_back")
    assert set(handed_back.values_list("recipient", "language")) == {(stade.email, "en")}
    assert handed_back.count() == 2
    assert "needs a new helper" in handed_back.first().subject
    # The dashboard says so, and offers neither a break nor a second end.
    text = client_for(leaving.user, "en").get(reverse("dashboard")).text
    assert "Your volunteering ended on" in text
    assert END_URL not in text


def test_ended_volunteer_gets_no_proposal_and_cannot_sign_up():
    site("stade")
    ended, active = (VolunteerFactory(languages={"ar": "native"}) for _ in range(2))
    volunteering_end(volunteer=ended, reason=EndReason.NO_TIME, by=ended.user)
    ended.refresh_from_db()
    help_request = request_for(languages=["ar"])

    assert [ranked.volunteer_id for ranked in suggestions_for(request=help_request)] == [active.pk]
    with pytest.raises(MatchError):
        match_propose(request=help_request, volunteer=ended, by=CoordinatorFactory())
    with pytest.raises(SignupError):
        signup_create(event=EventFactory(), volunteer=ended)
    with pytest.raises(VolunteeringError):
        volunteering_end(volunteer=ended, reason=EndReason.OTHER, by=ended.user)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"confirm": "on"}, "Bitte wählen Sie einen Grund."),
        ({"reason": "by_centre", "confirm": "on"}, "Bitte eine gültige Auswahl treffen."),
        ({"reason": "no-such-reason", "confirm": "on"}, "Bitte eine gültige Auswahl treffen."),
        ({"reason": EndReason.HEALTH}, "Bitte bestätigen Sie, dass Sie Ihr Engagement beenden möchten."),
    ],
)
def test_bad_input_reshown_with_german_message_and_nothing_ended(data, message):
    volunteer = VolunteerFactory()
    signup = signup_create(event=EventFactory(), volunteer=volunteer)

    response = client_for(volunteer.user).post(END_URL, data)

    assert response.status_code == 422
    assert message in response.text
    volunteer.refresh_from_db()
    signup.refresh_from_db()
    assert (volunteer.ended_at, signup.status) == (None, SignupStatus.CONFIRMED)


def test_coordinator_ends_a_volunteering_of_their_site_with_the_centres_reason():
    stade = CoordinatorFactory(sites=[site("stade")])
    own, other = VolunteerFactory(sites=[site("stade")]), VolunteerFactory(sites=[site("buxtehude")])
    police_certificate(own, by=stade)
    client = client_for(stade, "en")
    url = reverse("admin:volunteers_volunteer_changelist")
    selected = {"action": "end_volunteering", "_selected_action": [own.pk, other.pk]}

    asked = client.post(url, selected)
    assert asked.status_code == 200
    assert str(own) in asked.text
    assert str(other) not in asked.text
    client.post(url, {**selected, "end": "1", "reason": EndReason.BY_CENTRE, "confirm": "on"})

    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.end_reason, own.ended_by, other.ended_at) == (EndReason.BY_CENTRE, stade, None)
    assert not PoliceCertificate.objects.filter(volunteer=own).exists()
