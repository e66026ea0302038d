"""The reasons in words that a coordinator reads beside a volunteer's score, in the active language."""

from django.utils.translation import gettext, gettext_lazy, ngettext

from matching.ranking.criteria import Candidate, Need, _same_municipality
from volunteers.enums import AVAILABILITY_ALL, DayPart, HelpTopic, Language, LanguageLevel, Municipality, Weekday

# Shared reasons name at most this many weekly slots, then "and N more".
SLOTS_NAMED = 3

_SPEAKS = {
    # Translators: a reason why a volunteer is suggested for a newcomer, e.g. "speaks Arabic (native)".
    LanguageLevel.NATIVE: gettext_lazy("speaks %(language)s (native)"),
    LanguageLevel.FLUENT: gettext_lazy("speaks %(language)s (fluent)"),
    LanguageLevel.GOOD: gettext_lazy("speaks %(language)s (good)"),
    LanguageLevel.BASIC: gettext_lazy("speaks a little %(language)s (basic)"),
}
# Reasons list languages and topics in the order of their choices, unknown codes last.
_LEVEL_ORDER = {level: position for position, level in enumerate(LanguageLevel)}
_LANGUAGE_ORDER = {code: position for position, code in enumerate(Language.values)}
_TOPIC_ORDER = {topic: position for position, topic in enumerate(HelpTopic.values)}

# DayPart's labels are capitalised nouns ("Afternoon"); a whole phrase per part lets German write
# "Dienstagnachmittag" instead of a lower-cased label.
_SLOT = {
    # Translators: one weekly slot in which a volunteer is free, e.g. "Tuesday morning".
    DayPart.MORNING: gettext_lazy("%(weekday)s morning"),
    # Translators: one weekly slot in which a volunteer is free, e.g. "Tuesday afternoon".
    DayPart.AFTERNOON: gettext_lazy("%(weekday)s afternoon"),
    # Translators: one weekly slot in which a volunteer is free, e.g. "Tuesday evening".
    DayPart.EVENING: gettext_lazy("%(weekday)s evening"),
}


def _label(choices: type, value: str) -> str:
    """The translated label of a choice; an unknown value (old data) shows as it is."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _language_reasons(need: Need, candidate: Candidate) -> list[str]:
    """The newcomer's languages the volunteer speaks, best level first: usable ones, then "basic" ones."""
    spoken = [
        (code, level) for code, level in candidate.languages.items() if code in need.languages and level in _SPEAKS
    ]
    spoken.sort(key=lambda item: (_LEVEL_ORDER[item[1]], _LANGUAGE_ORDER.get(item[0], len(_LANGUAGE_ORDER)), item[0]))
    return [str(_SPEAKS[level]) % {"language": _label(Language, code)} for code, level in spoken]


def _slot_names(mask: int) -> list[str]:
    parts = len(DayPart)
    return [
        str(_SLOT[DayPart(bit % parts)]) % {"weekday": Weekday(bit // parts).label}
        for bit in range(mask.bit_length())
        if mask >> bit & 1
    ]


def _reasons(need: Need, candidate: Candidate) -> list[str]:
    """Short sentences a coordinator reads beside the score, strongest evidence first."""
    reasons = _language_reasons(need, candidate)

    if _same_municipality(need, candidate):
        reasons.append(gettext("lives in %(municipality)s") % {"municipality": _label(Municipality, need.municipality)})

    if need.site_id is not None:
        if need.site_id in candidate.site_ids:
            reasons.append(gettext("prefers the requested site"))
        elif not candidate.site_ids:
            reasons.append(gettext("helps at either site"))

    slots = _slot_names(need.availability & candidate.availability & AVAILABILITY_ALL)
    if len(slots) > SLOTS_NAMED:
        more = len(slots) - SLOTS_NAMED
        reasons.append(
            # Translators: e.g. "free on Monday morning, Monday evening, Tuesday morning and 4 more".
            ngettext("free on %(slots)s and %(count)d more", "free on %(slots)s and %(count)d more", more)
            % {"slots": ", ".join(slots[:SLOTS_NAMED]), "count": more}
        )
    elif slots:
        reasons.append(gettext("free on %(slots)s") % {"slots": ", ".join(slots)})

    shared = sorted(
        need.topics & candidate.topics, key=lambda topic: (_TOPIC_ORDER.get(topic, len(_TOPIC_ORDER)), topic)
    )
    if shared:
        reasons.append(
            ngettext("shares %(count)d help topic: %(topics)s", "shares %(count)d help topics: %(topics)s", len(shared))
            % {"count": len(shared), "topics": ", ".join(_label(HelpTopic, topic) for topic in shared)}
        )

    if candidate.qualifications > 0:
        reasons.append(
            ngettext(
                "has %(count)d valid qualification", "has %(count)d valid qualifications", candidate.qualifications
            )
            % {"count": candidate.qualifications}
        )
    if need.children and candidate.valid_for_children:
        reasons.append(gettext("police certificate valid for work with children"))

    reasons.append(
        ngettext(
            # Translators: a volunteer's caseload, e.g. "1 of 3 places in use".
            "%(active)d of %(capacity)d place in use",
            "%(active)d of %(capacity)d places in use",
            candidate.capacity,
        )
        % {"active": candidate.active, "capacity": candidate.capacity}
    )
    return reasons
