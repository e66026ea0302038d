"""Pages that compose several apps, and the error views that need the request.

They sit at the top of the house beside the URL map: the home page, the volunteer's dashboard (their profile,
way in, sign-ups, qualifications, match proposals and hours), the hours page (logging time with a newcomer or for
the centre, the overview and the certificates), the renewal of the personal calendar address, the end
of one's volunteering (``machmit.services``) and the language switch. Also the admin's login, which hands over
to allauth's. Each app's own pages are in its ``views.py``.
"""

import json
from dataclasses import replace

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language

from events.selectors import my_signups, volunteer_qualifications
from events.summaries import event_summaries
from machmit.personal_data import json_value, personal_data
from machmit.ratelimit import limit_hit
from machmit.services import VolunteeringError, account_delete, volunteering_end
from matching.enums import MatchStatus
from matching.permissions import matches_of_volunteer
from matching.selectors import matches_open
from matching.services import MatchError, match_hours_log
from volunteers.documents import pdf_render
from volunteers.enums import HourKind, InterfaceLanguage
from volunteers.forms import AccountDeleteForm, HoursLogForm, VolunteeringEndForm
from volunteers.models import Volunteer
from volunteers.permissions import is_coordinator
from volunteers.selectors import (
    hour_entries,
    hours_by_month,
    hours_summary,
    onboarding_progress,
    site_list,
    trainings_attended,
    volunteer_get_for_user,
)
from volunteers.services import hours_log, user_language_update, volunteer_calendar_token_renew


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
        matches = matches_open(volunteer=volunteer)
        context["open_proposals"] = sum(status == MatchStatus.PROPOSED for _pk, status, _reference in matches)
        context["hours"] = hours_summary(volunteer=volunteer, today=timezone.localdate())
        context["hours_form"] = form = _hours_form(None, matches)
        # All the unbound form's fields depend on (with the language): their cache key in dashboard.html.
        work = ",".join(value for value, _label in form.fields["work"].choices)
        context["hours_form_key"] = f"{form.initial['day']}:{work}"
        signups = my_signups(volunteer=volunteer)
        summaries = event_summaries([key for key, _status in signups])
        context["signups"] = [(status, summaries[key[0]]) for key, status in signups if key[0] in summaries]
        context["qualifications"] = volunteer_qualifications(volunteer=volunteer)
        context["paused"] = volunteer.is_paused(timezone.localdate())
        if volunteer.calendar_token:
            path = reverse("events:personal_feed", args=[volunteer.calendar_token])
            context["calendar_url"] = request.build_absolute_uri(path)
    return render(request, "dashboard.html", context)


def _hours_form(data, matches: list[tuple[int, str, str]]) -> HoursLogForm:
    """The form to log hours, offering the volunteer's active matches (``matches_open``) by their request's
    reference (the newcomer's name is for the match's own page) and other work."""
    active = [
        (pk, _("Accompanying %(reference)s") % {"reference": reference})
        for pk, status, reference in matches
        if status == MatchStatus.ACTIVE
    ]
    return HoursLogForm(data, matches=active, initial={"day": timezone.localdate()})


@login_required
@require_http_methods(["GET", "POST"])
def hours(request):
    """A volunteer's hours: logging time (with the newcomer of an active match, or other work for the centre),
    the confirmed hours per month and year, the trainings attended, the entries with their status, the
    certificates issued and the form for a new one."""
    volunteer = volunteer_get_for_user(user=request.user)
    if volunteer is None:
        return redirect("volunteers:profile_edit")
    if request.method == "POST" and volunteer.ended_at is not None:
        messages.info(request, _("Your volunteering has ended. Please ask the coordinators to add hours."))
        return redirect("hours")
    matches = matches_open(volunteer=volunteer)
    form = _hours_form(request.POST if request.method == "POST" else None, matches)
    if request.method == "POST" and form.is_valid():
        try:
            _hours_log(volunteer, form)
        except MatchError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you! Your hours count once a coordinator has confirmed them."))
            return redirect("hours")
    context = {
        "volunteer": volunteer,
        "form": form,
        "summary": hours_summary(volunteer=volunteer, today=timezone.localdate()),
        "years": hours_by_month(volunteer=volunteer),
        "trainings": trainings_attended(volunteer=volunteer),
        "entries": hour_entries(volunteer=volunteer)[:50],
        "qualifications": volunteer_qualifications(volunteer=volunteer),
        "certificates": volunteer.certificates.all(),
    }
    return render(request, "hours.html", context, status=422 if form.errors else 200)


