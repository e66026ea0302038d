"""The way in: from the Mitmachen form to the follow-up talk. Steps that attendance or an accepted match records
advance by themselves; the mails along the way go through the outbox in the person's language."""

import html
import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.core import signing
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from events.enums import Audience, EventKind, SignupStatus
from events.models import TrainingType
from events.services import (
    SignupError,
    invitations_queue,
    nudges_queue,
    signup_attendance_mark,
    signup_create,
    signup_create_for_interest,
)
from events.services._mail import INVITATION_SALT, invitation_token
from matching.services import match_accept, match_propose
from outbox.models import Mail
from tests.factories import CoordinatorFactory, EventFactory, UserFactory, VolunteerFactory, police_certificate, site
from tests.matching.test_ranking_db import request_for
from volunteers.enums import OnboardingStep
from volunteers.models import Onboarding, OnboardingMilestone
from volunteers.selectors import onboarding_figures
from volunteers.services import (
    interest_create,
    onboarding_reach,
    onboardings_follow_up_remind,
    volunteer_pause,
)

pytestmark = pytest.mark.django_db


def interest(email="rania@example.org", *, language="ar", ways=("interpreting",), site_slug="stade"):
    return interest_create(
        name="Rania Haddad",
        email=email,
        phone="0151 2345678",
        languages=["ar", "de"],
        ways=list(ways),
        site=site(site_slug) if site_slug else None,
        language=language,
    )


def info_evening(**fields):
    return EventFactory(kind=EventKind.INFO, audience=Audience.PUBLIC, title="Infoabend", **fields)


def confirm(user):
    """What allauth does when someone follows the link in the verification mail."""
    address = EmailAddress.objects.get(user=user)
    email_confirmed.send(sender=EmailAddress, request=RequestFactory().get("/"), email_address=address)


def invited_in(body: str, *, language: str = "") -> int:
    """The way in whose invitation page a mail links to. The token is signed with a timestamp, so a token made
    in another second differs: the link is read back, not compared."""
    query = rf"\?lang={language}" if language else ""
    token = re.search(rf"/mitmachen/infoabend/([^/\s]+)/{query}", body).group(1)
    return signing.loads(token, salt=INVITATION_SALT)


def steps(onboarding) -> list[str]:
    return list(onboarding.milestones.order_by("reached_at", "id").values_list("step", flat=True))


def test_interest_starts_the_way_in_and_accompanying_needs_a_certificate():
    entry = interest(ways=["accompany"])

    onboarding = entry.onboarding
    assert (onboarding.step, onboarding.site, onboarding.needs_certificate) == ("interested", site("stade"), True)
    assert onboarding.next_step == OnboardingStep.INVITED
    assert steps(onboarding) == ["interested"]
    assert interest("other@example.org").onboarding.needs_certificate is False


def test_invitation_waits_for_an_evening_then_lists_them_in_the_persons_language():
    entry = interest()
    assert invitations_queue() == 0  # no evening yet: nothing to invite to, the step stays
    assert Onboarding.objects.get().step == "interested"

    evening = info_evening(site=site("buxtehude"))
    assert invitations_queue() == 1
    assert invitations_queue() == 0

    mail = Mail.objects.get(kind="events.invitation")
    assert mail.recipient == "rania@example.org"
    assert mail.language == "ar"
    assert "Infoabend" in mail.body_text
    assert invited_in(mail.body_text, language="ar") == entry.onboarding.pk
    entry.onboarding.refresh_from_db()
    assert entry.onboarding.step == "invited"
    assert evening.pk  # listed although at the other site: the person chose Stade, Buxtehude has the only one


def test_invitation_page_signs_up_without_account_and_joins_the_waiting_list_when_full():
    first, second = interest("a@example.org"), interest("b@example.org")
    evening = info_evening(capacity=1)
    client = Client(headers={"accept-language": "de"})

    url = reverse("info_evening:list", args=[invitation_token(first.onboarding)])
    response = client.get(url)
    assert response.status_code == 200
    assert "Infoabend" in response.content.decode()
    response = client.post(url, {"event": evening.pk, "action": "signup"}, follow=True)
    assert "Sie sind angemeldet" in response.content.decode()
    other = reverse("info_evening:list", args=[invitation_token(second.onboarding)])
    client.post(other, {"event": evening.pk, "action": "signup"})

    signups = {s.interest_id: s for s in evening.signups.all()}
    assert signups[first.pk].status == SignupStatus.CONFIRMED
    assert signups[second.pk].status == SignupStatus.WAITLISTED
    evening.refresh_from_db()
    assert evening.confirmed_count == 1

    # The first cancels through the page: the second moves up and is told by mail in their language.
    client.post(url, {"event": evening.pk, "action": "cancel"})
    signups[second.pk].refresh_from_db()
    assert signups[second.pk].status == SignupStatus.CONFIRMED
    promoted = Mail.objects.get(kind="events.promoted")
    assert (promoted.recipient, promoted.language) == ("b@example.org", "ar")
    assert invited_in(promoted.body_text) == second.onboarding.pk
    assert "/benachrichtigungen/" not in promoted.body_text  # no account: no link to settings they lack


