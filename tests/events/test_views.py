from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.enums import Audience, EventStatus, SignupStatus
from events.models import Signup, TrainingType
from events.services import event_save, qualification_grant, signup_cancel, signup_create
from events.summaries import event_summaries
from tests.factories import EventFactory, UserFactory, VolunteerFactory, site
from volunteers.enums import HourKind, HourStatus
from volunteers.models import HourEntry

pytestmark = pytest.mark.django_db

LIST_URL = reverse("events:list")


def volunteer_client(volunteer=None) -> tuple[Client, object]:
    volunteer = volunteer or VolunteerFactory()
    client = Client(headers={"accept-language": "de"})
    client.force_login(volunteer.user)
    return client, volunteer


def test_event_list_anonymous_sees_only_public_published_events():
    public = EventFactory(audience=Audience.PUBLIC, title="Interkulturelles Fest")
    EventFactory(audience=Audience.VOLUNTEERS, title="Supervision")
    EventFactory(audience=Audience.PUBLIC, status=EventStatus.DRAFT, title="Entwurf")

    response = Client().get(LIST_URL)

    assert response.status_code == 200
    assert [pk for pk, _status, _summary in response.context["events"]] == [public.pk]


def test_event_list_volunteer_sees_volunteer_events_and_own_status():
    client, volunteer = volunteer_client()
    mine = EventFactory(title="Austauschforum")
    other = EventFactory(audience=Audience.PUBLIC)
    signup = signup_create(event=mine, volunteer=volunteer)

    response = client.get(LIST_URL)

    shown = [(pk, status) for pk, status, _summary in response.context["events"]]
    assert shown == [(mine.pk, SignupStatus.CONFIRMED), (other.pk, None)]
    assert signup.status == SignupStatus.CONFIRMED


def test_event_list_filters_by_site_kind_and_month():
    client, _volunteer = volunteer_client()
    in_two_months = timezone.now() + timedelta(days=62)
    wanted = EventFactory(site=site("buxtehude"), kind="training", starts_at=in_two_months)
    EventFactory(site=site("stade"), kind="training", starts_at=in_two_months)
    EventFactory(site=site("buxtehude"), kind="forum", starts_at=in_two_months)
    EventFactory(site=site("buxtehude"), kind="training")
    month = timezone.localtime(wanted.starts_at).strftime("%Y-%m")

    response = client.get(LIST_URL, {"site": site("buxtehude").pk, "kind": "training", "month": month})

    assert [pk for pk, _status, _summary in response.context["events"]] == [wanted.pk]


@pytest.mark.parametrize("query", [{"site": "999999"}, {"kind": "party"}, {"month": "2020-13"}, {"site": "x"}])
def test_event_list_tampered_filter_shows_page_with_error(query):
    response = Client(headers={"accept-language": "de"}).get(LIST_URL, query)

    assert response.status_code == 400
    assert "Auswahl" in response.text


def test_event_list_pages_with_previous_and_next():
    client, _volunteer = volunteer_client()
    events = EventFactory.create_batch(41)

    first, second, third = (client.get(LIST_URL, {"page": number}) for number in (1, 2, 3))

    assert [pk for pk, _status, _summary in first.context["events"]] == [event.pk for event in events[:20]]
    assert "page=2" in first.text
    assert "page=0" not in first.text
    assert [pk for pk, _status, _summary in second.context["events"]] == [event.pk for event in events[20:40]]
    assert "page=1" in second.text
    assert "page=3" in second.text
    assert "Seite 2" in second.text
    assert [pk for pk, _status, _summary in third.context["events"]] == [event.pk for event in events[40:]]
    assert "page=4" not in third.text


@pytest.mark.parametrize(
    ("value", "number"), [("abc", 1), ("0", 1), ("-3", 1), ("", 1), ("999", 999), ("9" * 40, 1000), ("1e5", 1)]
)
def test_event_list_survives_bad_page_numbers(value, number):
    client, _volunteer = volunteer_client()
    EventFactory.create_batch(2)

    response = client.get(LIST_URL, {"page": value})

    assert response.status_code == 200
    assert response.context["page_number"] == number
    assert len(response.context["events"]) == (2 if number == 1 else 0)


