"""The batch proposal in the admin: a coordinator assigns all open requests of their site at once."""

import re

import pytest

from matching.enums import MatchStatus, RequestStatus
from matching.models import HelpRequest, Match
from matching.services import request_submit
from outbox.enums import MailStatus
from outbox.models import Mail
from tests.browser.conftest import VIEWPORTS, PageWatch
from tests.browser.test_events_journey import log_in
from tests.factories import CoordinatorFactory, VolunteerFactory, site
from volunteers.models import VolunteerTopic

pytestmark = pytest.mark.django_db(transaction=True)

BATCH = "/admin/matching/helprequest/batch/"


def submit(where, *, languages, topics, municipality="stade"):
    """A request as the public form stores it; reachable by phone, so it queues no confirmation mail."""
    return request_submit(
        first_name="Amal",
        contact_method="phone",
        phone="+4915123456789",
        email="",
        counselling_service="",
        submitted_by_counsellor=False,
        municipality=municipality,
        site=where,
        languages=languages,
        topics=topics,
        availability=0,
        gender_preference="",
        children_involved=False,
        message="",
        language="ar",
    )


def volunteer(name, *, languages, topics=(), **fields):
    first_name, last_name = name.split()
    person = VolunteerFactory(
        user__email=f"{first_name.lower()}@example.org",
        user__first_name=first_name,
        user__last_name=last_name,
        languages=languages,
        **fields,
    )
    for topic in topics:
        VolunteerTopic.objects.create(volunteer=person, topic=topic)
    return person


def proposal(page) -> dict[str, str]:
    """The assignment as the batch page shows it: request reference -> volunteer's name."""
    cells = [row.locator("td").all_inner_texts() for row in page.locator("form[method=post] tbody tr").all()]
    return {request.strip(): name.strip() for _, request, name, *_ in cells}


def csp_violations(watch: PageWatch) -> list[str]:
    return [e for e in watch.console_errors if "Content Security Policy" in e]


@pytest.mark.parametrize("viewport", ["desktop"])
def test_coordinator_confirms_the_batch_proposal_within_capacities(watch, page, browser, live_server):
    stade, buxtehude = site("stade"), site("buxtehude")
    # Samira fits both Arabic requests best, but has one place only; Omar (two places) fits them less well.
    samira = volunteer(
        "Samira Haddad",
        languages={"ar": "native", "de": "fluent"},
        topics=["authorities", "health"],
        sites=[stade],
        capacity=1,
    )
    omar = volunteer("Omar Nasser", languages={"ar": "good"}, municipality="jork", sites=[stade], capacity=2)
    klaus = volunteer("Klaus Krüger", languages={"de": "native"}, topics=["school"], sites=[stade], capacity=1)
    # The weaker fit for Samira comes first: handing her out in order of arrival would waste her.
    letters = submit(stade, languages=["ar"], topics=["authorities"])
    doctor = submit(stade, languages=["ar"], topics=["authorities", "health"])
    school = submit(stade, languages=["de"], topics=["school"])
    elsewhere = submit(buxtehude, languages=["ar"], topics=["authorities", "health"], municipality="buxtehude")
    coordinator = CoordinatorFactory(email="koordination-stade@example.org", sites=[stade])

    # The Stade coordinator sees the best overall assignment of Stade's requests, Buxtehude's left out.
    log_in(page, live_server, coordinator.email, BATCH)
    assert page.locator("select[name=site] option:checked").inner_text() == stade.name
    assert proposal(page) == {
        letters.reference: "Omar Nasser",
        doctor.reference: "Samira Haddad",
        school.reference: "Klaus Krüger",
    }
    assert page.get_by_text(elsewhere.reference).count() == 0
    samira_row = page.locator("tbody tr", has_text="Samira Haddad")
    assert "spricht Arabisch (Muttersprache)" in samira_row.inner_text()

    # They keep the German request back for now and propose the two others.
    page.get_by_label(school.reference).uncheck()
    page.get_by_role("button", name="Angekreuzte Paare vorschlagen").click()
    page.wait_for_url(re.compile(re.escape(f"{BATCH}?site={stade.pk}") + "$"))
    assert page.get_by_text(f"{doctor.reference} wurde Samira Haddad vorgeschlagen.").is_visible()
    assert page.get_by_text(f"{letters.reference} wurde Omar Nasser vorgeschlagen.").is_visible()
    assert HelpRequest.objects.get(pk=school.pk).status == RequestStatus.NEW

    # Only the German request is left to propose; then nothing is.
    assert proposal(page) == {school.reference: "Klaus Krüger"}
    page.get_by_role("button", name="Angekreuzte Paare vorschlagen").click()
    page.wait_for_url(re.compile(re.escape(f"{BATCH}?site={stade.pk}") + "$"))
    assert page.get_by_text("Gerade lässt sich keine offene Anfrage vermitteln.").is_visible()
    assert csp_violations(watch) == []
    assert watch.foreign_requests == []

    # The database holds exactly the proposed pairs, and nobody has more open matches than places.
    matches = {match.request_id: match for match in Match.objects.select_related("volunteer__user")}
    assert {pk: (match.volunteer, match.status, match.proposed_by) for pk, match in matches.items()} == {
        letters.pk: (omar, MatchStatus.PROPOSED, coordinator),
        doctor.pk: (samira, MatchStatus.PROPOSED, coordinator),
        school.pk: (klaus, MatchStatus.PROPOSED, coordinator),
    }
    for helper in (samira, omar, klaus):
        assert helper.matches.filter(status__in=[MatchStatus.PROPOSED, MatchStatus.ACTIVE]).count() <= helper.capacity
    assert dict(HelpRequest.objects.values_list("reference", "status")) == {
        letters.reference: RequestStatus.PROPOSED,
        doctor.reference: RequestStatus.PROPOSED,
        school.reference: RequestStatus.PROPOSED,
        elsewhere.reference: RequestStatus.NEW,
    }

    # Each helper's proposal mail waits in the outbox, naming their request.
    mails = Mail.objects.all()
    assert sorted((mail.cause, mail.recipient, mail.kind, mail.status) for mail in mails) == sorted(
        (f"matching.match:{match.pk}", match.volunteer.user.email, "matching.proposed", MailStatus.QUEUED)
        for match in matches.values()
    )
    by_cause = {f"matching.match:{match.pk}": match for match in matches.values()}
    for mail in mails:
        assert by_cause[mail.cause].request.reference in mail.subject

    # The Buxtehude coordinator sees only Buxtehude's request, even when asking for Stade's page;
    # Samira and Klaus are full now, so Omar's second place goes to it.
    other = CoordinatorFactory(email="koordination-buxtehude@example.org", sites=[buxtehude])
    other_context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="de-DE")
    other_page = other_context.new_page()
    other_page.set_default_timeout(10_000)
    other_watch = PageWatch(other_page, live_server.url)
    log_in(other_page, live_server, other.email, BATCH)
    assert proposal(other_page) == {elsewhere.reference: "Omar Nasser"}
    other_watch.goto(f"{live_server.url}{BATCH}?site={stade.pk}")
    assert other_page.locator("select[name=site] option:checked").inner_text() == buxtehude.name
    assert proposal(other_page) == {elsewhere.reference: "Omar Nasser"}
    for reference in (letters.reference, doctor.reference, school.reference):
        assert other_page.get_by_text(reference).count() == 0
    assert csp_violations(other_watch) == []
    assert other_watch.foreign_requests == []
    other_context.close()
