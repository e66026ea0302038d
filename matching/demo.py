"""Demo requests of newcomers for the embedded run (``manage.py load_demo_data``), and a history of anonymised
requests and matches at both sites since January of last year, so that the funders' report has figures to show.
Idempotent (by first name, and the history by its references)."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from matching.enums import ContactMethod, MatchStatus, Outcome, RequestStatus
from matching.models import HelpRequest, Match
from matching.services import match_accept, match_hours_log, match_propose, request_submit
from volunteers.enums import DayPart, LegalTextKind, Weekday, availability_bit
from volunteers.models import Site, User, Volunteer
from volunteers.selectors import legal_text_current
from volunteers.services import hours_decide

# first name, contact, municipality, site, languages, topics, children, gender preference, request language
REQUESTS = [
    (
        "Amal",
        ("email", "amal@example.org"),
        "buxtehude",
        "buxtehude",
        ["ar"],
        ["authorities", "health"],
        True,
        "female",
        "ar",
    ),
    ("Mariia", ("phone", "+4915112345678"), "jork", None, ["uk", "ru"], ["school", "german"], True, "", "uk"),
    (
        "Hamid",
        ("counselling", "Migrationsberatung Stade"),
        "stade",
        "stade",
        ["prs", "fa"],
        ["work"],
        False,
        "male",
        "fa",
    ),
    ("Ayşe", ("email", "ayse@example.org"), "buxtehude", "buxtehude", ["tr"], ["housing", "everyday"], False, "", "tr"),
    ("Dawit", ("phone", "+4915198765432"), "stade", "stade", ["ti", "en"], ["mobility", "german"], False, "", "en"),
]

# The history: a site's requests of a year arrive at even intervals; each takes what follows from these lists, by
# its number (lists of different lengths, so that the combinations vary).
HISTORY_PER_YEAR = 40
HISTORY_MUNICIPALITIES = {
    "stade": ["stade", "drochtersen", "fredenbeck", "stade", "oldendorf-himmelpforten", "harsefeld"],
    "buxtehude": ["buxtehude", "jork", "apensen", "buxtehude", "horneburg", "luehe"],
}
HISTORY_LANGUAGES = [
    ["ar"],
    ["ru", "uk"],
    ["fa", "prs"],
    ["tr"],
    ["ar", "kmr"],
    ["en", "ti"],
    ["uk"],
    ["fa", "ps"],
    ["en", "so"],
]
HISTORY_TOPICS = [
    ["authorities"],
    ["everyday", "german"],
    ["authorities", "housing"],
    ["school"],
    ["german", "work"],
    ["health"],
    ["everyday", "mobility"],
]
HISTORY_CONTACT = [
    ContactMethod.PHONE,
    ContactMethod.EMAIL,
    ContactMethod.COUNSELLING,
    ContactMethod.PHONE,
    ContactMethod.EMAIL,
]
# None: the centre rejected the request; Outcome.WITHDRAWN ends it before any proposal; the rest had a match.
HISTORY_ENDINGS = [
    Outcome.HELPED,
    Outcome.PARTLY,
    None,
    Outcome.HELPED,
    Outcome.NO_CONTACT,
    Outcome.WITHDRAWN,
    Outcome.HELPED,
    Outcome.OTHER,
]


def _history_load(sites: dict[str, Site]) -> None:
    """Requests that ended and were anonymised as ``requests_anonymise_due`` leaves them (no name, no contact),
    with their matches, whose volunteers are gone (as deleting a volunteer leaves them). Only requests that
    arrived at least 30 days ago; each is created once, found by its reference (DEMO-H-25S07: the year, the
    site's initial, the number)."""
    now = timezone.now()
    today = timezone.localdate()
    ui_languages = [code for code, _name in settings.LANGUAGES]
    consent_version = legal_text_current(kind=LegalTextKind.REQUEST_CONSENT).version
    for year in (today.year - 1, today.year):
        for slug, site in sites.items():
            coordinator = User.objects.filter(email=f"koordination.{slug}@example.org").first()
            for number in range(HISTORY_PER_YEAR):
                reference = f"DEMO-H-{year % 100:02d}{slug[0].upper()}{number:02d}"
                day = date(year, 1, 4) + timedelta(days=number * 360 // HISTORY_PER_YEAR)
                created = timezone.make_aware(datetime.combine(day, time(9 + number % 8, 15)))
                if day > today - timedelta(days=30) or HelpRequest.objects.filter(reference=reference).exists():
                    continue
                languages = HISTORY_LANGUAGES[number % len(HISTORY_LANGUAGES)]
                language = next((code for code in languages if code in ui_languages), "de")
                contact = HISTORY_CONTACT[number % len(HISTORY_CONTACT)]
                ending = HISTORY_ENDINGS[number % len(HISTORY_ENDINGS)]
                matched = ending not in (None, Outcome.WITHDRAWN)
                proposed = created + timedelta(days=2 + number % 6)
                # Every third proposal was declined first, and the next volunteer asked a day later.
                declined = matched and number % 3 == 1
                accepted = proposed + timedelta(days=(3 if declined else 0) + 1 + number % 4)
                if matched:
                    ended = min(accepted + timedelta(weeks=3 + number % 9), now - timedelta(days=1))
                else:
                    ended = created + timedelta(days=3 if ending is None else 14)
                request = HelpRequest.objects.create(
                    reference=reference,
                    first_name="",
                    contact_method=contact,
                    submitted_by_counsellor=contact == ContactMethod.COUNSELLING,
                    municipality=HISTORY_MUNICIPALITIES[slug][number % len(HISTORY_MUNICIPALITIES[slug])],
                    site=site,
                    languages=languages,
                    topics=HISTORY_TOPICS[number % len(HISTORY_TOPICS)],
                    children_involved=number % 3 == 0,
                    language=language,
                    consent_version=consent_version,
                    consent_given_at=created,
                    consent_language=language,
                    status=RequestStatus.REJECTED if ending is None else RequestStatus.CLOSED,
                    outcome=ending or "",
                    ended_at=ended,
                    anonymised_at=min(ended + timedelta(days=settings.MATCHING_ANONYMISE_AFTER_DAYS), now),
                )
                HelpRequest.objects.filter(pk=request.pk).update(created_at=created)
                if declined:
                    match = Match.objects.create(
                        request=request, volunteer=None, status=MatchStatus.DECLINED, proposed_by=coordinator
                    )
                    Match.objects.filter(pk=match.pk).update(
                        proposed_at=proposed, responded_at=proposed + timedelta(days=2)
                    )
                if matched:
                    match = Match.objects.create(
                        request=request, volunteer=None, status=MatchStatus.CLOSED, proposed_by=coordinator
                    )
                    Match.objects.filter(pk=match.pk).update(
                        proposed_at=accepted - timedelta(days=1 + number % 4), responded_at=accepted, closed_at=ended
                    )


def load() -> None:
    sites = {site.slug: site for site in Site.objects.all()}
    for first_name, (method, contact), municipality, site, languages, topics, children, gender, language in REQUESTS:
        if HelpRequest.objects.filter(first_name=first_name).exists():
            continue
        request_submit(
            first_name=first_name,
            contact_method=method,
            phone=contact if method == "phone" else "",
            email=contact if method == "email" else "",
            counselling_service=contact if method == "counselling" else "",
            submitted_by_counsellor=method == "counselling",
            municipality=municipality,
            site=sites[site] if site else None,
            languages=languages,
            topics=topics,
            availability=availability_bit(Weekday.TUESDAY, DayPart.AFTERNOON)
            | availability_bit(Weekday.FRIDAY, DayPart.MORNING),
            gender_preference=gender,
            children_involved=children,
            message="",
            language=language,
        )
    # The Turkish-speaking demo volunteer has a proposal waiting for an answer.
    ayse = HelpRequest.objects.get(first_name="Ayşe")
    if not ayse.matches.exists():
        match_propose(
            request=ayse,
            volunteer=Volunteer.objects.get(user__email="mehmet.yilmaz@example.org"),
            by=User.objects.get(email="koordination.buxtehude@example.org"),
        )
    # The demo volunteer accompanies Dawit and has logged her time: two entries confirmed, one waiting.
    dawit = HelpRequest.objects.get(first_name="Dawit")
    if not dawit.matches.exists():
        coordinator = User.objects.get(email="koordination.stade@example.org")
        anna = Volunteer.objects.get(user__email="freiwillig@example.org")
        match = match_accept(match=match_propose(request=dawit, volunteer=anna, by=coordinator))
        today = timezone.localdate()
        entries = [
            match_hours_log(match=match, day=today - timedelta(days=days), hours=Decimal(hours), activity=activity)
            for days, hours, activity in [
                (0, "2", "Gemeinsam zur Ausländerbehörde"),
                (0, "1.5", "Bewerbung geschrieben"),
                (0, "1", "Deutsch geübt"),
            ]
        ]
        hours_decide(entries=entries[:2], confirm=True, by=coordinator)

    _history_load(sites)
