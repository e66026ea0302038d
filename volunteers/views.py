from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from volunteers.forms import NotificationSettingsForm, VolunteerProfileForm
from volunteers.selectors import volunteer_get_for_user
from volunteers.services import volunteer_notifications_update, volunteer_profile_save


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
