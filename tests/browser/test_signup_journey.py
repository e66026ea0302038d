import re

import pytest

from tests.factories import PASSWORD, site

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_signs_up_verifies_completes_profile_and_sees_dashboard(watch, page, live_server, mailoutbox, viewport):
    site("stade")
    site("buxtehude")
    email = f"neu-{viewport}@example.org"

    watch.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "de"
    watch.check("home", viewport)

    page.get_by_role("link", name="Freiwillig mitmachen").first.click()
    page.wait_for_url(re.compile(r"/accounts/signup/$"))
    watch.responses.clear()
    page.reload()
    watch.check("signup", viewport)

    page.fill("input[name=email]", email)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    watch.check("verification-sent", viewport)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [email]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[0].body).group(0)
    watch.goto(live_server.url + link[link.index("/accounts/") :])
    watch.check("confirm-email", viewport)
    page.locator("main form button[type=submit]").click()

    page.wait_for_url(re.compile(r"/mein-bereich/$"))
    watch.check("dashboard-new", viewport)
    page.get_by_role("link", name="Profil vervollständigen").click()
    page.wait_for_url(re.compile(r"/mein-bereich/profil/$"))
    watch.responses.clear()
    page.reload()
    watch.check("profile-edit", viewport)

    page.fill("input[name=first_name]", "Lena")
    page.fill("input[name=last_name]", "Krüger")
    page.fill("input[name=phone]", "04141 123456")
    page.select_option("select[name=municipality]", "stade")
    page.get_by_label("Stade", exact=True).check()
    page.select_option("select[name=languages_de]", "native")
    page.select_option("select[name=languages_ar]", "good")
    page.get_by_label("Deutsch üben").check()
    page.get_by_label("Dienstag Nachmittag").check()
    page.check("input[name=consent]")
    page.locator("main form button[type=submit]").click()

    page.wait_for_url(re.compile(r"/mein-bereich/$"))
    watch.check("dashboard-complete", viewport)
    assert page.get_by_text("Ihr Profil wurde gespeichert.").is_visible()
    assert page.get_by_text("Arabisch (Gut)").is_visible()
