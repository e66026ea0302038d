"""Pages that compose several apps, and the error views that need the request.

They sit at the top of the house beside the URL map: the home page, the volunteer's dashboard (their profile,
way in, sign-ups, qualifications and match proposals), the renewal of the personal calendar address, the end
of one's volunteering (``machmit.services``) and the language switch. Also the admin's login, which hands over
to allauth's. Each app's own pages are in its ``views.py``.
"""

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language

from events.selectors import my_signups, volunteer_qualifications
from events.summaries import event_summaries
from machmit.services import VolunteeringError, volunteering_end
from matching.selectors import open_proposal_count
from volunteers.enums import InterfaceLanguage
from volunteers.forms import VolunteeringEndForm
from volunteers.permissions import is_coordinator
from volunteers.selectors import onboarding_progress, site_list, volunteer_get_for_user
from volunteers.services import user_language_update, volunteer_calendar_token_renew


def home(request):
    return render(request, "home.html", {"sites": site_list()})


@login_required
@require_GET
def dashboard(request):
    volunteer = volunteer_get_for_user(user=request.user)
    context = {
        "volunteer": volunteer,
        "is_coordinator": is_coordinator(request.user),
        "way_in": onboarding_progress(user=request.user),
    }
    if volunteer is not None:
        context["open_proposals"] = open_proposal_count(volunteer=volunteer)
        signups = my_signups(volunteer=volunteer)
        summaries = event_summaries([key for key, _status in signups])
        context["signups"] = [(status, summaries[key[0]]) for key, status in signups if key[0] in summaries]
        context["qualifications"] = volunteer_qualifications(volunteer=volunteer)
        context["paused"] = volunteer.is_paused(timezone.localdate())
        if volunteer.calendar_token:
            path = reverse("events:personal_feed", args=[volunteer.calendar_token])
            context["calendar_url"] = request.build_absolute_uri(path)
    return render(request, "dashboard.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def volunteering_end_view(request):
    """A volunteer ends their volunteering: a reason and a confirmation; their account stays."""
    volunteer = volunteer_get_for_user(user=request.user)
    if volunteer is None or volunteer.ended_at is not None:
        return redirect("dashboard")
    form = VolunteeringEndForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            volunteering_end(volunteer=volunteer, reason=form.cleaned_data["reason"], by=request.user)
        except VolunteeringError as error:  # ended meanwhile, e.g. by a coordinator
            messages.info(request, str(error))
            return redirect("dashboard")
        messages.success(request, _("Your volunteering has ended. Thank you for everything you have done!"))
        return redirect("dashboard")
    return render(
        request,
        "volunteers/volunteering_end.html",
        {"form": form, "coming_signups": len(my_signups(volunteer=volunteer))},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def calendar_renew(request):
    volunteer = volunteer_get_for_user(user=request.user)
    if volunteer is None:
        return redirect("volunteers:profile_edit")
    volunteer_calendar_token_renew(volunteer=volunteer)
    messages.success(request, _("Your calendar address is ready. An earlier address no longer works."))
    return redirect("dashboard")


@require_POST
def language_set(request):
    """Django's language switch; a logged-in person's choice is also kept on their account."""
    response = set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in InterfaceLanguage.values:
        user_language_update(user=request.user, language=language)
    return response


def admin_login(request):
    """Where the admin sends whoever it does not let in. Staff log in through allauth's login, with its rate
    limits; someone signed in without staff rights is told that the admin is not for them (sending them to the
    login would bring them straight back here)."""
    if not request.user.is_authenticated:
        login = reverse("account_login")
        query = request.META.get("QUERY_STRING", "")
        return redirect(f"{login}?{query}" if query else login)
    if admin.site.has_permission(request):
        return redirect("admin:index")
    return render(request, "403_admin.html", status=403)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
