"""A volunteer's own data (issue 16): the page listing everything stored about them, its JSON and PDF downloads,
the record of staff who opened their profile, and deleting the account, after which nothing personal is left in
any table while the sign-ups, hours and matches still count."""

import json
import subprocess
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, models
from django.db.models.functions import Cast
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.enums import SignupStatus
from events.models import Signup
from events.services import signup_create
from machmit.services import account_delete
from machmit.views import MY_DATA_PAGE_ROWS
from matching.enums import LogAction, MatchStatus, RequestStatus
from matching.models import Match, RequestLog
from matching.services import match_accept, match_propose
from outbox.models import Mail
from tests.factories import (
    PASSWORD,
    CoordinatorFactory,
    EventFactory,
    UserFactory,
    VolunteerFactory,
    police_certificate,
    request_for,
    site,
)
from volunteers.enums import DocumentKind, HourKind, HourStatus
from volunteers.models import HourEntry, Interest, LoginFailure, Onboarding, ProfileView, User, Volunteer
from volunteers.services import certificate_issue, hours_decide, hours_log, interest_create, onboarding_link_account

pytestmark = pytest.mark.django_db

DELETE_URL = reverse("account_delete")


def client_for(user, language="de") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def rich_volunteer(coordinator) -> Volunteer:
    """A volunteer with something in every section: an interest entry and way in, sign-ups (one holding the
    last place of a full event), a match with a newcomer, confirmed hours, a certificate, mails, a failed login,
    the admin's history and a record of a coordinator opening the profile."""
    stade = site("stade")
    interest_create(
        name="Henrike Quast",
        email="henrike.quast@example.org",
        phone="+49 4141 987654",
        languages=["de", "uk"],
        ways=[],
        site=stade,
        language="de",
    )
    user = UserFactory(email="henrike.quast@example.org", first_name="Henrike", last_name="Quast")
    onboarding_link_account(user=user, language="de")  # she continues the way in her entry began
    volunteer = VolunteerFactory(
        user=user,
        phone="+4941419876543",
        about="Ich spiele Geige.",
        sites=[stade],
        languages={"de": "native", "uk": "good"},
    )
    police_certificate(volunteer, by=coordinator)
    signup_create(event=EventFactory(capacity=1, title="Sprachcafé"), volunteer=volunteer)
    match = match_propose(request=request_for(site=stade, first_name="Olena"), volunteer=volunteer, by=coordinator)
    match_accept(match=match)
    entry = hours_log(
        volunteer=volunteer,
        site=stade,
        kind=HourKind.OTHER,
        day=timezone.localdate(),
        hours=Decimal(3),
        activity="Flyer verteilt",
    )
    hours_decide(entries=[entry], confirm=True, by=coordinator)
    today = timezone.localdate()
    certificate_issue(
        volunteer=volunteer,
        kind=DocumentKind.ENGAGEMENT,
        period_start=today - timedelta(days=30),
        period_end=today,
        language="de",
        site=stade,
        issuer_name=str(coordinator),
        by=coordinator,
    )
    LoginFailure.objects.create(email="Henrike.Quast@example.org", ip_address="192.0.2.7")
    LogEntry.objects.create(
        user=coordinator,
        content_type=ContentType.objects.get_for_model(Volunteer),
        object_id=str(volunteer.pk),
        object_repr=str(volunteer),
        action_flag=CHANGE,
        change_message="[]",
    )
    client_for(coordinator).get(reverse("admin:volunteers_volunteer_change", args=[volunteer.pk]))
    return volunteer


def test_page_lists_everything_stored_without_the_newcomers_data():
    coordinator = CoordinatorFactory(sites=[site("stade")], first_name="Kai", last_name="Lenz")
    volunteer = rich_volunteer(coordinator)

    response = client_for(volunteer.user, "en").get(reverse("my_data"))

    assert response.status_code == 200
    text = response.text
    for shown in [
        "henrike.quast@example.org",
        "+4941419876543",
        "Ich spiele Geige.",
        "Sprachcafé",
        "Flyer verteilt",
        "Ukrainian",
        "Kai Lenz",  # opened the profile
        Mail.objects.get(recipient=volunteer.user.email, kind="volunteers.welcome").subject,
    ]:
        assert shown in text, shown
    match = Match.objects.get(volunteer=volunteer)
    assert match.request.reference in text
    assert "Olena" not in text
    assert match.request.phone not in text