@pytest.mark.parametrize(
    ("token", "data", "status"),
    [
        ("not-a-token", {"event": 1, "action": "signup"}, 404),
        (None, {"event": 999999, "action": "signup"}, 400),
        (None, {"event": "x", "action": "signup"}, 400),
        (None, {"action": "delete"}, 400),
    ],
)
def test_invitation_page_refuses_tampered_input_with_a_clear_page(token, data, status):
    entry = interest()
    info_evening()
    url = reverse("info_evening:list", args=[token or invitation_token(entry.onboarding)])

    response = Client(headers={"accept-language": "ar"}).post(url, data)

    assert response.status_code == status
    assert 'lang="ar"' in response.content.decode()
    assert not entry.signups.exists()


def test_without_an_account_only_information_evenings():
    entry = interest()
    with pytest.raises(SignupError):
        signup_create_for_interest(event=EventFactory(kind=EventKind.FORUM), interest=entry)


def test_deleted_interest_entry_leaves_no_way_to_its_page_and_an_anonymous_path():
    entry = interest()
    token = invitation_token(entry.onboarding)
    onboarding_id = entry.onboarding.pk
    entry.delete()

    assert Client().get(reverse("info_evening:list", args=[token])).status_code == 404
    onboarding = Onboarding.objects.get(pk=onboarding_id)
    assert (onboarding.interest, onboarding.user, steps(onboarding)) == (None, None, ["interested"])


def test_account_with_the_same_address_continues_the_way_in_and_its_profile_form_is_filled():
    entry = interest(email="Rania@Example.org")
    user = UserFactory(email="rania@example.org", first_name="", last_name="")

    confirm(user)

    onboarding = Onboarding.objects.get()
    assert (onboarding.interest, onboarding.user) == (entry, user)
    user.refresh_from_db()
    client = Client(headers={"accept-language": "de"})
    client.force_login(user)
    form = client.get(reverse("volunteers:profile_edit")).context["form"]
    assert (form.initial["first_name"], form.initial["last_name"], form.initial["phone"]) == (
        "Rania",
        "Haddad",
        "0151 2345678",
    )
    assert form.initial["sites"] == [site("stade").pk]
    assert form.initial["languages"] == {"ar": "good", "de": "good"}


def test_account_without_interest_starts_its_own_way_in_staff_and_earlier_volunteers_do_not():
    newcomer = UserFactory()
    coordinator = CoordinatorFactory()
    earlier = VolunteerFactory().user

    for user in (newcomer, coordinator, earlier):
        confirm(user)

    assert list(Onboarding.objects.values_list("user", "step")) == [(newcomer.pk, "interested")]


def test_attendance_moves_the_way_in_info_evening_training_first_assignment_and_welcomes():
    coordinator = CoordinatorFactory(sites=[site("stade")])
    entry = interest()
    evening = info_evening()
    signup = signup_create_for_interest(event=evening, interest=entry)
    signup_attendance_mark(signup=signup, attended=True, by=coordinator)
    onboarding = entry.onboarding
    onboarding.refresh_from_db()
    assert onboarding.step == "info_evening"
    milestone = onboarding.milestones.get(step="info_evening")
    assert (milestone.by, milestone.reached_at) == (coordinator, evening.ends_at)

    # Her account is linked (as the confirmed address does); the basic training and interpreting follow.
    volunteer = VolunteerFactory(user__email="rania@example.org", languages={"ar": "native"})
    Onboarding.objects.filter(pk=onboarding.pk).update(user=volunteer.user)
    basic = TrainingType.objects.create(name="Basisschulung", is_basic_training=True)
    training = EventFactory(kind=EventKind.TRAINING, training_type=basic)
    signup_attendance_mark(signup=signup_create(event=training, volunteer=volunteer), attended=True, by=coordinator)
    forum = EventFactory(interpreter_languages=["ar"])
    interpreting = signup_create(event=forum, volunteer=volunteer, interpreter_language="ar")
    signup_attendance_mark(signup=interpreting, attended=True, by=coordinator)

    onboarding.refresh_from_db()
    assert onboarding.step == "first_assignment"
    assert steps(onboarding)[-2:] == ["training", "first_assignment"]
    welcome = Mail.objects.get(kind="volunteers.welcome")
    assert welcome.recipient == "rania@example.org"


