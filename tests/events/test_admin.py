import csv
import io
from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from events.admin.events import SignupInline
from events.enums import EventStatus, SignupStatus
from events.models import Event, EventSeries, Qualification, Signup, TrainingType
from events.services import signup_create
from outbox.models import Mail
from tests.factories import CoordinatorFactory, EventFactory, VolunteerFactory, site

pytestmark = pytest.mark.django_db

EVENTS = reverse("admin:events_event_changelist")


@pytest.fixture
def coordinator():
    return CoordinatorFactory(sites=[site("stade")])


@pytest.fixture
def stade_client(client, coordinator):
    client.force_login(coordinator)
    return client


def event_form(**overrides):
    start = timezone.localtime(timezone.now() + timedelta(days=3)).replace(microsecond=0)
    end = start + timedelta(hours=2)  # on the next day when it starts after 22:00
    data = {
        "site": site("stade").pk,
        "kind": "forum",
        "title": "Austauschforum",
        "description": "",
        "status": "published",
        "starts_at_0": start.strftime("%d.%m.%Y"),
        "starts_at_1": start.strftime("%H:%M:%S"),
        "ends_at_0": end.strftime("%d.%m.%Y"),
        "ends_at_1": end.strftime("%H:%M:%S"),
        "venue": "",
        "online_url": "",
        "audience": "volunteers",
        "capacity": "10",
        "signups-TOTAL_FORMS": "0",
        "signups-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_event_changelist_stade_coordinator_sees_only_stade(stade_client):
    own = EventFactory(site=site("stade"))
    EventFactory(site=site("buxtehude"))

    response = stade_client.get(EVENTS)

    assert list(response.context["cl"].queryset) == [own]


def test_event_change_other_site_not_reachable(stade_client):
    other = EventFactory(site=site("buxtehude"))

    response = stade_client.get(reverse("admin:events_event_change", args=[other.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_event_add_coordinator_can_only_choose_own_site(stade_client):
    response = stade_client.post(reverse("admin:events_event_add"), event_form(site=site("buxtehude").pk))

    assert response.status_code == 200
    assert "site" in response.context["adminform"].form.errors
    assert not Event.objects.exists()


def test_event_add_own_site_creates_event(stade_client):
    response = stade_client.post(reverse("admin:events_event_add"), event_form(languages=["de", "ar"]))

    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    assert (event.site, event.languages, event.capacity) == (site("stade"), ["de", "ar"], 10)


def test_event_capacity_below_confirmed_refused(stade_client):
    event = EventFactory(capacity=3)
    for _ in range(2):
        signup_create(event=event, volunteer=VolunteerFactory())

    response = stade_client.post(reverse("admin:events_event_change", args=[event.pk]), event_form(capacity="1"))

    assert response.status_code == 200
    assert "capacity" in response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.capacity == 3


def test_event_capacity_raised_promotes_waitlist(stade_client):
    event = EventFactory(capacity=1)
    signup_create(event=event, volunteer=VolunteerFactory())
    waiting = signup_create(event=event, volunteer=VolunteerFactory())

    response = stade_client.post(reverse("admin:events_event_change", args=[event.pk]), event_form(capacity="2"))

    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == SignupStatus.CONFIRMED
    assert Mail.objects.filter(kind="events.promoted").count() == 1


def test_event_page_shows_the_newest_signups_and_links_all_of_them(client, coordinator):
    client.force_login(coordinator)
    event = EventFactory(capacity=None)
    signups = [signup_create(event=event, volunteer=VolunteerFactory()) for _ in range(SignupInline.shown + 5)]

    response = client.get(reverse("admin:events_event_change", args=[event.pk]), headers={"accept-language": "en"})

    shown = response.context["inline_admin_formsets"][0].formset
    assert [form.instance for form in shown.forms] == signups[::-1][: SignupInline.shown]
    assert f"The newest {SignupInline.shown} of {len(signups)} are shown." in response.text
    assert f'href="/admin/events/signup/?event__id__exact={event.pk}"' in response.text
    assert f"All {len(signups)} sign-ups" in response.text


def test_event_page_saved_as_shown_with_its_newest_signups(client, coordinator):
    """The form posts back the sign-ups it showed (read-only): saving the event keeps them all."""
    client.force_login(coordinator)
    event = EventFactory(capacity=None)
    signups = [signup_create(event=event, volunteer=VolunteerFactory()) for _ in range(SignupInline.shown + 5)]
    shown = signups[::-1][: SignupInline.shown]
    rows = {f"signups-{number}-id": signup.pk for number, signup in enumerate(shown)}
    rows |= {f"signups-{number}-event": event.pk for number in range(len(shown))}
    shown_forms = str(len(shown))
    form = event_form(
        title="Neuer Titel", capacity="", **{"signups-TOTAL_FORMS": shown_forms, "signups-INITIAL_FORMS": shown_forms}
    )

    response = client.post(reverse("admin:events_event_change", args=[event.pk]), form | rows)

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Neuer Titel"
    assert event.signups.filter(status=SignupStatus.CONFIRMED).count() == len(signups)


def run_action(client, action, events, **extra):
    return client.post(EVENTS, {"action": action, ACTION_CHECKBOX_NAME: [e.pk for e in events], **extra})


def test_cancel_action_cancels_and_mails(stade_client):
    event = EventFactory()
    signup_create(event=event, volunteer=VolunteerFactory())

    run_action(stade_client, "cancel_events", [event])

    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert Mail.objects.filter(kind="events.cancelled").count() == 1


def test_cancel_action_other_site_event_untouched(stade_client):
    other = EventFactory(site=site("buxtehude"))

    run_action(stade_client, "cancel_events", [other])

    other.refresh_from_db()
    assert other.status == EventStatus.PUBLISHED


def test_export_action_lists_attendees(stade_client):
    event = EventFactory(title="Forum", capacity=1)
    first = signup_create(event=event, volunteer=VolunteerFactory(user__first_name="Lena", user__last_name="Ott"))
    signup_create(event=event, volunteer=VolunteerFactory())

    response = run_action(stade_client, "export_attendees", [event])

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 3
    assert rows[1][2:4] == ["Lena Ott", first.volunteer.user.email]


def test_send_message_action_asks_then_sends(stade_client, coordinator):
    event = EventFactory()
    signup_create(event=event, volunteer=VolunteerFactory())

    form_page = run_action(stade_client, "send_message", [event])
    assert form_page.status_code == 200
    run_action(stade_client, "send_message", [event], send="1", subject="Raum", body="Raum 2")

    assert event.messages.get().sent_by == coordinator
    assert Mail.objects.filter(kind="events.message").count() == 1


def test_duplicate_action_makes_draft(stade_client):
    event = EventFactory()

    run_action(stade_client, "duplicate", [event])

    assert list(Event.objects.order_by("id").values_list("status", flat=True)) == ["published", "draft"]


def test_attendance_action_grants_qualification(stade_client):
    training = TrainingType.objects.create(name="Basisschulung", validity_months=12)
    event = EventFactory(training_type=training)
    signup = signup_create(event=event, volunteer=VolunteerFactory())

    stade_client.post(
        reverse("admin:events_signup_changelist"),
        {"action": "mark_attended", ACTION_CHECKBOX_NAME: [signup.pk]},
    )

    assert Qualification.objects.get().volunteer == signup.volunteer


def test_signup_list_filtered_by_event_and_scoped(stade_client):
    own = EventFactory()
    other = EventFactory(site=site("buxtehude"))
    mine = signup_create(event=own, volunteer=VolunteerFactory())
    signup_create(event=other, volunteer=VolunteerFactory())
    url = reverse("admin:events_signup_changelist")

    assert list(stade_client.get(url, {"event__id__exact": own.pk}).context["cl"].queryset) == [mine]
    assert list(stade_client.get(url, {"event__id__exact": other.pk}).context["cl"].queryset) == []


def test_series_add_creates_dates(stade_client):
    start = timezone.localtime(timezone.now() + timedelta(days=2)).replace(microsecond=0)

    response = stade_client.post(
        reverse("admin:events_eventseries_add"),
        {
            "site": site("stade").pk,
            "kind": "forum",
            "title": "Sprachcafé",
            "description": "",
            "recurrence": "fortnightly",
            "first_start_0": start.strftime("%d.%m.%Y"),
            "first_start_1": start.strftime("%H:%M:%S"),
            "duration_minutes": "90",
            "count": "3",
            "venue": "",
            "online_url": "",
            "audience": "public",
            "capacity": "",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    series = EventSeries.objects.get()
    starts = [timezone.localtime(e.starts_at) for e in series.events.order_by("starts_at")]
    assert [(s.date(), s.time()) for s in starts] == [
        (start.date() + timedelta(weeks=weeks), start.time()) for weeks in (0, 2, 4)
    ]


def test_signup_admin_other_site_signup_not_reachable(stade_client):
    other = signup_create(event=EventFactory(site=site("buxtehude")), volunteer=VolunteerFactory())

    response = stade_client.get(reverse("admin:events_signup_change", args=[other.pk]))

    assert response.status_code == 302
    assert Signup.objects.get(pk=other.pk).status == SignupStatus.CONFIRMED
