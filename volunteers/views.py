from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from machmit.ratelimit import client_ip, limit_hit
from volunteers.documents import certificate_response
from volunteers.enums import DocumentKind, LegalTextKind
from volunteers.forms import (
    CertificateRequestForm,
    ConsentForm,
    InterestForm,
    NotificationSettingsForm,
    PauseForm,
    VolunteerProfileForm,
)
from volunteers.models import Certificate, Site
from volunteers.selectors import (
    certificate_site,
    consent_renewal_needed,
    interest_linked,
    legal_text_current,
    site_list,
    site_signatory,
    volunteer_get_for_user,
)
from volunteers.services import (
    RecognitionError,
    certificate_issue,
    interest_create,
    volunteer_consent_give,
    volunteer_notifications_update,
    volunteer_pause,
    volunteer_profile_save,
    volunteer_resume,
)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    volunteer = volunteer_get_for_user(user=request.user)
    form = VolunteerProfileForm(
        request.POST if request.method == "POST" else None,
        volunteer=volunteer,
        interest=None if volunteer else interest_linked(user=request.user),
        language=request.user.language,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        volunteer_profile_save(
            user=request.user,
            first_name=data["first_name"],
            last_name=data["last_name"],
            phone=data["phone"],
            municipality=data["municipality"],
            sites=data["sites"],
            languages=data["languages"],
            topics=data["topics"],
            availability=data["availability"],
            gender=data["gender"],
            capacity=data["capacity"],
            about=data["about"],
            language=data["language"],
            consent_language=get_language(),
        )
        messages.success(request, _("Your profile has been saved."))
        return redirect("dashboard")
    return render(
        request,
        "volunteers/profile_edit.html",
        {"form": form, "volunteer": volunteer, "consent": legal_text_current(kind=LegalTextKind.VOLUNTEER_CONSENT)},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_renew(request):
    """The consent text a volunteer agreed to has a newer version (their login leads here, ``adapters``): they read
    it and agree, or learn what not agreeing means; then they go on to where they were going. Otherwise the page
    shows the current text, and which version they agreed to when."""
    volunteer = volunteer_get_for_user(user=request.user)
    if volunteer is None:
        return redirect("volunteers:profile_edit")
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=False):
        next_url = reverse("dashboard")
    needed = consent_renewal_needed(user=request.user)
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not needed:
            return redirect(next_url)
        if form.is_valid():
            volunteer_consent_give(volunteer=volunteer, language=get_language())
            messages.success(request, _("Thank you! Your consent has been recorded."))
            return redirect(next_url)
    return render(
        request,
        "volunteers/consent_renew.html",
        {
            "form": form,
            "needed": needed,
            "volunteer": volunteer,
            "consent": legal_text_current(kind=LegalTextKind.VOLUNTEER_CONSENT),
            "next": next_url,
            "erase_after_days": settings.VOLUNTEER_ERASE_AFTER_ENDED_DAYS,
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def notifications_edit(request):
    volunteer = volunteer_get_for_user(user=request.user)
    if volunteer is None:
        return redirect("volunteers:profile_edit")
    form = NotificationSettingsForm(
        request.POST if request.method == "POST" else None, initial={"event_reminders": volunteer.event_reminders}
    )
    if request.method == "POST" and form.is_valid():
        volunteer_notifications_update(volunteer=volunteer, event_reminders=form.cleaned_data["event_reminders"])
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("dashboard")
    return render(request, "volunteers/notifications_edit.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def pause_edit(request):
    """A break from volunteering, until a date or until resumed: no proposals, no reminders meanwhile."""
    volunteer = volunteer_get_for_user(user=request.user)
    if volunteer is None:
        return redirect("volunteers:profile_edit")
    form = PauseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        volunteer_pause(volunteer=volunteer, until=form.cleaned_data["until"])
        messages.success(request, _("Enjoy your break. You can resume at any time."))
        return redirect("dashboard")
    return render(
        request,
        "volunteers/pause_edit.html",
        {"form": form, "paused": volunteer.is_paused(timezone.localdate()), "volunteer": volunteer},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def pause_end(request):
    volunteer = volunteer_get_for_user(user=request.user)
    if volunteer is None:
        return redirect("volunteers:profile_edit")
    volunteer_resume(volunteer=volunteer)
    messages.success(request, _("Welcome back! Coordinators can ask you again."))
    return redirect("dashboard")


@require_http_methods(["GET", "POST"])
def interest_create_view(request):
    """The Mitmachen page: the ways to volunteer, and a short interest form for those without an account."""
    if request.method == "POST":
        if limit_hit(
            scope="mitmachen",
            key=client_ip(request),
            limit=settings.VOLUNTEER_INTEREST_SUBMISSIONS_PER_HOUR,
            period_seconds=3600,
        ):
            return render(request, "volunteers/interest_limited.html", {"sites": site_list()}, status=429)
        form = InterestForm(request.POST)
        if form.is_spam:
            return render(request, "volunteers/interest_limited.html", {"sites": site_list()}, status=400)
        if form.is_valid():
            data = form.cleaned_data
            interest_create(
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                languages=data["languages"],
                ways=data["ways"],
                site=Site.objects.filter(pk=data["site"]).first() if data["site"] else None,
                language=get_language(),
            )
            return redirect("interest:thanks")
    else:
        form = InterestForm()
    return render(
        request,
        "volunteers/interest_create.html",
        {
            "form": form,
            "consent": legal_text_current(kind=LegalTextKind.INTEREST_CONSENT),
            "delete_after_days": settings.VOLUNTEER_INTEREST_DELETE_AFTER_DAYS,
        },
        status=422 if form.errors else 200,
    )


@require_GET
def interest_thanks(request):
    return render(request, "volunteers/interest_thanks.html", {"sites": site_list()})


@login_required
@require_http_methods(["GET", "POST"])
def certificate_request(request):
    """A volunteer asks for a certificate of engagement for a period: it is issued from their confirmed hours
    and downloaded at once."""
    volunteer = volunteer_get_for_user(user=request.user)
    if volunteer is None:
        return redirect("volunteers:profile_edit")
    today = timezone.localdate()
    form = CertificateRequestForm(
        request.POST if request.method == "POST" else None,
        initial={"period_start": today.replace(month=1, day=1), "period_end": today, "language": get_language()},
    )
    if request.method == "POST" and form.is_valid():
        site = certificate_site(volunteer=volunteer)
        try:
            certificate = certificate_issue(
                volunteer=volunteer,
                kind=DocumentKind.ENGAGEMENT,
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                language=form.cleaned_data["language"],
                site=site,
                issuer_name=site_signatory(site=site),
                by=request.user,
            )
        except RecognitionError as error:
            form.add_error(None, str(error))
        else:
            return redirect("volunteers:certificate_download", pk=certificate.pk)
    return render(request, "volunteers/certificate_request.html", {"form": form}, status=422 if form.errors else 200)


@login_required
@require_GET
def certificate_download(request, pk: int):
    """One's own certificate, as issued; a revoked one is no longer handed out."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("site", "volunteer__user"),
        pk=pk,
        volunteer__user=request.user,
        revoked_at=None,
    )
    return certificate_response(certificate)


@require_GET
def certificate_verify(request, code: str):
    """The address on a certificate and in its QR code: whether it is genuine, and what it states (issuer, date,
    period, hours), nothing about the person."""
    certificate = get_object_or_404(Certificate.objects.select_related("site"), code=code)
    return render(request, "volunteers/certificate_verify.html", {"certificate": certificate})


@dataclass(frozen=True)
class Retention:
    """A line of the privacy page's table: what is kept, why, and for how long."""

    what: str
    why: str
    period: str


def _retention_periods() -> list[Retention]:
    """How long the portal keeps what, from the settings that make it so."""
    erase, interest, request, audit, mails = (
        settings.VOLUNTEER_ERASE_AFTER_ENDED_DAYS,
        settings.VOLUNTEER_INTEREST_DELETE_AFTER_DAYS,
        settings.MATCHING_ANONYMISE_AFTER_DAYS,
        settings.AUDIT_LOG_KEEP_DAYS,
        settings.OUTBOX_KEEP_DAYS,
    )
    return [
        Retention(
            _("Your account and volunteer profile, with your consents"),
            _("To invite you to events, to put you in touch with newcomers and to plan the work of the centre."),
            ngettext(
                "While you volunteer; erased %(count)d day after your volunteering has ended.",
                "While you volunteer; erased %(count)d days after your volunteering has ended.",
                erase,
            )
            % {"count": erase},
        ),
        Retention(
            _("Police certificate: only that it was inspected, when, and whether it is clear"),
            _("Required for work with children (§72a SGB VIII)."),
            _("Deleted as soon as your volunteering ends."),
        ),
        Retention(
            _("Hours and certificates"),
            _("For your certificates, the Ehrenamtskarte and the centre's statistics."),
            _("With your account; afterwards only as figures without your name."),
        ),
        Retention(
            _("Your details from the Mitmachen page"),
            _("To invite you to an information evening."),
            ngettext(
                "%(count)d day, unless you create an account.",
                "%(count)d days, unless you create an account.",
                interest,
            )
            % {"count": interest},
        ),
        Retention(
            _("Requests for help (/hilfe/)"),
            _("To find a helper and to reach you."),
            ngettext(
                "Name and contact are deleted %(count)d day after the help has ended.",
                "Name and contact are deleted %(count)d days after the help has ended.",
                request,
            )
            % {"count": request},
        ),
        Retention(
            _("Who opened a profile; failed logins"),
            _("To protect your data and to notice attacks."),
            ngettext("%(count)d day.", "%(count)d days.", audit) % {"count": audit},
        ),
        Retention(
            _("E-mails we sent"),
            _("To deliver them and to answer questions about them."),
            ngettext("%(count)d day.", "%(count)d days.", mails) % {"count": mails},
        ),
    ]


@require_GET
def privacy(request):
    """/datenschutz/: the privacy text the centre's lead keeps in the admin, how long what is kept (from the
    settings), and whom to ask."""
    return render(
        request,
        "pages/datenschutz.html",
        {
            "privacy": legal_text_current(kind=LegalTextKind.PRIVACY),
            "retention": _retention_periods(),
            "sites": site_list(),
            "privacy_email": settings.PRIVACY_CONTACT_EMAIL,
        },
    )
