from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language

from events.selectors import my_signups, volunteer_qualifications
from events.summaries import event_summaries
from machmit.i18n import newcomer_languages
from matching.selectors import open_proposal_count
from volunteers.forms import NotificationSettingsForm, VolunteerProfileForm
from volunteers.permissions import is_coordinator
from volunteers.selectors import site_list, volunteer_get_for_user
from volunteers.services import (
    user_language_update,
    volunteer_calendar_token_renew,
    volunteer_notifications_update,
    volunteer_profile_save,
)


@newcomer_languages
def home(request):
    return render(request, "home.html", {"sites": site_list()})


@login_required
@require_GET
def dashboard(request):
    volunteer = volunteer_get_for_user(user=request.user)
    context = {"volunteer": volunteer, "is_coordinator": is_coordinator(request.user)}
    if volunteer is not None:
        context["open_proposals"] = open_proposal_count(volunteer=volunteer)
        signups = my_signups(volunteer=volunteer)
        summaries = event_summaries([key for key, _status in signups])
        context["signups"] = [(status, summaries[key[0]]) for key, status in signups if key[0] in summaries]
        context["qualifications"] = volunteer_qualifications(volunteer=volunteer)
        if volunteer.calendar_token:
            path = reverse("events:personal_feed", args=[volunteer.calendar_token])
            context["calendar_url"] = request.build_absolute_uri(path)
    return render(request, "volunteers/dashboard.html", context)


@login_required
@require_POST
def calendar_renew(request):
    volunteer = volunteer_get_for_user(user=request.user)
    if volunteer is None:
        return redirect("volunteers:profile_edit")
    volunteer_calendar_token_renew(volunteer=volunteer)
    messages.success(request, _("Your calendar address is ready. An earlier address no longer works."))
    return redirect("volunteers:dashboard")


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    volunteer = volunteer_get_for_user(user=request.user)
    form = VolunteerProfileForm(
        request.POST if request.method == "POST" else None, volunteer=volunteer, language=request.user.language
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
        return redirect("volunteers:dashboard")
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
        return redirect("volunteers:dashboard")
    return render(request, "volunteers/notifications_edit.html", {"form": form})


@newcomer_languages
@require_POST
def language_set(request):
    """Django's language switch; a logged-in person's choice is also kept on their account."""
    response = set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in settings.VOLUNTEER_LANGUAGES:
        user_language_update(user=request.user, language=language)
    return response
