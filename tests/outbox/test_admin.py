import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from outbox.enums import MailStatus
from outbox.models import Mail
from tests.factories import CoordinatorFactory, site

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:outbox_mail_changelist")


def mail(site_slug, status=MailStatus.SENT, **fields):
    return Mail.objects.create(
        cause=f"test:{Mail.objects.count()}",
        recipient="lena@example.org",
        kind="events.reminder",
        site_id=site(site_slug).pk,
        language="de",
        subject="Erinnerung",
        body_text="Hallo",
        status=status,
        **fields,
    )


@pytest.fixture
def stade_client(client):
    client.force_login(CoordinatorFactory(sites=[site("stade")]))
    return client


def test_outbox_coordinator_sees_own_site_with_errors(stade_client):
    failed = mail("stade", MailStatus.FAILED, attempts=1, last_error="550 5.1.1 No such user")
    mail("buxtehude")

    response = stade_client.get(CHANGELIST)

    assert list(response.context["cl"].queryset) == [failed]
    detail = stade_client.get(reverse("admin:outbox_mail_change", args=[failed.pk]))
    assert "550 5.1.1 No such user" in detail.text


def test_outbox_other_site_mail_not_reachable(stade_client):
    other = mail("buxtehude")

    assert stade_client.get(reverse("admin:outbox_mail_change", args=[other.pk])).status_code == 302


def test_outbox_resend_action_requeues_failed_only(stade_client):
    failed = mail("stade", MailStatus.FAILED, attempts=8, last_error="452 Mailbox full")
    sent = mail("stade")
    other_site = mail("buxtehude", MailStatus.FAILED)

    stade_client.post(CHANGELIST, {"action": "resend", ACTION_CHECKBOX_NAME: [failed.pk, sent.pk, other_site.pk]})

    assert Mail.objects.get(pk=failed.pk).status == MailStatus.QUEUED
    assert Mail.objects.get(pk=failed.pk).attempts == 0
    assert Mail.objects.get(pk=sent.pk).status == MailStatus.SENT
    assert Mail.objects.get(pk=other_site.pk).status == MailStatus.FAILED
