"""Answers to allauth's signals: each calls one service, nothing more."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver
from django.utils.translation import get_language

from volunteers.services import onboarding_link_account


@receiver(email_confirmed, dispatch_uid="volunteers.onboarding_link_account")
def link_confirmed_account(sender, request, email_address, **kwargs):
    """A new account's own address is confirmed: link the interest entry it left, or start its way in."""
    user = email_address.user
    if email_address.email.lower() == user.email.lower():
        onboarding_link_account(user=user, language=get_language())
