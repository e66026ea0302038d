import re

import pytest

from tests.browser.conftest import second_factor_enter
from tests.factories import PASSWORD, CoordinatorFactory, VolunteerFactory, site

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", ["desktop"])
def test_coordinator_logs_in_through_allauth_and_uses_admin_under_csp(watch, page, live_server):
    coordinator = CoordinatorFactory(email="koordination@example.org", sites=[site("stade")])
    own = VolunteerFactory(user__first_name="Sofia", user__last_name="Stader", sites=[site("stade")])
    VolunteerFactory(user__first_name="Bruno", user__last_name="Buxtehuder", sites=[site("buxtehude")])

    watch.goto(live_server.url + "/admin/")
    page.wait_for_url(re.compile(r"/accounts/login/\?next=/admin/$"))
    page.fill("input[name=login]", coordinator.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    second_factor_enter(page, coordinator.email)
    page.wait_for_url(re.compile(r"/admin/$"))

    page.locator("a[href='/admin/volunteers/volunteer/']").first.click()
    page.wait_for_url(re.compile(r"/admin/volunteers/volunteer/$"))
    assert page.get_by_role("link", name="Sofia Stader").is_visible()
    assert page.get_by_text("Bruno Buxtehuder").count() == 0

    page.get_by_role("link", name="Sofia Stader").click()
    page.wait_for_url(re.compile(rf"/admin/volunteers/volunteer/{own.pk}/change/$"))
    page.select_option("select[name=municipality]", "jork")
    page.locator("input[name=_save]").click()
    page.wait_for_url(re.compile(r"/admin/volunteers/volunteer/$"))
    own.refresh_from_db()
    assert own.municipality == "jork"
    assert [e for e in watch.console_errors if "Content Security Policy" in e] == []
    assert watch.foreign_requests == []