def test_not_attending_and_ordinary_events_move_nothing():
    coordinator = CoordinatorFactory(sites=[site("stade")])
    volunteer = VolunteerFactory()
    onboarding = Onboarding.objects.create(
        user=volunteer.user, step="invited", step_reached_at=timezone.now(), started_at=timezone.now()
    )
    signup_attendance_mark(
        signup=signup_create(event=info_evening(), volunteer=volunteer), attended=False, by=coordinator
    )
    signup_attendance_mark(
        signup=signup_create(event=EventFactory(), volunteer=volunteer), attended=True, by=coordinator
    )

    onboarding.refresh_from_db()
    assert (onboarding.step, steps(onboarding)) == ("invited", [])


def test_accepted_match_is_the_first_assignment():
    volunteer = VolunteerFactory(languages={"ar": "native"})
    onboarding = Onboarding.objects.create(
        user=volunteer.user, step="training", step_reached_at=timezone.now(), started_at=timezone.now()
    )
    match = match_propose(request=request_for(), volunteer=volunteer, by=CoordinatorFactory())
    match_accept(match=match)

    onboarding.refresh_from_db()
    assert onboarding.step == "first_assignment"
    assert onboarding.milestones.get(step="first_assignment").by is None  # the portal moved it


def test_a_step_counts_once_and_an_earlier_step_does_not_move_back():
    entry = interest()
    onboarding = entry.onboarding
    assert onboarding_reach(onboarding=onboarding, step=OnboardingStep.TRAINING)
    assert not onboarding_reach(onboarding=onboarding, step=OnboardingStep.TRAINING)
    assert onboarding_reach(onboarding=onboarding, step=OnboardingStep.INFO_EVENING)

    onboarding.refresh_from_db()
    assert onboarding.step == "training"
    assert OnboardingMilestone.objects.filter(onboarding=onboarding, step="training").count() == 1


def test_nudge_after_waiting_once_per_step_not_while_paused():
    info_evening()
    waiting, paused_one, fresh = interest("a@example.org"), interest("b@example.org"), interest("c@example.org")
    volunteer = VolunteerFactory(user__email="paused@example.org")
    paused = Onboarding.objects.create(
        user=volunteer.user, step="invited", step_reached_at=timezone.now(), started_at=timezone.now()
    )
    volunteer_pause(volunteer=volunteer, until=None)
    long_ago = timezone.now() - timedelta(days=30)
    for entry in (waiting, paused_one):
        onboarding_reach(onboarding=entry.onboarding, step=OnboardingStep.INVITED, at=long_ago)
    Onboarding.objects.filter(pk=paused.pk).update(step_reached_at=long_ago)
    paused_one.delete()  # entry deleted: nobody to write to
    onboarding_reach(onboarding=fresh.onboarding, step=OnboardingStep.INVITED)

    assert nudges_queue() == 1
    assert nudges_queue() == 0
    nudge = Mail.objects.get(kind="events.onboarding_nudge")
    assert (nudge.recipient, nudge.language, nudge.occurrence) == ("a@example.org", "ar", "invited")
    assert "Infoabend" in nudge.body_text


def test_follow_up_talk_reminds_the_sites_coordinators_once():
    stade, buxtehude = (
        CoordinatorFactory(sites=[site("stade")], language="en"),
        CoordinatorFactory(sites=[site("buxtehude")]),
    )
    volunteer = VolunteerFactory()
    onboarding = Onboarding.objects.create(
        user=volunteer.user,
        site=site("stade"),
        step="first_assignment",
        step_reached_at=timezone.now() - timedelta(days=29),
        started_at=timezone.now() - timedelta(days=90),
    )

    assert onboardings_follow_up_remind() == 1
    assert onboardings_follow_up_remind() == 0
    mail = Mail.objects.get(kind="volunteers.follow_up_due")
    assert (mail.recipient, mail.language) == (stade.email, "en")
    assert f"/admin/volunteers/onboarding/{onboarding.pk}/change/" in mail.body_text
    assert buxtehude.email not in Mail.objects.values_list("recipient", flat=True)