def test_event_list_filter_form_is_cached_yet_follows_a_renamed_site():
    client, _volunteer = volunteer_client()
    stade = site("stade")
    assert f'<option value="{stade.pk}">Stade</option>' in client.get(LIST_URL).text

    stade.name = "Stade (Neubourgstraße)"
    stade.save()
    filtered = client.get(LIST_URL, {"site": stade.pk}).text
    unfiltered = client.get(LIST_URL).text

    assert f'<option value="{stade.pk}" selected>Stade (Neubourgstraße)</option>' in filtered
    assert f'<option value="{stade.pk}">Stade (Neubourgstraße)</option>' in unfiltered


def test_event_list_summary_follows_sign_ups_and_edits():
    """The summaries are cached: a sign-up or an edit must show at once all the same."""
    client, _volunteer = volunteer_client()
    event = EventFactory(capacity=3, title="Austauschforum")
    assert "3 Plätze frei" in client.get(LIST_URL).text

    signup_create(event=event, volunteer=VolunteerFactory())
    assert "2 Plätze frei" in client.get(LIST_URL).text

    event.refresh_from_db()
    event.title = "Austauschforum am Abend"
    event_save(event=event, changed=["title"])
    assert "Austauschforum am Abend" in client.get(LIST_URL).text


def test_event_summaries_leave_out_an_event_deleted_after_its_key_was_read():
    kept, deleted = EventFactory.create_batch(2)
    keys = [(event.pk, event.updated_at, event.confirmed_count) for event in (kept, deleted)]
    deleted.delete()

    assert list(event_summaries(keys)) == [kept.pk]


@pytest.mark.parametrize("rows", [1, 50])
def test_event_list_query_count_constant(django_assert_num_queries, rows):
    client, volunteer = volunteer_client()
    events = EventFactory.create_batch(rows)
    for event in events[:3]:
        signup_create(event=event, volunteer=volunteer)

    # user, events' summary keys, own sign-ups, sites for the filter (the session comes from the cache); the
    # first time also the events whose summary is not cached yet
    with django_assert_num_queries(5):
        client.get(LIST_URL)
    with django_assert_num_queries(4):
        response = client.get(LIST_URL)
    assert len(response.context["events"]) == min(rows, 20)


@pytest.mark.parametrize("rows", [1, 50])
def test_dashboard_query_count_constant(django_assert_num_queries, rows):
    client, volunteer = volunteer_client()
    for event in EventFactory.create_batch(rows, capacity=None):
        signup_create(event=event, volunteer=volunteer)
    # Weekly hours: 5 entries, or 250 (about five years).
    today = timezone.localdate()
    HourEntry.objects.bulk_create(
        HourEntry(
            volunteer=volunteer,
            kind=HourKind.OTHER,
            date=today - timedelta(days=7 * week),
            hours=2,
            activity="Sprachcafé",
            status=HourStatus.CONFIRMED,
            decided_at=timezone.now(),
        )
        for week in range(rows * 5)
    )

    # user with profile and way in, open proposals and active matches, hours, sign-ups, qualifications; the
    # first time also the events whose summary is not cached yet and the sites, topics and languages of the
    # profile summary
    with django_assert_num_queries(9):
        client.get(reverse("dashboard"))
    with django_assert_num_queries(5):
        response = client.get(reverse("dashboard"))
    assert len(response.context["signups"]) == rows
    assert response.context["hours"].this_year == sum(
        2 for week in range(rows * 5) if (today - timedelta(days=7 * week)).year == today.year
    )


def test_signup_view_confirms_then_shows_status():
    client, volunteer = volunteer_client()
    event = EventFactory()

    response = client.post(reverse("events:signup", args=[event.pk]), follow=True)

    assert response.redirect_chain == [(reverse("events:detail", args=[event.pk]), 302)]
    assert "Sie sind angemeldet." in response.text
    assert Signup.objects.get(event=event, volunteer=volunteer).status == SignupStatus.CONFIRMED