def test_profile_view_is_recorded_on_opening_not_on_the_list():
    coordinator = CoordinatorFactory(sites=[site("stade")])
    volunteer = VolunteerFactory(sites=[site("stade")])
    client = client_for(coordinator)

    client.get(reverse("admin:volunteers_volunteer_changelist"))
    assert not ProfileView.objects.exists()
    client.get(reverse("admin:volunteers_volunteer_change", args=[volunteer.pk]))

    view = ProfileView.objects.get()
    assert (view.volunteer, view.viewer) == (volunteer, coordinator)


def test_page_queries_stay_the_same_however_much_is_stored():
    coordinator = CoordinatorFactory(sites=[site("stade")])
    small, large = VolunteerFactory(), VolunteerFactory(languages={"de": "native", "ar": "good", "fa": "basic"})
    for volunteer in (small, large):
        signup_create(event=EventFactory(), volunteer=volunteer)
    for _ in range(30):
        signup_create(event=EventFactory(), volunteer=large)
        hours_log(
            volunteer=large, site=None, kind=HourKind.OTHER, day=timezone.localdate(), hours=Decimal(1), activity="Büro"
        )
        ProfileView.objects.create(volunteer=large, viewer=coordinator)

    counts = []
    for volunteer in (small, large):
        client = client_for(volunteer.user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("my_data")).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert counts[1] <= 15


def test_json_download_holds_every_section_with_plain_values():
    coordinator = CoordinatorFactory(sites=[site("stade")])
    volunteer = rich_volunteer(coordinator)

    response = client_for(volunteer.user, "en").get(reverse("my_data_json"))

    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"] == [
        {
            "email": "henrike.quast@example.org",
            "first_name": "Henrike",
            "last_name": "Quast",
            "language": "Deutsch",
            "registered": volunteer.user.date_joined.isoformat(),
            "last_login": data["account"][0]["last_login"],
        }
    ]
    assert data["hours"][0]["hours"] == "3.00"
    assert data["hours"][0]["status"] == str(HourStatus.CONFIRMED.label)
    assert [row["event"] for row in data["signups"]] == ["Sprachcafé"]
    assert data["matches"][0]["request"] == Match.objects.get(volunteer=volunteer).request.reference
    assert data["interest"][0]["phone"] == "+49 4141 987654"
    assert data["profile_views"][0]["opened_by"] == str(coordinator)
    assert "Olena" not in response.content.decode()


def test_pdf_download_is_readable_in_arabic_too():
    coordinator = CoordinatorFactory(sites=[site("stade")])
    volunteer = rich_volunteer(coordinator)

    response = client_for(volunteer.user, "ar").get(reverse("my_data_pdf"))

    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout
    text = text.decode()
    assert "henrike.quast@example.org" in text
    assert "Sprachcafé" in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"password": "wrong", "confirm": "on"}, "This password is not correct."),
        ({"confirm": "on"}, "Please enter your password."),
        ({"password": PASSWORD}, "Please confirm that you want to delete your account."),
    ],
)
def test_bad_input_is_reshown_and_nothing_is_deleted(data, message):
    volunteer = VolunteerFactory()

    response = client_for(volunteer.user, "en").post(DELETE_URL, data)

    assert response.status_code == 422
    assert message in response.text
    assert Volunteer.objects.filter(pk=volunteer.pk).exists()


def test_wrong_passwords_are_limited(settings):
    cache.clear()  # the counts of earlier runs
    settings.ACCOUNT_DELETE_ATTEMPTS_PER_HOUR = 2
    volunteer = VolunteerFactory()
    client = client_for(volunteer.user, "en")

    statuses = [client.post(DELETE_URL, {"password": "wrong", "confirm": "on"}).status_code for _ in range(3)]
    last = client.post(DELETE_URL, {"password": PASSWORD, "confirm": "on"})

    assert statuses == [422, 422, 429]
    assert last.status_code == 429
    assert "Too many attempts" in last.text
    assert Volunteer.objects.filter(pk=volunteer.pk).exists()


