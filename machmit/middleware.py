import time

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _


class LanguageMiddleware:
    """Complements Django's LocaleMiddleware, which runs before it.

    - ``?lang=ar`` (printed on flyers and QR codes) chooses the language as the switcher would: it sets
      the language cookie and redirects to the same address without the parameter, so the address stays
      the one to share and the switcher's later choices are not overridden by it.
    - The coordinators' admin speaks only German and English (``ADMIN_LANGUAGES``); other languages fall
      back to English there, never to a mix. Every other page speaks all seven.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.GET.get("lang")
        if chosen in self.languages and request.method in ("GET", "HEAD"):
            query = request.GET.copy()
            del query["lang"]
            response = HttpResponseRedirect(request.path + (f"?{query.urlencode()}" if query else ""))
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                chosen,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                samesite="Lax",
            )
            return response
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # The admin's own views, not our door in front of them (machmit.views.admin_login answers volunteers).
        if request.resolver_match.app_name == "admin" and translation.get_language() not in settings.ADMIN_LANGUAGES:
            translation.activate("en")
            request.LANGUAGE_CODE = "en"


class StaffIdleTimeoutMiddleware:
    """Ends a staff member's session after ``STAFF_IDLE_MINUTES`` without a request: the admin opens personal
    data, and a coordinator's desk in an office is often left alone. Volunteers stay signed in as before.

    The time of the last request is kept in the session, written again at most once a minute.
    """

    KEY = "staff_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.is_staff:
            now = int(time.time())
            last_seen = request.session.get(self.KEY, now)
            if now - last_seen > settings.STAFF_IDLE_MINUTES * 60:
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after %(minutes)s minutes without activity. Please log in again.")
                    % {"minutes": settings.STAFF_IDLE_MINUTES},
                )
            elif now - last_seen >= 60 or self.KEY not in request.session:
                request.session[self.KEY] = now
        return self.get_response(request)


class StaffSecondFactorMiddleware:
    """Keeps staff (coordinators, superusers) out of the admin until they have a second factor: an authenticator
    app or a security key (allauth.mfa). Without one, every admin page (the report at ``/admin/bericht/`` too)
    leads to setting up the app, with a word why; with one, allauth's login asks for its code after the password.

    It costs nothing outside the admin and for everyone but staff; for staff in the admin, one query.
    """

    # Recovery codes only stand in for these.
    SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        user = request.user
        if (
            request.path.startswith(self.admin_prefix)
            and user.is_authenticated
            and (user.is_staff or user.is_superuser)
            and not is_mfa_enabled(user, types=self.SECOND_FACTORS)
        ):
            messages.warning(
                request,
                _(
                    "The admin opens once your account has a second factor. Set up an authenticator app now: from "
                    "then on you enter its code after your password when you log in."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class ErrorPageMiddleware:
    """Gives the bare 405 answers of Django's method decorators the portal's look and language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            allowed = response.get("Allow", "")
            response = render(request, "405.html", status=405)
            response["Allow"] = allowed
        return response


class HealthCheckMiddleware:
    """Answers ``/healthz/`` for the container healthcheck, before host checks and the HTTPS redirect.

    It says "ok" only while the database answers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != "/healthz/":
            return self.get_response(request)
        try:
            connection.ensure_connection()
        except DatabaseError:
            return HttpResponse("database unavailable", status=503, content_type="text/plain")
        return HttpResponse("ok", content_type="text/plain")
