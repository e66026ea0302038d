"""Staff sessions end after a set idle time (issue 16); volunteers stay signed in."""

import time

import pytest
from django.test import Client

from tests.factories import CoordinatorFactory, VolunteerFactory, site

pytestmark = pytest.mark.django_db

KEY = "staff_last_seen"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def idle_for(client: Client, minutes: float) -> None:
    session = client.session
    session[KEY] = int(time.time() - minutes * 60)
    session.save()


def test_coordinator_idle_longer_than_the_limit_must_log_in_again(settings):
    settings.STAFF_IDLE_MINUTES = 30
    client = signed_in(CoordinatorFactory(sites=[site("stade")]))
    assert client.get("/admin/").status_code == 200

    idle_for(client, 31)
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
    assert "_auth_user_id" not in client.session
    login = client.get(response.url, follow=True)
    assert "Sie wurden nach 30 Minuten ohne Aktivität abgemeldet." in login.text


def test_coordinator_within_the_limit_stays_signed_in_and_the_clock_restarts(settings):
    settings.STAFF_IDLE_MINUTES = 30
    client = signed_in(CoordinatorFactory(sites=[site("stade")]))
    client.get("/admin/")

    idle_for(client, 29)
    assert client.get("/admin/").status_code == 200
    idle_for(client, 29)  # 58 minutes since the first request, but only 29 since the last

    assert client.get("/admin/").status_code == 200
    assert time.time() - client.session[KEY] < 60


def test_volunteers_stay_signed_in(settings):
    settings.STAFF_IDLE_MINUTES = 30
    client = signed_in(VolunteerFactory().user)
    idle_for(client, 600)

    assert client.get("/mein-bereich/").status_code == 200
