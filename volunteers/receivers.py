"""Answers to allauth's and Django's signals: each calls one service, nothing more."""

from allauth.account.signals import email_confirmed
from allauth.mfa.signals import authentication_failed as second_factor_failed
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.utils.translation import get_language

from machmit.ratelimit import client_ip
from volunteers.services import login_failure_record, onboarding_link_account


@receiver(email_confirmed, dispatch_uid="volunteers.onboarding_link_account")
def link_confirmed_account(sender, request, email_address, **kwargs):
    """A new account's own address is confirmed: link the interest entry it left, or start its way in."""
    user = email_address.user
    if email_address.email.lower() == user.email.lower():
        onboarding_link_account(user=user, language=get_language())


@receiver(user_login_failed, dispatch_uid="volunteers.login_failure_record")
def record_login_failure(sender, credentials, request=None, **kwargs):
    """A password did not match (allauth's login authenticates through Django, which sends this)."""
    email = credentials.get("email") or credentials.get("username") or ""
    login_failure_record(email=email, ip_address=client_ip(request) if request else None)


@receiver(second_factor_failed, dispatch_uid="volunteers.login_failure_record_second_factor")
def record_second_factor_failure(sender, request, user, authenticator, reauthentication, **kwargs):
    """The password was right but the code was not: the more telling failure of the two."""
    if not reauthentication:
        login_failure_record(email=user.email, ip_address=client_ip(request) if request else None)
