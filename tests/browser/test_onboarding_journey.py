"""The way in, end to end: a visitor shows interest in Arabic on the Mitmachen page, is invited by mail, takes a
place at an information evening through the mail's link, creates an account with the same address and finds
the way in already linked; the coordinator marks attendance and sees the person move on."""

import re

import pytest
from django.utils import translation

from events.enums import Audience, EventKind, SignupStatus
from events.services import invitations_queue
from outbox.models import Mail
from tests.browser.conftest import second_factor_enter
from tests.factories import PASSWORD, CoordinatorFactory, EventFactory, site
from volunteers.enums import OnboardingStep
from volunteers.models import Onboarding

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "رانيا حداد"


def test_interest_in_arabic_to_information_evening_account_and_attendance(
    watch, page, browser, live_server, mailoutbox, viewport
):
    site("buxtehude")
    stade = site("stade")
    coordinator = CoordinatorFactory(email=f"koordination-{viewport}@example.org", sites=[stade])
    evening = EventFactory(site=stade, kind=EventKind.INFO, audience=Audience.PUBLIC, title="Infoabend Ehrenamt")
    email = f"rania-{viewport}@example.org"

    # The Mitmachen page in Arabic, right to left.
    watch.goto(f"{live_server.url}/mitmachen/?lang=ar")
    page.wait_for_url(f"{live_server.url}/mitmachen/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("input[name=name]", NAME)
    page.fill("input[name=email]", email)
    page.check("input[name=ways][value=interpreting]")
    page.check("input[name=languages][value=ar]")
    page.check(f"input[name=site][value='{stade.pk}']")
    page.check("input[name=consent]")
    page.locator("main form.interest button[type=submit]").click()
    page.wait_for_url(re.compile(r"/mitmachen/danke/$"))

    # The beat task invites everyone who showed interest; the invitation is in Arabic and carries the link.
    assert invitations_queue() == 1
    invitation = Mail.objects.get(kind="events.invitation", recipient=email)
    assert invitation.language == "ar"
    assert "Infoabend Ehrenamt" in invitation.body_text
    link = re.search(r"/mitmachen/infoabend/\S+/\?lang=ar", invitation.body_text).group(0)

    watch.goto(live_server.url + link)
    page.wait_for_url(re.compile(r"/mitmachen/infoabend/\S+/$"))
    assert (page.locator("html").get_attribute("lang"), page.locator("html").get_attribute("dir")) == ("ar", "rtl")
    watch.check("info-evening-invitation-arabic", viewport)
    page.locator(f"#event-{evening.pk} button[type=submit]").click()
    page.wait_for_url(re.compile(r"/mitmachen/infoabend/\S+/$"))
    watch.check("info-evening-signed-up-arabic", viewport)
    signup = evening.signups.get()
    assert (signup.interest.email, signup.status) == (email, SignupStatus.CONFIRMED)

    # An account with the same address: the way in is already there, and the profile form is filled in.
    watch.goto(f"{live_server.url}/accounts/signup/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    confirmation = re.search(r"/accounts/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    watch.goto(live_server.url + confirmation)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/mein-bereich/$"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    watch.check("dashboard-way-in-arabic", viewport)
    onboarding = Onboarding.objects.get(interest__email=email)
    assert onboarding.user.email == email
    assert onboarding.user.language == "ar"
    assert page.locator(".way-in li.text-success").count() == 2  # interested, invited

    watch.goto(f"{live_server.url}/mein-bereich/profil/")
    assert page.locator("input[name=first_name]").input_value() == "رانيا"
    assert page.locator("input[name=last_name]").input_value() == "حداد"

    # The coordinator marks attendance in the admin and sees the person move a step.
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE").new_page()
    desk.goto(f"{live_server.url}/accounts/login/?next=/admin/")
    desk.fill("input[name=login]", coordinator.email)
    desk.fill("input[name=password]", PASSWORD)
    desk.locator("main form button[type=submit]").click()
    second_factor_enter(desk, coordinator.email)
    desk.wait_for_url(re.compile(r"/admin/$"))
    desk.goto(f"{live_server.url}/admin/events/signup/?event__id__exact={evening.pk}")
    desk.locator(f"input[name=_selected_action][value='{signup.pk}']").check()
    desk.select_option("select[name=action]", "mark_attended")
    desk.locator("button[name=index]").click()
    desk.wait_for_url(re.compile(r"/admin/events/signup/"))

    desk.goto(f"{live_server.url}/admin/volunteers/onboarding/")
    row = desk.locator("#result_list tbody tr", has_text=NAME)
    with translation.override("de"):
        assert str(OnboardingStep.INFO_EVENING.label) in row.inner_text()
    onboarding.refresh_from_db()
    assert onboarding.step == OnboardingStep.INFO_EVENING
    assert onboarding.milestones.get(step=OnboardingStep.INFO_EVENING).by == coordinator

    page.reload()
    watch.goto(f"{live_server.url}/mein-bereich/")
    assert page.locator(".way-in li.text-success").count() == 3
