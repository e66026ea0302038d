from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from tests.factories import CoordinatorFactory, UserFactory, VolunteerFactory, site
from volunteers.models import PoliceCertificate, User, Volunteer

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:volunteers_volunteer_changelist")


def change_url(volunteer):
    return reverse("admin:volunteers_volunteer_change", args=[volunteer.pk])


@pytest.fixture
def volunteers():
    return {
        "stade": VolunteerFactory(sites=[site("stade")]),
        "buxtehude": VolunteerFactory(sites=[site("buxtehude")]),
        "both": VolunteerFactory(sites=[site("stade"), site("buxtehude")]),
        "none": VolunteerFactory(),
    }


@pytest.fixture
def stade_client(client):
    client.force_login(CoordinatorFactory(sites=[site("stade")]))
    return client


def test_changelist_stade_coordinator_sees_own_site_and_unassigned_only(stade_client, volunteers):
    response = stade_client.get(CHANGELIST)

    assert response.status_code == 200
    shown = set(response.context["cl"].queryset)
    assert shown == {volunteers["stade"], volunteers["both"], volunteers["none"]}


def test_change_view_stade_coordinator_cannot_open_buxtehude_volunteer(stade_client, volunteers):
    response = stade_client.get(change_url(volunteers["buxtehude"]))

    # The admin answers an object outside the queryset like a missing one: back to the index.
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_change_view_stade_coordinator_cannot_edit_buxtehude_volunteer(stade_client, volunteers):
    volunteer = volunteers["buxtehude"]

    response = stade_client.post(change_url(volunteer), {"municipality": "jork", "capacity": "5"})

    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert (volunteer.municipality, volunteer.capacity) == ("stade", 1)


def test_change_view_stade_coordinator_edits_own_volunteer(stade_client, volunteers):
    volunteer = volunteers["stade"]
    data = {
        "phone": "",
        "municipality": "jork",
        "sites": [site("stade").pk],
        "gender": "",
        "capacity": "3",
        "about": "",
        "languages-TOTAL_FORMS": "0",
        "languages-INITIAL_FORMS": "0",
        "topics-TOTAL_FORMS": "0",
        "topics-INITIAL_FORMS": "0",
        "police_certificate-TOTAL_FORMS": "0",
        "police_certificate-INITIAL_FORMS": "0",
    }

    response = stade_client.post(change_url(volunteer), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    volunteer.refresh_from_db()
    assert (volunteer.municipality, volunteer.capacity) == ("jork", 3)


def test_admin_superuser_sees_every_volunteer(client, volunteers):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(CHANGELIST)

    assert set(response.context["cl"].queryset) == set(volunteers.values())


def test_admin_coordinator_cannot_open_user_accounts_or_delete(stade_client, volunteers):
    assert stade_client.get(reverse("admin:volunteers_user_changelist")).status_code == 403
    assert stade_client.get(reverse("admin:account_emailaddress_changelist")).status_code == 403
    response = stade_client.post(reverse("admin:volunteers_volunteer_delete", args=[volunteers["stade"].pk]))
    assert response.status_code == 403
    assert Volunteer.objects.filter(pk=volunteers["stade"].pk).exists()


def test_admin_staff_without_site_sees_nothing(client, volunteers):
    client.force_login(CoordinatorFactory())

    assert client.get(CHANGELIST).status_code == 403


def test_admin_volunteer_without_staff_sent_to_login(client, volunteers):
    client.force_login(volunteers["stade"].user)

    response = client.get(CHANGELIST)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_site_admin_coordinator_edits_only_own_site(client):
    stade, buxtehude = site("stade"), site("buxtehude")
    coordinator = CoordinatorFactory(sites=[stade])
    client.force_login(coordinator)

    assert client.get(reverse("admin:volunteers_site_change", args=[buxtehude.pk])).status_code == 302
    response = client.post(
        reverse("admin:volunteers_site_change", args=[stade.pk]),
        {
            "name": "Stade",
            "street": stade.street,
            "postcode": stade.postcode,
            "city": stade.city,
            "phone": "04141 123456",
            "email": "",
            "opening_hours": "Mo–Do 9–16 Uhr",
        },
    )
    assert response.status_code == 302
    stade.refresh_from_db()
    assert stade.opening_hours == "Mo–Do 9–16 Uhr"
    assert list(stade.coordinators.all()) == [coordinator]


def test_police_certificate_inspection_recorded_with_inspector(client):
    coordinator = CoordinatorFactory(sites=[site("stade")])
    volunteer = VolunteerFactory(sites=[site("stade")])
    client.force_login(coordinator)

    response = client.post(
        change_url(volunteer),
        {
            "phone": "",
            "municipality": "stade",
            "sites": [site("stade").pk],
            "gender": "",
            "capacity": "1",
            "about": "",
            "languages-TOTAL_FORMS": "0",
            "languages-INITIAL_FORMS": "0",
            "topics-TOTAL_FORMS": "0",
            "topics-INITIAL_FORMS": "0",
            "police_certificate-TOTAL_FORMS": "1",
            "police_certificate-INITIAL_FORMS": "0",
            "police_certificate-0-inspected_on": "20.11.2026",
            "police_certificate-0-certificate_date": "01.11.2026",
            "police_certificate-0-next_due": "20.11.2031",
            "police_certificate-0-cleared_for_children": "on",
        },
    )

    assert response.status_code == 302, response.context["inline_admin_formsets"]
    certificate = PoliceCertificate.objects.get(volunteer=volunteer)
    assert (certificate.inspected_by, certificate.cleared_for_children) == (coordinator, True)
    assert certificate.is_valid_for_children(date(2031, 11, 20))
    assert not certificate.is_valid_for_children(date(2031, 11, 21))


def test_admin_accounts_stay_superusers_even_for_a_coordinator_given_django_permissions(stade_client):
    coordinator = stade_client.session["_auth_user_id"]
    User.objects.get(pk=coordinator).user_permissions.set(Permission.objects.all())
    for name in ["volunteers_user", "auth_group", "account_emailaddress", "mfa_authenticator"]:
        assert stade_client.get(reverse(f"admin:{name}_changelist")).status_code == 403, name
    superuser = Client()
    superuser.force_login(UserFactory(is_staff=True, is_superuser=True))
    for name in ["volunteers_user", "auth_group", "account_emailaddress", "mfa_authenticator"]:
        assert superuser.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
