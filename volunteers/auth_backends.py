"""The portal's authentication backend."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthAuthenticationBackend

from volunteers.models import User


class AuthenticationBackend(AllauthAuthenticationBackend):
    """allauth's backend (log-in by e-mail and password; Django's permissions through ModelBackend) that reads
    the user's volunteer profile and way in (the dashboard shows it) in the same query: most pages a logged-in
    volunteer opens need them."""

    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related("volunteer", "onboarding").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