def test_figures_count_per_site_and_step_and_median_days():
    now = timezone.now()
    for days, slug in ((10, "stade"), (20, "stade"), (30, "buxtehude")):
        entry = interest(f"{days}@example.org", site_slug=slug)
        Onboarding.objects.filter(pk=entry.onboarding.pk).update(started_at=now - timedelta(days=40))
        entry.onboarding.milestones.update(reached_at=now - timedelta(days=40))
        onboarding_reach(onboarding=entry.onboarding, step=OnboardingStep.INVITED, at=now - timedelta(days=40 - days))
    interest("no-site@example.org", site_slug=None)
    interest("gone@example.org").delete()  # never came: its way in stays without a person and still counts

    with translation.override("en"):
        figures = onboarding_figures(
            Onboarding.objects.exclude(user=None, interest=None), history=Onboarding.objects.all(), now=now
        )

    assert [name for _pk, name in figures.sites] == ["Buxtehude", "Stade", "No site yet"]
    counts = {step: [count for _site, count in cells] for step, cells in figures.at_step}
    assert counts["invited"] == [1, 2, 0]
    assert counts["interested"] == [0, 0, 1]
    assert (figures.started, figures.active) == (5, 0)
    assert dict(figures.median_days)["invited"] == pytest.approx(20)
    assert dict(figures.median_days)["training"] is None


def test_coordinator_sees_their_sites_way_in_and_moves_people_in_bulk():
    stade = CoordinatorFactory(sites=[site("stade")])
    ours, none, theirs = (
        interest("a@example.org"),
        interest("b@example.org", site_slug=None),
        interest("c@example.org", site_slug="buxtehude"),
    )
    info_evening()
    client = Client(headers={"accept-language": "de"})
    client.force_login(stade)
    url = reverse("admin:volunteers_onboarding_changelist")

    response = client.get(url)
    assert response.status_code == 200
    listed = {row.pk for row in response.context["cl"].result_list}
    assert listed == {ours.onboarding.pk, none.onboarding.pk}
    assert client.get(reverse("admin:volunteers_onboarding_change", args=[theirs.onboarding.pk])).status_code == 302

    client.post(url, {"action": "invite", "_selected_action": [ours.onboarding.pk, theirs.onboarding.pk]})
    assert list(Mail.objects.filter(kind="events.invitation").values_list("recipient", flat=True)) == ["a@example.org"]
    client.post(url, {"action": "training_done", "_selected_action": [ours.onboarding.pk]})
    ours.onboarding.refresh_from_db()
    assert ours.onboarding.step == "training"
    assert ours.onboarding.milestones.get(step="training").by == stade


def test_certificate_step_needs_a_recorded_inspection():
    stade = CoordinatorFactory(sites=[site("stade")])
    volunteer = VolunteerFactory()
    onboarding = Onboarding.objects.create(
        user=volunteer.user,
        site=site("stade"),
        step="training",
        step_reached_at=timezone.now(),
        started_at=timezone.now(),
    )
    client = Client(headers={"accept-language": "en"})
    client.force_login(stade)
    url = reverse("admin:volunteers_onboarding_changelist")

    response = client.post(url, {"action": "certificate_inspected", "_selected_action": [onboarding.pk]}, follow=True)
    assert "Record the inspection" in response.content.decode()
    onboarding.refresh_from_db()
    assert onboarding.step == "training"

    police_certificate(volunteer, by=stade)
    client.post(url, {"action": "certificate_inspected", "_selected_action": [onboarding.pk]})
    onboarding.refresh_from_db()
    assert onboarding.step == "certificate"


def test_dashboard_shows_the_way_in_with_the_next_step():
    entry = interest()
    user = UserFactory(email="rania@example.org")
    confirm(user)
    onboarding_reach(onboarding=entry.onboarding, step=OnboardingStep.INVITED)
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)

    text = re.sub(r"\s+", " ", client.get(reverse("dashboard")).content.decode())

    assert "Your way in" in text
    assert "✓ Invited to an information evening" in text
    assert "→ Attended an information evening" in text
    assert 'href="/veranstaltungen/?kind=info">See the dates</a>' in text
    assert "Police certificate inspected" not in text  # interpreting needs none


def test_each_count_links_to_the_list_of_exactly_those_people():
    stade = CoordinatorFactory(sites=[site("stade")])
    for email in ("a@example.org", "b@example.org"):
        onboarding_reach(onboarding=interest(email).onboarding, step=OnboardingStep.INVITED)
    interest("c@example.org")
    interest("d@example.org", site_slug=None)
    interest("e@example.org", site_slug="buxtehude")
    client = Client(headers={"accept-language": "de"})
    client.force_login(stade)
    url = reverse("admin:volunteers_onboarding_changelist")

    links = re.findall(r'href="(\?step__exact=[^"]+)">\s*(\d+)\s*</a>', client.get(url).content.decode())

    assert (f"?step__exact=invited&amp;site__id__exact={site('stade').pk}", "2") in links
    assert ("?step__exact=interested&amp;site__isnull=True", "1") in links
    assert len(links) == 2 * 7  # Stade and "no site yet": Buxtehude's column is not theirs
    for href, count in links:
        assert client.get(url + html.unescape(href)).context["cl"].result_count == int(count)