def _hours_log(volunteer: Volunteer, form: HoursLogForm) -> None:
    data = form.cleaned_data
    match_id = form.match_id()
    if match_id is None:
        sites = list(volunteer.sites.all()[:2])
        hours_log(
            volunteer=volunteer,
            site=sites[0] if len(sites) == 1 else None,  # for both sites' coordinators when it names none or both
            kind=HourKind.OTHER,
            day=data["day"],
            hours=data["hours"],
            activity=data["activity"],
        )
        return
    match = matches_of_volunteer(volunteer.user).select_related("request__site", "volunteer").get(pk=match_id)
    match_hours_log(match=match, day=data["day"], hours=data["hours"], activity=data["activity"])


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


# The newest rows of each kind that the data page shows (a phone cannot show five years of weekly hours); the
# downloads hold all of them. 50 a kind kept the page's p95 at 59 ms (make bench, goal 50 ms).
MY_DATA_PAGE_ROWS = 20


@login_required
@require_GET
def my_data(request):
    """Everything the portal stores about the person signed in, with the downloads and the way to delete it."""
    volunteer = volunteer_get_for_user(user=request.user)
    sections = [
        replace(section, limit=MY_DATA_PAGE_ROWS) for section in personal_data(user=request.user, volunteer=volunteer)
    ]
    return render(request, "my_data.html", {"sections": sections, "volunteer": volunteer})


@login_required
@require_GET
def my_data_download(request, kind):
    """The same as a file: JSON (to take elsewhere) or PDF (to read and keep)."""
    sections = personal_data(user=request.user, volunteer=volunteer_get_for_user(user=request.user))
    stamp = timezone.localdate().isoformat()
    if kind == "json":
        data = {
            "exported_at": timezone.now().isoformat(),
            **{section.key: section.records() for section in sections},
        }
        content = json.dumps(data, default=json_value, ensure_ascii=False, indent=2)
        response = HttpResponse(content, content_type="application/json; charset=utf-8")
    else:
        html = render_to_string("documents/my_data.html", {"sections": sections, "person": request.user}, request)
        response = HttpResponse(pdf_render(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="machmit-my-data-{stamp}.{kind}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete_view(request):
    """Deleting one's account after entering the password again. Staff accounts are removed by a superuser."""
    if request.user.is_staff:
        messages.info(request, _("Staff accounts are removed by an administrator of the centre."))
        return redirect("my_data")
    form = AccountDeleteForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST":
        if limit_hit(
            scope="account-delete",
            key=str(request.user.pk),
            limit=settings.ACCOUNT_DELETE_ATTEMPTS_PER_HOUR,
            period_seconds=3600,
        ):
            context = {**_account_delete_context(request, AccountDeleteForm(user=request.user)), "limited": True}
            return render(request, "account_delete.html", context, status=429)
        if form.is_valid():
            account_delete(user=request.user)
            logout(request)
            messages.success(request, _("Your account and your personal data have been deleted. Thank you!"))
            return redirect("home")
    status = 422 if form.errors else 200
    return render(request, "account_delete.html", _account_delete_context(request, form), status=status)


def _account_delete_context(request, form: AccountDeleteForm) -> dict:
    volunteer = volunteer_get_for_user(user=request.user)
    coming = len(my_signups(volunteer=volunteer)) if volunteer and not volunteer.ended_at else 0
    return {"form": form, "coming_signups": coming}


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