def test_staff_cannot_delete_their_account_here():
    coordinator = CoordinatorFactory()

    response = client_for(coordinator, "en").post(DELETE_URL, {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    assert User.objects.filter(pk=coordinator.pk).exists()


def test_deleting_follows_through_and_confirms_by_a_mail_kept_nowhere(mailoutbox, django_capture_on_commit_callbacks):
    coordinator = CoordinatorFactory(sites=[site("stade")], language="en")
    volunteer = rich_volunteer(coordinator)
    event = Signup.objects.get(volunteer=volunteer).event
    waiting = VolunteerFactory()
    signup_create(event=event, volunteer=waiting)
    match = Match.objects.get(volunteer=volunteer)
    client = client_for(volunteer.user, "en")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELETE_URL, {"password": PASSWORD, "confirm": "on"})

    assert (response.status_code, response["Location"]) == (302, "/")
    assert not User.objects.filter(email__iexact="henrike.quast@example.org").exists()
    # Signed out: the area asks for a login again.
    assert client.get(reverse("dashboard")).status_code == 302
    # The waiting list moved up; her sign-up stays, without her.
    statuses = sorted(event.signups.values_list("volunteer_id", "status"), key=str)
    assert statuses == sorted([(None, SignupStatus.CANCELLED), (waiting.pk, SignupStatus.CONFIRMED)], key=str)
    # The newcomer is back with the coordinators; the match stays for the statistics.
    match.refresh_from_db()
    assert (match.volunteer, match.status) == (None, MatchStatus.CLOSED)
    assert match.request.status == RequestStatus.NEW
    assert match.request.log.filter(action=LogAction.HANDED_BACK).exists()
    # Hours and the certificate stay as anonymous figures, the way in without a person.
    assert HourEntry.objects.filter(volunteer=None, hours=3).exists()
    assert Onboarding.objects.filter(user=None).count() == 1
    # The confirmation went out directly, in her language, and is in no table.
    assert [mail.to for mail in mailoutbox] == [["henrike.quast@example.org"]]
    assert mailoutbox[0].subject == "Ihr MachMit-Konto wurde gelöscht"  # in her language
    assert not Mail.objects.filter(recipient__iexact="henrike.quast@example.org").exists()


def _rows_naming(needles: list[str]) -> list[tuple[str, str, str]]:
    """Every text value in every table of the project (Django's, allauth's and ours) that contains a needle."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField | models.JSONField):
                continue
            rows = model._default_manager.annotate(as_text=Cast(field.name, models.TextField()))
            for needle in needles:
                for value in rows.filter(as_text__icontains=needle).values_list("as_text", flat=True):
                    found.append((model._meta.label, field.name, value[:80]))
    return found


def test_nothing_personal_is_left_in_any_table():
    coordinator = CoordinatorFactory(sites=[site("stade")], language="en")
    volunteer = rich_volunteer(coordinator)
    needles = ["henrike.quast@example.org", "Henrike", "Quast", "9876543", "Geige"]
    assert {label for label, _field, _value in _rows_naming(needles)} >= {
        "volunteers.User",
        "volunteers.Volunteer",
        "volunteers.Interest",
        "volunteers.LoginFailure",
        "account.EmailAddress",
        "admin.LogEntry",
        "matching.RequestLog",
        "outbox.Mail",
    }

    account_delete(user=volunteer.user)

    assert _rows_naming(needles) == []
    # What the statistics need is still there.
    assert Signup.objects.filter(volunteer=None).count() == 1
    assert Match.objects.filter(volunteer=None).count() == 1
    assert HourEntry.objects.filter(volunteer=None).count() == 1
    assert RequestLog.objects.filter(action=LogAction.PROPOSED).exists()
    assert Interest.objects.count() == 0


def test_page_shows_the_newest_rows_and_the_downloads_all(settings):
    volunteer = VolunteerFactory()
    today = timezone.localdate()
    for week in range(MY_DATA_PAGE_ROWS + 1):
        hours_log(
            volunteer=volunteer,
            site=None,
            kind=HourKind.OTHER,
            day=today - timedelta(days=7 * week),
            hours=Decimal(1),
            activity=f"Woche {week}",
        )
    client = client_for(volunteer.user, "en")

    page = client.get(reverse("my_data")).text
    data = json.loads(client.get(reverse("my_data_json")).content)

    assert "Woche 0<" in page
    assert f"Woche {MY_DATA_PAGE_ROWS - 1}<" in page
    assert f"Woche {MY_DATA_PAGE_ROWS}<" not in page
    assert "Earlier entries are in the downloads." in page
    assert len(data["hours"]) == MY_DATA_PAGE_ROWS + 1
