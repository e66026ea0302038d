import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from machmit.ratelimit import client_ip, limit_hit
from matching import permissions
from matching.enums import LogAction
from matching.forms import TOPIC_ICONS, HelpRequestForm, WithdrawForm
from matching.selectors import request_for_withdrawal
from matching.services import (
    MatchError,
    match_accept,
    match_decline,
    request_log_view,
    request_submit,
    request_withdraw,
)
from volunteers.enums import LegalTextKind
from volunteers.models import Site
from volunteers.selectors import legal_text_current, site_list

SESSION_REFERENCE = "matching_reference"
SESSION_WITHDRAWN = "matching_withdrawn"
FLYER_INVITATION = gettext_noop("Do you need help in everyday life? Scan the code and write to us in your language.")


@require_http_methods(["GET", "POST"])
def request_create(request):
    """The public form at /hilfe/: no account, in the visitor's language."""
    if request.method == "POST":
        if limit_hit(
            scope="hilfe", key=client_ip(request), limit=settings.MATCHING_SUBMISSIONS_PER_HOUR, period_seconds=3600
        ):
            return render(request, "matching/request_limited.html", {"sites": site_list()}, status=429)
        form = HelpRequestForm(request.POST)
        if form.is_spam:
            return render(request, "matching/request_limited.html", {"sites": site_list()}, status=400)
        if form.is_valid():
            data = form.cleaned_data
            help_request = request_submit(
                first_name=data["first_name"],
                contact_method=data["contact_method"],
                phone=data["phone"],
                email=data["email"],
                counselling_service=data["counselling_service"],
                submitted_by_counsellor=data["submitted_by_counsellor"],
                municipality=data["municipality"],
                site=Site.objects.filter(pk=data["site"]).first() if data["site"] else None,
                languages=data["languages"],
                topics=data["topics"],
                availability=data["availability"],
                gender_preference=data["gender_preference"],
                children_involved=data["children_involved"],
                message=data["message"],
                language=get_language(),
            )
            request.session[SESSION_REFERENCE] = help_request.reference
            return redirect("matching:thanks")
    else:
        form = HelpRequestForm()
    return render(
        request,
        "matching/request_create.html",
        {
            "form": form,
            "icons": TOPIC_ICONS,
            "consent": legal_text_current(kind=LegalTextKind.REQUEST_CONSENT),
        },
        status=422 if form.errors else 200,
    )


@require_GET
def request_thanks(request):
    reference = request.session.get(SESSION_REFERENCE)
    if not reference:
        return redirect("matching:create")
    return render(request, "matching/request_thanks.html", {"reference": reference, "sites": site_list()})


@require_http_methods(["GET", "POST"])
def request_withdraw_view(request):
    """/hilfe/zurueckziehen/: a newcomer takes their request back with its number and the contact they gave. A
    mismatch says neither which part was wrong nor whether the number exists; attempts are limited per address."""
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if limit_hit(
            scope="hilfe-withdraw",
            key=client_ip(request),
            limit=settings.MATCHING_WITHDRAWAL_ATTEMPTS_PER_HOUR,
            period_seconds=3600,
        ):
            return render(request, "matching/request_limited.html", {"sites": site_list()}, status=429)
        if form.is_spam:
            return render(request, "matching/request_limited.html", {"sites": site_list()}, status=400)
        if form.is_valid():
            found = request_for_withdrawal(
                reference=form.cleaned_data["reference"], contact=form.cleaned_data["contact"]
            )
            if found is not None:
                request_withdraw(request=found)
                request.session[SESSION_WITHDRAWN] = found.reference
                return redirect("matching:withdrawn")
            form.add_error(
                None, _("We found no open request with this number and this contact. Please check both, or call us.")
            )
    return render(
        request,
        "matching/request_withdraw.html",
        {"form": form, "sites": site_list()},
        status=422 if form.errors else 200,
    )


@require_GET
def request_withdrawn(request):
    reference = request.session.get(SESSION_WITHDRAWN)
    if not reference:
        return redirect("matching:withdraw")
    return render(request, "matching/request_withdrawn.html", {"reference": reference})


@require_GET
def flyer(request, slug: str):
    """A printable flyer of one site: a QR code to /hilfe/ and one line of invitation in each language."""
    site = get_object_or_404(Site, slug=slug)
    url = settings.SITE_URL + reverse("matching:create")
    invitations = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            invitations.append((code, name, translation.get_language_bidi(), _(FLYER_INVITATION)))
    qr_code = segno.make(url, error="m").svg_data_uri(scale=8, border=2)
    return render(
        request, "matching/flyer.html", {"site": site, "url": url, "qr_code": qr_code, "invitations": invitations}
    )


@login_required
@require_GET
def match_list(request):
    matches = permissions.matches_of_volunteer(request.user).order_by("-proposed_at")
    return render(request, "matching/match_list.html", {"matches": matches})


@login_required
@require_GET
def match_detail(request, pk: int):
    match = get_object_or_404(permissions.matches_of_volunteer(request.user), pk=pk)
    show_contact = permissions.may_see_contact(match)
    if show_contact:
        request_log_view(request=match.request, user=request.user, action=LogAction.CONTACT_VIEWED)
    return render(request, "matching/match_detail.html", {"match": match, "show_contact": show_contact})


def _answer(request, pk: int, service, message: str):
    match = get_object_or_404(permissions.matches_of_volunteer(request.user), pk=pk)
    try:
        service(match=match)
    except MatchError as error:
        messages.error(request, str(error))
        return render(request, "matching/match_detail.html", {"match": match, "show_contact": False}, status=409)
    messages.success(request, message)
    return redirect("matches:detail", pk=pk)


@login_required
@require_POST
def match_accept_view(request, pk: int):
    return _answer(request, pk, match_accept, _("Thank you! The contact data is below; please get in touch soon."))


@login_required
@require_POST
def match_decline_view(request, pk: int):
    return _answer(request, pk, match_decline, _("Thank you for telling us. The coordinators look for someone else."))
