"""The portal's allauth account adapter."""

from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import get_login_redirect_url
from django.urls import reverse

from volunteers.selectors import consent_renewal_needed


class AccountAdapter(DefaultAccountAdapter):
    def post_login(self, request, user, *, redirect_url=None, signup=False, **kwargs):
        """A volunteer who agreed to an earlier version of the consent text than the current one is asked to agree
        again right after logging in, before the page they were going to (which the consent page leads on to).
        Here rather than in ``get_login_redirect_url``, which allauth skips when the login carries a ``next``."""
        if consent_renewal_needed(user=user):
            target = get_login_redirect_url(request, redirect_url, signup=signup)
            redirect_url = f"{reverse('volunteers:consent')}?{urlencode({'next': target})}"
        return super().post_login(request, user, redirect_url=redirect_url, signup=signup, **kwargs)