def test_signup_view_full_event_shows_waitlist_position():
    event = EventFactory(capacity=1)
    signup_create(event=event, volunteer=VolunteerFactory())
    client, _volunteer = volunteer_client()

    response = client.post(reverse("events:signup", args=[event.pk]), follow=True)

    assert "Sie sind Nummer 1 auf der Warteliste." in response.text


def test_signup_view_twice_gets_409_with_message():
    client, volunteer = volunteer_client()
    event = EventFactory()
    signup_create(event=event, volunteer=volunteer)

    response = client.post(reverse("events:signup", args=[event.pk]))

    assert response.status_code == 409
    assert "Sie sind für diese Veranstaltung bereits angemeldet." in response.text


@pytest.mark.parametrize(
    "changes",
    [
        {"status": EventStatus.CANCELLED},
        {"signup_deadline": timezone.now() - timedelta(minutes=5)},
        {"starts_at": timezone.now() - timedelta(days=2), "ends_at": timezone.now() - timedelta(days=1)},
    ],
)
def test_signup_view_closed_event_gets_409(changes):
    client, _volunteer = volunteer_client()
    event = EventFactory(**changes)

    response = client.post(reverse("events:signup", args=[event.pk]))

    assert response.status_code == 409
    assert not Signup.objects.exists()


@pytest.mark.parametrize("pk", [999999, 0])
def test_signup_view_tampered_event_id_gets_404(pk):
    client, _volunteer = volunteer_client()

    assert client.post(reverse("events:signup", args=[pk])).status_code == 404


def test_signup_view_draft_event_is_404():
    client, _volunteer = volunteer_client()
    event = EventFactory(status=EventStatus.DRAFT)

    assert client.post(reverse("events:signup", args=[event.pk])).status_code == 404


def test_signup_view_tampered_interpreter_language_gets_400():
    client, _volunteer = volunteer_client(VolunteerFactory(languages={"ar": "native"}))
    event = EventFactory(interpreter_languages=["ar"])

    response = client.post(reverse("events:signup", args=[event.pk]), {"interpreter_language": "klingon"})

    assert response.status_code == 400
    assert not Signup.objects.exists()


def test_signup_view_get_not_allowed():
    client, _volunteer = volunteer_client()

    assert client.get(reverse("events:signup", args=[EventFactory().pk])).status_code == 405


def test_signup_view_without_profile_redirects_to_profile():
    client = Client()
    client.force_login(UserFactory())

    response = client.post(reverse("events:signup", args=[EventFactory().pk]))

    assert response["Location"] == reverse("volunteers:profile_edit")


def test_cancel_view_cancels_and_not_signed_up_gets_409():
    client, volunteer = volunteer_client()
    event = EventFactory()
    signup_create(event=event, volunteer=volunteer)

    assert client.post(reverse("events:cancel", args=[event.pk])).status_code == 302
    assert client.post(reverse("events:cancel", args=[event.pk])).status_code == 409


def test_event_ics_parses_back_with_stable_uid():
    event = EventFactory(audience=Audience.PUBLIC, title="Fest der Kulturen")

    first = Client().get(reverse("events:ics", args=[event.pk]))
    second = Client().get(reverse("events:ics", args=[event.pk]))

    assert first["Content-Type"] == "text/calendar; charset=utf-8"
    entries = Calendar.from_ical(first.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in entries] == ["Fest der Kulturen"]
    assert entries[0]["DTSTART"].dt == event.starts_at.replace(microsecond=0)
    uid = str(entries[0]["UID"])
    assert uid == str(Calendar.from_ical(second.content).walk("VEVENT")[0]["UID"])


def test_volunteer_only_event_ics_hidden_from_anonymous():
    event = EventFactory(audience=Audience.VOLUNTEERS)

    assert Client().get(reverse("events:ics", args=[event.pk])).status_code == 404


