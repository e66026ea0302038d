"""Staff accounts must use a second factor before the admin opens; failed logins are recorded for the superusers."""

import re
from pathlib import Path

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, CoordinatorFactory, UserFactory, VolunteerFactory, site, totp_code, totp_secret
from volunteers.demo import DEMO_PASSWORD
from volunteers.models import LoginFailure
from volunteers.services import login_failure_record

pytestmark = pytest.mark.django_db

SETUP = "/accounts/2fa/totp/activate/"
SECOND_STEP = "/accounts/2fa/authenticate/"
CONFIRM_PASSWORD = "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
ADMIN_PAGES = ["/admin/", "/admin/bericht/", "/admin/volunteers/volunteer/", "/admin/login/"]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def password_login(client: Client, email: str, password: str = PASSWORD, next_path: str = "/admin/"):
    return client.post(f"/accounts/login/?next={next_path}", {"login": email, "password": password})


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_coordinator_without_second_factor_sent_to_set_up_the_app(path):
    client = signed_in(CoordinatorFactory(sites=[site("stade")], second_factor=False))

    response = client.get(path)

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp") == SETUP


def test_admin_superuser_without_second_factor_told_why_and_set_up_after_confirming_the_password():
    """allauth shows the secret only to someone who has just confirmed their password."""
    client = Client()
    superuser = UserFactory(is_staff=True, is_superuser=True, second_factor=False)
    password_login(client, superuser.email)

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain == [(SETUP, 302), (CONFIRM_PASSWORD, 302)]
    # allauth's "signed in", then why the admin did not open
    assert [message.level for message in response.context["messages"]] == [messages.SUCCESS, messages.WARNING]
    response = client.post(CONFIRM_PASSWORD, {"password": PASSWORD}, follow=True)
    assert response.redirect_chain == [(SETUP, 302)]
    assert 'id="authenticator_secret"' in response.text


@pytest.mark.parametrize("path", ADMIN_PAGES[:3])
def test_admin_coordinator_with_authenticator_app_opens(path):
    client = signed_in(CoordinatorFactory(sites=[site("stade")]))

    assert client.get(path).status_code == 200


def test_admin_coordinator_with_only_a_security_key_opens():
    coordinator = CoordinatorFactory(sites=[site("stade")], second_factor=False)
    Authenticator.objects.create(user=coordinator, type=Authenticator.Type.WEBAUTHN, data={"name": "Key"})

    assert signed_in(coordinator).get("/admin/").status_code == 200


def test_admin_recovery_codes_alone_are_no_second_factor():
    coordinator = CoordinatorFactory(sites=[site("stade")])
    Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).delete()

    assert signed_in(coordinator).get("/admin/").url == SETUP


def test_volunteers_pages_and_admin_door_unchanged_without_second_factor():
    client = signed_in(VolunteerFactory().user)

    assert client.get("/mein-bereich/").status_code == 200
    assert client.get("/admin/").url.startswith("/admin/login/")
    assert client.get("/admin/login/").status_code == 403  # the door's page for the signed-in without staff rights


def test_admin_coordinator_sets_up_the_app_then_the_admin_opens():
    coordinator = CoordinatorFactory(sites=[site("stade")], second_factor=False)
    client = Client()
    assert password_login(client, coordinator.email).url == "/admin/"
    assert client.get("/admin/", follow=True).redirect_chain[-1] == (CONFIRM_PASSWORD, 302)
    page = client.post(CONFIRM_PASSWORD, {"password": PASSWORD}, follow=True)
    secret = re.search(r'id="authenticator_secret"\s+value="([A-Z2-7]+)"', page.text).group(1)

    response = client.post(SETUP, {"code": pyotp.TOTP(secret).now()})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).count() == 1
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.RECOVERY_CODES).count() == 1
    assert client.get("/admin/").status_code == 200


def test_login_asks_staff_with_authenticator_for_code_before_the_admin():
    coordinator = CoordinatorFactory(sites=[site("stade")])
    client = Client()

    assert password_login(client, coordinator.email).url == SECOND_STEP
    assert client.get("/admin/").url.startswith("/admin/login/")  # not signed in before the code

    response = client.post(SECOND_STEP, {"code": totp_code(totp_secret(coordinator), account=coordinator.email)})

    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_login_volunteer_not_asked_for_a_code():
    volunteer = VolunteerFactory()

    assert password_login(Client(), volunteer.user.email, next_path="/mein-bereich/").url == "/mein-bereich/"


