from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from machmit.ratelimit import client_ip, limit_hit
from volunteers.documents import certificate_response
from volunteers.enums import DocumentKind
from volunteers.forms import (
    CertificateRequestForm,
    InterestForm,
    NotificationSettingsForm,
    PauseForm,
    VolunteerProfileForm,
)
from volunteers.models import Certificate, Site
from volunteers.selectors import (
    certificate_site,
    interest_linked,
    site_list,
    site_signatory,
    volunteer_get_for_user,
)
from volunteers.services import (
    RecognitionError,
    certificate_issue,
    interest_create,
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
        {"form": form, "volunteer": volunteer, "consent_version": settings.VOLUNTEER_CONSENT_VERSION},
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
            "consent_version": settings.VOLUNTEER_INTEREST_CONSENT_VERSION,
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
