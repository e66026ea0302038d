from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outbox.enums import MailStatus


class Mail(models.Model):
    """One mail to one recipient, written in the same transaction as the change that causes it.

    The key (cause, recipient, kind, occurrence) makes a second copy impossible: ``cause`` names the row
    behind it ("events.signup:42"), ``kind`` the sort of mail, ``occurrence`` what makes a new mail of that
    kind right (a promotion number, an event's change number, the start a reminder was computed for).
    """

    cause = models.CharField(_("cause"), max_length=100)
    recipient = models.EmailField(_("recipient"))
    kind = models.CharField(_("kind"), max_length=60)
    occurrence = models.CharField(_("occurrence"), max_length=60, blank=True)
    # The site whose coordinators may see this mail in the admin (an id: the outbox imports no domain app).
    site_id = models.PositiveBigIntegerField(_("site"), null=True, blank=True, db_index=True)
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MailStatus, default=MailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # When a queued mail may be tried (again): now for new mails, later after a transient error.
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # When a worker claimed it for sending; a mail "sending" for too long was lost with its worker.
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("mail")
        verbose_name_plural = _("mails")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["cause", "recipient", "kind", "occurrence"], name="mail_unique_key"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="mail_status_next_attempt")]

    def __str__(self):
        return f"{self.kind} → {self.recipient}"