def test_personal_feed_lists_own_events_and_revoked_token_stops_working():
    client, volunteer = volunteer_client()
    mine, cancelled_mine = EventFactory(title="Meins"), EventFactory(title="Abgesagt")
    EventFactory(title="Fremd")
    signup_create(event=mine, volunteer=volunteer)
    signup_create(event=cancelled_mine, volunteer=volunteer)
    cancelled_mine.status = EventStatus.CANCELLED
    cancelled_mine.change_number = 1
    cancelled_mine.save()

    client.post(reverse("calendar_renew"))
    volunteer.refresh_from_db()
    old_token = volunteer.calendar_token
    feed = Client().get(reverse("events:personal_feed", args=[old_token]))

    entries = {str(e["SUMMARY"]): e for e in Calendar.from_ical(feed.content).walk("VEVENT")}
    assert set(entries) == {"Meins", "Abgesagt"}
    assert (str(entries["Abgesagt"]["STATUS"]), entries["Abgesagt"]["SEQUENCE"]) == ("CANCELLED", 1)

    client.post(reverse("calendar_renew"))
    assert Client().get(reverse("events:personal_feed", args=[old_token])).status_code == 404


def test_public_feed_has_public_events_only():
    EventFactory(audience=Audience.PUBLIC, title="Offen")
    EventFactory(audience=Audience.VOLUNTEERS, title="Intern")

    feed = Client().get(reverse("events:public_feed"))

    assert [str(e["SUMMARY"]) for e in Calendar.from_ical(feed.content).walk("VEVENT")] == ["Offen"]


def test_signup_view_interpreter_confirmed_for_needed_language():
    client, volunteer = volunteer_client(VolunteerFactory(languages={"de": "native", "uk": "fluent"}))
    event = EventFactory(interpreter_languages=["uk"])

    response = client.post(reverse("events:signup", args=[event.pk]), {"interpreter_language": "uk"}, follow=True)

    assert "Sie sind als Dolmetscher/in für Ukrainisch angemeldet." in response.text
    signup = Signup.objects.get(event=event, volunteer=volunteer)
    assert (signup.role, signup.interpreter_language) == ("interpreter", "uk")


def test_dashboard_shows_qualifications():
    client, volunteer = volunteer_client()
    training = TrainingType.objects.create(name="Integrationslotsen-Basisschulung", validity_months=60)
    qualification_grant(volunteer=volunteer, training_type=training, acquired_on=date(2026, 3, 1))

    response = client.get(reverse("dashboard"))

    assert "Integrationslotsen-Basisschulung" in response.text
    assert "1. März 2031" in response.text


def test_public_feed_served_from_cache_until_an_event_changes(django_assert_num_queries):
    cache.clear()
    event = EventFactory(audience=Audience.PUBLIC, title="Offen")
    Client().get(reverse("events:public_feed"))

    with django_assert_num_queries(1):  # the version check only
        cached = Client().get(reverse("events:public_feed"))
    event.title = "Neu"
    event.save()
    changed = Client().get(reverse("events:public_feed"))

    assert [str(e["SUMMARY"]) for e in Calendar.from_ical(cached.content).walk("VEVENT")] == ["Offen"]
    assert [str(e["SUMMARY"]) for e in Calendar.from_ical(changed.content).walk("VEVENT")] == ["Neu"]


def test_personal_feed_served_from_cache_until_the_signups_change(django_assert_num_queries):
    cache.clear()
    client, volunteer = volunteer_client()
    first, second = EventFactory(title="Erstes"), EventFactory(title="Zweites")
    signup = signup_create(event=first, volunteer=volunteer)
    client.post(reverse("calendar_renew"))
    volunteer.refresh_from_db()
    url = reverse("events:personal_feed", args=[volunteer.calendar_token])
    Client().get(url)

    with django_assert_num_queries(2):  # the volunteer and the version check
        cached = Client().get(url)
    signup_cancel(signup=signup)
    signup_create(event=second, volunteer=volunteer)
    swapped = Client().get(url)

    assert [str(e["SUMMARY"]) for e in Calendar.from_ical(cached.content).walk("VEVENT")] == ["Erstes"]
    assert [str(e["SUMMARY"]) for e in Calendar.from_ical(swapped.content).walk("VEVENT")] == ["Zweites"]
