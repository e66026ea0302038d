"""Records of who looked at a person's data and of failed logins, kept ``AUDIT_LOG_KEEP_DAYS``."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from volunteers.models.people import User, Volunteer


class ProfileView(models.Model):
    """A member of staff opened a volunteer's profile in the admin; the volunteer sees these on their data page."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="profile_views", verbose_name=_("volunteer")
    )
    viewer = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("opened by")
    )
    viewed_at = models.DateTimeField(_("opened at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("profile view")
        verbose_name_plural = _("profile views")
        ordering = ["-viewed_at"]

    def __str__(self):
        return f"{self.viewer} → {self.volunteer} ({self.viewed_at:%Y-%m-%d %H:%M})"


class LoginFailure(models.Model):
    """A login that failed: the address tried and the client's address, for the superusers to see attacks."""

    email = models.CharField(_("e-mail address tried"), max_length=254, blank=True)
    ip_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")
        ordering = ["-failed_at"]

    def __str__(self):
        return f"{self.email} ({self.failed_at:%Y-%m-%d %H:%M})"