def test_failed_login_recorded_with_address_tried_and_client_address():
    coordinator = CoordinatorFactory()

    Client(REMOTE_ADDR="192.0.2.7").post("/accounts/login/", {"login": coordinator.email, "password": "wrong-one"})
    Client(REMOTE_ADDR="192.0.2.8").post("/accounts/login/", {"login": "nobody@example.org", "password": "x" * 12})

    assert sorted(LoginFailure.objects.values_list("email", "ip_address")) == [
        ("nobody@example.org", "192.0.2.8"),
        (coordinator.email, "192.0.2.7"),
    ]


def test_failed_login_behind_the_proxy_records_the_forwarded_client(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR="10.0.0.2", headers={"x-forwarded-for": "198.51.100.4"})

    client.post("/accounts/login/", {"login": "someone@example.org", "password": "wrong-password"})

    assert list(LoginFailure.objects.values_list("email", "ip_address")) == [("someone@example.org", "198.51.100.4")]


def test_login_failure_record_keeps_only_a_real_client_address():
    """A proxy's header could carry anything; the address tried is cut to what the column holds."""
    login_failure_record(email="a" * 300, ip_address="not-an-address")
    login_failure_record(email="b@example.org", ip_address="2001:db8::1")

    assert sorted(LoginFailure.objects.values_list("email", "ip_address")) == [
        ("a" * 254, None),
        ("b@example.org", "2001:db8::1"),
    ]


def test_failed_second_factor_recorded_and_a_good_login_is_not():
    coordinator = CoordinatorFactory()
    client = Client(REMOTE_ADDR="192.0.2.9")
    password_login(client, coordinator.email)

    right = pyotp.TOTP(totp_secret(coordinator)).now()

    response = client.post(SECOND_STEP, {"code": f"{(int(right) + 1) % 1_000_000:06d}"})
    assert response.status_code == 200  # the page again, with its error
    client.post(SECOND_STEP, {"code": totp_code(totp_secret(coordinator), account=coordinator.email)})

    assert list(LoginFailure.objects.values_list("email", "ip_address")) == [(coordinator.email, "192.0.2.9")]


def test_login_failures_admin_for_superusers_only_and_read_only():
    failure = LoginFailure.objects.create(email="someone@example.org", ip_address="192.0.2.1")
    superuser = signed_in(UserFactory(is_staff=True, is_superuser=True))
    coordinator = signed_in(CoordinatorFactory(sites=[site("stade")]))
    changelist = reverse("admin:volunteers_loginfailure_changelist")
    change = reverse("admin:volunteers_loginfailure_change", args=[failure.pk])

    listed = superuser.get(changelist)
    shown = superuser.get(change)

    assert listed.status_code == 200
    assert "someone@example.org" in listed.text
    assert shown.status_code == 200
    assert shown.context["has_change_permission"] is False
    assert superuser.get(reverse("admin:volunteers_loginfailure_add")).status_code == 403
    assert superuser.post(reverse("admin:volunteers_loginfailure_delete", args=[failure.pk])).status_code == 403
    assert coordinator.get(changelist).status_code == 403
    assert coordinator.get(change).status_code == 403
    assert changelist not in coordinator.get("/admin/").text


def test_demo_coordinator_logs_in_with_a_code_from_the_readme_secret():
    call_command("load_demo_data")
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    secret = re.search(r"oathtool --totp -b ([A-Z2-7]+)", readme).group(1)
    client = Client()

    assert password_login(client, "koordination.stade@example.org", DEMO_PASSWORD).url == SECOND_STEP
    response = client.post(SECOND_STEP, {"code": totp_code(secret, account="koordination.stade@example.org")})

    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_demo_data_twice_keeps_one_authenticator_app_per_coordinator():
    call_command("load_demo_data")
    call_command("load_demo_data")

    assert sorted(Authenticator.objects.filter(user__is_staff=True).values_list("user__email", "type").order_by()) == [
        ("koordination.buxtehude@example.org", "recovery_codes"),
        ("koordination.buxtehude@example.org", "totp"),
        ("koordination.stade@example.org", "recovery_codes"),
        ("koordination.stade@example.org", "totp"),
    ]
