from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from events import selectors
from events.calendars import calendar_build
from events.forms import EventFilterForm, InfoEveningForm, InterpreterSignupForm
from events.models import Event
from events.permissions import events_visible_to
from events.services import SignupError, signup_cancel, signup_create, signup_create_for_interest
from events.services._mail import INVITATION_SALT
from events.summaries import KEY_FIELDS, event_summaries
from volunteers.models import Onboarding, Volunteer
from volunteers.selectors import volunteer_get_for_user

PAGE_SIZE = 20
MAX_PAGE = 1000  # beyond any real list; keeps a tampered ?page= from reaching the database as a huge offset


def _page_number(value: str | None) -> int:
    """The requested page, 1 for anything that is not a page number."""
    try:
        number = int(value or 1)
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)


def _feed(events, *, key: str, name: str) -> bytes:
    """A feed's calendar, built once per change of its events (and hour) and then served from the shared cache:
    calendar apps poll feeds often, and building one costs far more than asking whether it changed."""
    key = f"events:feed:{key}:{selectors.feed_version(events)}"
    content = cache.get(key)
    if content is None:
        content = calendar_build(events, name=name)
        cache.set(key, content, timeout=60 * 60)
    return content


def _calendar_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def event_list(request):
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.event_list(
        user=request.user,
        site_id=filters.get("site"),
        kind=filters.get("kind", ""),
        month=filters.get("month"),
    )
    # One row beyond the page tells whether there is a next one: no count of all coming events.
    number = _page_number(request.GET.get("page"))
    keys = list(events.values_list(*KEY_FIELDS)[(number - 1) * PAGE_SIZE : number * PAGE_SIZE + 1])
    shown = [event_id for event_id, *_rest in keys[:PAGE_SIZE]]
    statuses = selectors.signup_statuses(user=request.user, event_ids=shown)
    summaries = event_summaries(keys[:PAGE_SIZE])
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "events/event_list.html",
        {
            "form": form,
            "page_number": number,
            "has_next": len(keys) > PAGE_SIZE,
            "events": [(pk, statuses.get(pk), summaries[pk]) for pk in shown if pk in summaries],
            "filter_query": query.urlencode(),
        },
        status=400 if form.errors else 200,
    )


def _detail(request, event: Event, *, error: str = "", status: int = 200, interpreter_form=None):
    signup = selectors.own_signup(user=request.user, event=event)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "signup": signup,
            "interpreter_form": interpreter_form
            or (InterpreterSignupForm(event=event) if event.interpreter_languages else None),
            "error": error,
        },
        status=status,
    )


def _visible_event(request, pk: int) -> Event:
    return get_object_or_404(events_visible_to(request.user).select_related("site"), pk=pk)


@require_GET
def event_detail(request, pk: int):
    return _detail(request, _visible_event(request, pk))


@login_required
@require_POST
def event_signup(request, pk: int):
    event = _visible_event(request, pk)
    volunteer = volunteer_get_for_user(user=request.user)
    if volunteer is None:
        messages.info(request, _("Please complete your profile first; then you can sign up."))
        return redirect("volunteers:profile_edit")
    interpreter_form = None
    interpreter_language = ""
    if "interpreter_language" in request.POST:
        interpreter_form = InterpreterSignupForm(request.POST, event=event)
        if not interpreter_form.is_valid():
            return _detail(request, event, status=400, interpreter_form=interpreter_form)
        interpreter_language = interpreter_form.cleaned_data["interpreter_language"]
    try:
        signup = signup_create(event=event, volunteer=volunteer, interpreter_language=interpreter_language)
    except SignupError as error:
        return _detail(request, event, error=str(error), status=409, interpreter_form=interpreter_form)
    if signup.waitlisted_at:
        messages.info(
            request, _("The event is full: you are on the waiting list. We will write to you if a place frees up.")
        )
    else:
        messages.success(request, _("You are signed up. See you there!"))
    return redirect("events:detail", pk=event.pk)


@login_required
@require_POST
def event_cancel_signup(request, pk: int):
    event = _visible_event(request, pk)
    signup = selectors.own_signup(user=request.user, event=event)
    if signup is None:
        return _detail(request, event, error=_("You are not signed up for this event."), status=409)
    try:
        signup_cancel(signup=signup)
    except SignupError as error:
        return _detail(request, event, error=str(error), status=409)
    messages.success(request, _("Your sign-up has been cancelled."))
    return redirect("events:detail", pk=event.pk)


@require_GET
def event_ics(request, pk: int):
    event = _visible_event(request, pk)
    return _calendar_response(calendar_build([event], name=event.title), filename=f"veranstaltung-{event.pk}.ics")


@require_GET
def public_feed(request):
    events = selectors.public_event_list()
    return _calendar_response(_feed(events, key="public", name="MachMit"), filename="machmit.ics")


@require_GET
def personal_feed(request, token: str):
    volunteer = get_object_or_404(Volunteer, calendar_token=token)
    events = selectors.calendar_events(volunteer=volunteer)
    content = _feed(events, key=f"personal:{volunteer.pk}:{get_language()}", name=_("My MachMit events"))
    return _calendar_response(content, filename="machmit-persoenlich.ics")


def _invited(token: str) -> Onboarding:
    """The way in behind an invitation's address. A changed or expired address, or one whose interest entry
    has been deleted, is not found."""
    max_age = timedelta(days=settings.VOLUNTEER_INTEREST_DELETE_AFTER_DAYS)
    try:
        pk = signing.loads(token, salt=INVITATION_SALT, max_age=max_age)
    except signing.BadSignature:
        raise Http404 from None
    return get_object_or_404(Onboarding.objects.select_related("interest"), pk=pk, interest__isnull=False)


@require_http_methods(["GET", "POST"])
def info_evening_signup(request, token: str):
    """Someone interested, without an account, signs up for an information evening through the link in their
    invitation: one button per evening, a place or the waiting list as for volunteers."""
    onboarding = _invited(token)
    interest = onboarding.interest
    evenings = selectors.info_evenings_coming(site_id=onboarding.site_id)
    if request.method == "POST":
        form = InfoEveningForm(request.POST, evenings=evenings)
        if not form.is_valid():  # no button sends this: a tampered or outdated page
            return render(request, "400.html", status=400)
        event = next(evening for evening in evenings if evening.pk == form.cleaned_data["event"])
        signup = selectors.interest_signups(interest=interest, event_ids=[event.pk]).get(event.pk)
        try:
            if form.cleaned_data["action"] == "cancel":
                if signup is None:
                    raise SignupError(_("You are not signed up for this event."))
                signup_cancel(signup=signup)
                messages.success(request, _("Your sign-up has been cancelled."))
            else:
                signup = signup_create_for_interest(event=event, interest=interest)
                if signup.waitlisted_at:
                    messages.info(
                        request,
                        _("The event is full: you are on the waiting list. We will write to you if a place frees up."),
                    )
                else:
                    messages.success(request, _("You are signed up. See you there!"))
        except SignupError as error:
            messages.error(request, str(error))
        return redirect("info_evening:list", token=token)
    signups = selectors.interest_signups(interest=interest, event_ids=[evening.pk for evening in evenings])
    return render(
        request,
        "events/info_evening_signup.html",
        {"name": interest.name, "evenings": [(evening, signups.get(evening.pk)) for evening in evenings]},
    )
