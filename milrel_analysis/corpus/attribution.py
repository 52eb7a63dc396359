"""Counterparts: every gazetteer hit with its role, the counterparts each segment names, the main one.

A hit is a counterpart only in the role of one: a place named as a venue ("held in
Tajikistan", "the Bishkek Summit"), a reference ("resolutions of the UN Security Council"),
a third party inside someone else's reported speech ("Kim Jong Un said ... the US"), a
descriptor ("London-based", "a reporter from Japan's Kyodo"), a site's navigation or a name
that merely contains a country ("Chad Sbragia", "Ukraine International Airlines": the name
heads are packaged data, ``name_heads.txt``) is recorded with that role and not counted.

A multi-part question ("First, ... Second, ...") names counterparts part by part, so an answer
that takes up one part ("On your second question, ...") can inherit that part's only.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from .._resources import name_heads
from ..lexicons import Gazetteer
from ..text.encoding import lowers_like_ignorecase

__all__ = [
    "MENTION_ROLES",
    "Mention",
    "answered_part",
    "find_mentions",
    "named_counterparts",
    "match_counterparts",
    "opens_part",
    "part_counterparts",
    "primary_counterpart",
    "question_parts",
]

MENTION_ROLES = ("counterpart", "venue", "reference", "quoted", "descriptor", "navigation",
                 "person", "place", "listed")


class Mention(NamedTuple):
    """One gazetteer hit in a segment: where, which counterpart, in what role.

    A named tuple: hundreds of thousands travel back from the parsing workers, and tuples
    unpickle several times faster than dataclass instances.
    """

    start: int
    end: int
    counterpart: str
    matched: str
    role: str


_VENUE_PREPOSITION = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$")
# "at the DPRK-US summit": a state joined to another by a hyphen names a party to the meeting.
_DYAD_AFTER = re.compile(r"^-(?:[A-Z][\w.]*)")
# "the summit (will be) held in Singapore", "the consensus reached in Singapore", "met ... in
# Dushanbe": a meeting's place. A country's own events ("elections were held in Turkey") and
# visits ("a visit to the Netherlands") are about it, and are not venues.
_MEETING = (r"(?:summit|meeting|talks|conference|forum|dialogue|session|ceremony|exercises?|drills?|"
            r"consultations?|round|negotiations|consensus|statement|agreement|declaration|"
            r"symposium|seminar|expo|exhibition|games|competition)")
_VENUE_VERB = re.compile(
    rf"(?:\b{_MEETING}\b[^.;:]{{0,90}}?\b(?:held|hosted|convened|opened|closed|took place|taking place|"
    rf"kicked off|wrapped up|staged|conducted|concluded)|\b(?:reached|signed|met|meets)|"
    rf"\b{_MEETING})\b[^.;:,]{{0,40}}?\b(?:in|at)\s+(?:the\s+)?(?:capital\s+(?:city\s+)?(?:of\s+)?)?$"
    r"|\bon the sidelines of\s+(?:the\s+)?(?:\S+\s+){0,4}?$"
    r"|\bmeet\b[^.;:]{0,40}?\bat\s+(?:the\s+)?$",
    re.I)
# A body's sitting: "at a meeting of the UN Security Council", "at the UN Security Council".
_BODY_SITTING = re.compile(
    r"\b(?:(?:meeting|session|sessions|debate|summit|conference)s?\s+(?:of|at)|\bat)\s+(?:the\s+)?$", re.I)
# Where people or offices of another party are: "Chinese embassies in the US", "labs in Ukraine",
# "Cam Ranh Bay in Vietnam" (no verb between: "nationals indicted in the US" names a party).
_LOCATION = re.compile(
    r"\b(?:embass(?:y|ies)|consulates?(?: general)?|diplomatic missions?|citizens|nationals|compatriots|"
    r"students|tourists|companies|enterprises|laboratories|labs|facilities|patients|staff|"
    r"diplomats|travell?ing|living|working|studying|stranded|spy|spies|defectors?|dissidents?|activists?|"
    r"residents?|journalists?|reporters?)\b(?:(?!\b\w+ed\b)[^.;]){0,30}?"
    r"\b(?:in|at)\s+(?:the\s+)?$"
    r"|\b[A-Z][\w-]*\s+(?:Bay|Port|Base|Island|Islands|Province|Prefecture|Strait|River|Valley|"
    r"Mountains?|Airport|Harbou?r)\s+(?:in|of)\s+(?:the\s+)?$"
    r"|\b(?:like|such as|e\.g\.)\s+in\s+(?:the\s+)?$"
    # evidence cited: "statistics from Canada", "survey results from Singapore"
    r"|\b(?:survey results|surveys?|statistics|data|figures|polls?)\s+(?:from|in)\s+(?:the\s+)?$", re.I)
# Where someone speaks: "said while visiting India", "While in Costa Rica, he said".
_WHILE_IN = re.compile(r"\b(?:while|when)\s+(?:visiting|touring|in|on\s+(?:a|an|his|her|their)\s+(?:\w+\s+)?"
                       r"(?:visit|trip|tour)\s+to)\s+(?:the\s+)?$", re.I)
# Where a plane or ship is on its way: "planes flying to Singapore".
_TRAVEL = re.compile(
    r"\b(?:planes?|flights?|aircraft|jets?|airliners?|ships?|vessels?)\b[^.;]{0,40}?\b(?:flying|flew|flown|"
    r"fly|flies|headed|heading|bound|sailing|sailed|en route)\s+(?:to|for)\s+(?:the\s+)?$"
    r"|\b(?:planes?|flights?|aircraft|jets?|airliners?|ships?|vessels?)\b[^.;]{0,40}?\b(?:took|takes|carried|"
    r"brought|transported)\s+(?:[\w.'-]+\s+){0,5}?to\s+(?:the\s+)?$", re.I)
# A country's own affairs and actors are about it, whatever the preposition: "the situation in
# Myanmar", "all parties in Venezuela", "people in Washington who ...", "officials in the Iraqi
# government"; the countries of a region are the region: "talks with countries in West Asia".
_AFFAIRS_BEFORE = re.compile(
    r"\b(?:situation|parties|factions|[Pp]eople|officials|politicians|authorities|government|opposition|"
    r"crisis|conflict|unrest|tensions|violence|protests|turmoil|reconciliation|peace process|elections?|"
    r"developments|countries|nations|states)\s+(?:in|of|inside|within)\s+(?:the\s+)?$")
_OWN_AFTER = re.compile(r"^\s+(?:government|authorities|parliament|leaders?|leadership|officials?|"
                        r"military)\b")
# A place named soon after a venue, in the same phrase, is the venue's place: "at G20 next
# month in Japan".
_VENUE_PLACE_GAP = re.compile(r"^[^.;:,?!()]{0,30}?\b(?:in|at)\s+(?:the\s+)?$")
_EVENT_AFTER = re.compile(
    r"^(?:'s)?\s+(?:Summit|Dialogue|Forum|Conference|Declaration|Process|Format|Round|Consensus|"
    r"Security Conference|Conference on|Meeting|Talks|Accord|Agreement)\b", re.I)
# "during the G20 Osaka Summit", "on the sidelines of the SCO summit": a body's meeting as a venue.
_DURING_BEFORE = re.compile(r"\b(?:during|on the sidelines of)\s+(?:the\s+)?$", re.I)
_MEETING_AFTER = re.compile(
    r"^(?:\s+[A-Z][\w-]*){0,2}\s+(?:[Ss]ummit|[Mm]eeting|[Cc]onference|[Ss]ession|[Ff]orum)s?\b")
_REFERENCE_BEFORE = re.compile(
    r"\b(?:resolutions|Charter|purposes and principles|mandate|auspices|provisions|"
    r"decisions|authori[sz]ation|Convention)\s+of\s+(?:the\s+)?$", re.I)
# "the UN Charter", "the system with the UN at its core", "the WTO-centered trading system".
_REFERENCE_AFTER = re.compile(
    r"^(?:'s)?\s*(?:Charter|Convention)\b|^\s+at (?:its|the) (?:core|center|centre|heart)\b"
    r"|^-cent(?:ered|red)\b")
# A body's resolutions, rules and decisions as a reference: "UN resolution 2231", "WTO rules",
# "endorsed by the UN Security Council". Its own resolution, mandate or decision ("the EU's
# resolution", "the OPCW's mandate"), a state's ("an Afghanistan resolution") and a text that
# acts ("the declaration adopted by the Non-Aligned Movement reflects ...") are about it.
_ORG_RESOLUTION_AFTER = re.compile(r"^\s*(?:[Rr]esolutions?|Security Council [Rr]esolutions?)\b")
_ORG_RULES_AFTER = re.compile(r"^(?:'s)?\s+(?:rules|principles|regulations|norms|procedures|standards|"
                              r"provisions)\b|^\s+mandates?\b")
_ORG_RULES_BEFORE = re.compile(r"\b(?:endorsed|authori[sz]ed|approved|adopted|mandated|sanctioned)\s+by\s+"
                               r"(?:the\s+)?$", re.I)
_ACTS_AFTER = re.compile(r"^\s*(?:\?|(?:[a-z]+ly\s+)?(?!(?:is|was|has|as|its|this|thus|does)\b)"
                         r"[a-z]+(?:s|ed)\b)")
# A body's named programme or publication: "the G20 Debt Service Suspension Initiative", "the
# WTO Trade Policy Review"; its report or data cited as evidence: "according to the World
# Bank's Doing Business report".
_ORG_PROGRAMME_AFTER = re.compile(r"^\s+(?:[A-Z][\w-]*\s+){0,4}(?:Initiative|Mechanism|Agenda|Programme|"
                                  r"Report|Review|Index|Outlook|Survey|Ranking|Yearbook)\b")
_PUBLICATION = (r"(?:reports?|data|statistics|surveys?|index|rankings?|reviews?|stud(?:y|ies)|estimates?|"
                r"figures|forecasts?|outlook|yearbook)")
_ACCORDING_BEFORE = re.compile(r"\baccording to\s+(?:the\s+)?$", re.I)
_ACCORDING_BY_BEFORE = re.compile(
    rf"\baccording to\b[^.;]{{0,100}}?\b{_PUBLICATION}\b[^.;]{{0,40}}?\bby\s+(?:the\s+)?$", re.I)
_PUBLICATION_AFTER = re.compile(rf"^(?:'s)?\s+(?:[\w-]+\s+){{0,4}}?{_PUBLICATION}\b", re.I)
# An official's title: "Executive Director of the WHO Health Emergencies Programme" speaks for it.
_TITLE_OF_BEFORE = re.compile(r"\b(?:Director|Head|Chief|Chair|Chairman|Chairperson|Coordinator|Manager|"
                              r"Spokes(?:man|woman|person))(?:-General)?\s+of\s+(?:the\s+)?$")
_DESCRIPTOR_AFTER = re.compile(
    r"^(?:-based\b|-headquartered\b|-made\b|(?:'s)?\s+(?:media|news(?:papers?)?|reporters?|journalists?|"
    r"press(?!\s+(?:conferences?|briefings?|releases?|statements?|secretary|office|remarks|events?)\b)|"
    r"correspondents?|broadcasters?|outlets?|news agency|TV|television)\b)")
# For a state, its scholars and nationals describe people, not the state itself.
_STATE_DESCRIPTOR_AFTER = re.compile(
    r"^(?:'s)?\s+(?:think[- ]tanks?|scholars?|experts?|analysts?|academics?|universit(?:y|ies)|"
    r"institutes?|researchers?|candidates?|nationals|citizens?|residents?|students?|businessm[ae]n|"
    r"tourists?|passengers?|sailors?|crew members?|wine|products?|goods|club|team|brands?|firms?|"
    r"culture|cuisine|food|language|films?|movies?|music|artists?|writers?|consumers?|investors?|"
    r"players?|fans|athletes?|workers?|scientists?|doctors?|visitors?)\b"
    # a former official's nationality: "British former MP George Galloway"
    r"|^\s+former\b")
# One person of a state: "a Canadian national", "two US nationals" (not "Nepal's national policy").
_ONE_NATIONAL = re.compile(r"\b(?:a|an|one|the|two|three|four|five|several|\d+)\s+$", re.I)
_ONE_NATIONAL_AFTER = re.compile(r"^\s+national\b")
_NAMED_NATIONAL = re.compile(r"^\s+national\s+[A-Z]")  # "Australian national Yang Jun"
# A region or body that only locates a country: "an important country in both Latin America
# and Asia Pacific", "a good partner in the European Union", "members of ASEAN". The countries
# of a region are the region ("cooperation with countries in the Middle East"), and a partner
# of it is its partner ("a friend and partner of African countries").
_LOCATOR_BEFORE = re.compile(
    r"\b(?:(?:country|nation|state|economy|members?|member states)\s+(?:in|of|within)|"
    r"(?:partner|friend)s?\s+(?:in|within))\s+(?:both\s+)?(?:the\s+)?$", re.I)
# A membership as a status: "Russia and the US are ... permanent members of the UN Security
# Council", "as two permanent members", "one of the five permanent members".
_MEMBERSHIP = re.compile(r"^(?:five\s+)?permanent members?\b", re.I)
_MEMBERSHIP_BEFORE = re.compile(r"(?:\b(?:as|are|were|being|both|two|and|also)|,|\bone of the)\s+"
                                r"(?:the\s+)?(?:two\s+)?$", re.I)
_TITLE_WORDS = (r"Deputy|Vice|Prime|Foreign|Defen[cs]e|State|President|Premier|Minister|Secretary|General|"
                r"Chancellor|Ambassador|Governor|Senator|Speaker|Chairman|Chief|Executive|King|Queen|Emir|MP")
_DESCRIPTOR_BEFORE = re.compile(
    r"\b(?:reporters?|journalists?|correspondents?|media|outlets?|newspapers?)\s+(?:from|of|with)\s+"
    r"(?:the\s+)?$"
    # an envoy's post: "the US ambassador to Australia", "Chinese Ambassador to Israel"
    r"|\b(?:ambassadors?|envoys?|consuls?(?:[- ]general)?|charg[eé]s? d'affaires|attach[eé]s?)\s+"
    r"(?:from\s+[^.;,]{0,40}?\s+)?(?:to|in)\s+(?:the\s+)?$"
    # a former official's nationality: "the former Portuguese Vice Prime Minister", "former
    # Prime Minister Prachanda of Nepal" (not "the former Prime Minister of Malaysia was sworn in")
    rf"|\bformer\s+(?:(?:{_TITLE_WORDS})\s+)*(?:(?!(?:{_TITLE_WORDS}|of)\b)(?-i:[A-Z])[\w.'-]*\s+){{1,4}}"
    r"of\s+(?:the\s+)?$|\bformer\s+$", re.I)
# An institution's name: "Center for Preventive Diplomacy for Central Asia".
_INSTITUTION_BEFORE = re.compile(
    r"\b(?:Institute|Center|Centre|Club|University|Foundation|Academy|Association|Society|College)\s+"
    r"(?:of|for|on)\s+(?:[A-Z][\w'-]*\s+(?:for\s+|of\s+|on\s+|and\s+)?){0,6}(?:the\s+)?$", re.I)
# A leader named before "of": "President Touadéra of Central Africa" names his country again.
_TITLE_BEFORE = re.compile(r"\b(?:President|Premier|Minister|King|Queen|Emir|Sultan|Chancellor|Secretary|"
                           r"Ambassador|General|Admiral|Chairman|Speaker|Prince|Princess|Governor|Senator)\s+$")
_FORMER_TITLE_BEFORE = re.compile(rf"\b[Ff]ormer\s+(?:(?:{_TITLE_WORDS})\s+)+$")
_OF_GAP = re.compile(r"\s+of\s+(?:the\s+)?(?:[A-Z][\w-]*\s+)?")


@functools.cache
def _name_heads() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(role, pattern) for "a name of its own" after a hit, from ``name_heads.txt``."""
    by_role: dict[str, list[str]] = {}
    for word, role in name_heads():
        by_role.setdefault(role, []).append(re.escape(word))
    return tuple((role, re.compile(rf"^(?:-[A-Z][\w'-]*)?(?:\s+[A-Z][\w'-]*){{0,4}}\s+"
                                   rf"(?:{'|'.join(words)})\b"))
                 for role, words in by_role.items())


def _name_head_role(after: str) -> str | None:
    """The role of a hit inside a name of its own, or None.

    "the South Africa Institute of International Affairs", "Ukraine International Airlines",
    "the Vietnam War" (descriptor), "the Sino-British Joint Declaration" (reference).
    """
    return next((role for role, pattern in _name_heads() if pattern.match(after)), None)


_SPEECH_VERBS = ("said", "says", "stated", "states", "claimed", "claims", "noted", "announced",
                 "declared", "stressed", "underlined", "alleged", "alleges", "argued", "asserted",
                 "added", "remarked", "insisted", "maintained", "suggested")
_SPEECH = re.compile(rf"\b(?:{'|'.join(_SPEECH_VERBS)})\b")
# Between a speaker and the verb: nothing, or an appositive ("Kim Jong Un, top leader of the
# DPRK, said"), or an adverb.
_TO_VERB = re.compile(r"^(?:\s*,[^,.;]{0,120},)?\s*(?:(?:also|further|then|has|had|have|reportedly|"
                      r"once|recently|publicly|repeatedly)\s+){0,2}$")
_OBJECT_BEFORE = re.compile(r"\b(?:to|of|with|in|from|between|for|against|on|and)\s+(?:the\s+)?$")
_CONTENT = re.compile(r"\bthat\b|:|\"")  # where the reported words begin
_PARTY_AFTER_VERB = re.compile(r"\b(?:with|and|to)\s+(?:\S+\s+){0,3}$")
_COORDINATED = re.compile(r"\s*(?:,|and|, and|or|&)\s*(?:the\s+)?")
# Between two listed states, China itself may stand ("countries like China, Cuba, Russia").
_LIST_GAP = re.compile(r"\s*(?:,|and|, and|or|&)\s*(?:the\s+)?(?:China\s*(?:,|and|, and)\s*(?:the\s+)?)?")
# A coordinated name that ends its phrase, unlike "Singaporean Prime Minister" or "Panama supports".
_ENDS_PHRASE = re.compile(r"\s*(?:[,.;:)]|and\b|or\b|$|\s(?:on|in|at|for|from|to|with|region|regions)\b)")
_LIST_LEAD = re.compile(r"\b(?:from|including|include|includes|included|involving|covering|such as|like|"
                        r"among them|e\.g\.)\s+(?:the\s+)?(?:China\s*,\s*)?$", re.I)
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\"')\]]*|$)")


def find_mentions(text: str, gazetteer: Gazetteer, *, navigation: bool = False,
                  question: bool = False) -> list[Mention]:
    """Every counterpart hit in `text`, in order, each with its role (see :data:`MENTION_ROLES`).

    China's own names and topics are masked and not returned. With `navigation`, the text is
    a site's menu or breadcrumb and every hit has role ``navigation``. In a journalist's
    `question`, what someone said about a party is what is asked about: nothing is
    ``quoted`` there.

    Examples
    --------
    >>> from milrel_analysis.lexicons import load_gazetteer
    >>> [(m.counterpart, m.role) for m in find_mentions(
    ...     "Wei met Shoigu in Dushanbe, Tajikistan, under the UN Charter.", load_gazetteer())]
    [('RUS', 'counterpart'), ('TJK', 'venue'), ('TJK', 'venue'), ('UN', 'reference')]
    """
    hits = gazetteer.matcher().find(text)
    foldable = lowers_like_ignorecase(text)
    found: list[Mention] = []
    chain = 0  # venues or places in a row ("in the US, the UK and Japan")
    for start, end, value in hits:
        if value.startswith("_not:"):
            inside = gazetteer.not_name_ids.get(text[start:end])
            if inside:
                found.append(Mention(start, end, inside, text[start:end], value[5:]))
            continue
        if value.startswith("_"):
            continue
        role = "navigation" if navigation else _role(text, start, end, text[start:end], gazetteer,
                                                     foldable)
        if role == "counterpart" and found:
            role, chain = _after_previous(text, found[-1], start, end, chain, gazetteer)
        else:
            chain = 1 if role in ("venue", "place") else 0
        if role == "descriptor" and found and _former_named_of(text, found[-1], start):
            last = found[-1]  # "former Prime Minister Prachanda of Nepal": a former official's label
            found[-1] = Mention(last.start, last.end, last.counterpart, last.matched, "descriptor")
        found.append(Mention(start, end, value, text[start:end], role))
    if navigation:
        return found
    found = _mark_lists(text, found, gazetteer)
    return found if question else _mark_quoted(text, found)


def _former_named_of(text: str, last: Mention, start: int) -> bool:
    """Whether `last` is a former official's name followed by "of" and this hit, their country."""
    return last.role == "counterpart" and bool(_OF_GAP.fullmatch(text[last.end:start])) and bool(
        _FORMER_TITLE_BEFORE.search(text[max(0, last.start - 60):last.start]))


def _after_previous(text: str, last: Mention, start: int, end: int, chain: int,
                    gazetteer: Gazetteer) -> tuple[str, int]:
    """The role of a counterpart hit given the hit before it, and the venues or places in a row."""
    gap = text[last.end:start]
    if last.role in ("venue", "place") and _COORDINATED.fullmatch(gap) and (
            _ENDS_PHRASE.match(text[end:]) or chain >= 2):
        return last.role, chain + 1  # "in Dushanbe, Tajikistan", "labs in Ukraine and Kazakhstan"
    if last.role == "venue" and _VENUE_PLACE_GAP.match(gap):
        return "venue", 1  # "at G20 next month in Japan"
    if _OF_GAP.fullmatch(gap) and gazetteer.kinds.get(last.counterpart) == "state" \
            and _TITLE_BEFORE.search(text[max(0, last.start - 30):last.start]):
        return "descriptor", 0  # "President Touadéra of Central Africa" names his country again
    return "counterpart", 0


def _window(text: str, width: int) -> str:
    """The last `width` characters of `text` or fewer, from the beginning of a word."""
    i = max(0, len(text) - width)
    while 0 < i < len(text) and text[i - 1].isalnum():
        i += 1
    return text[i:]


_POSSESSIVE_NOUN = re.compile(r"'s\s+[a-z]")


def _last_word(before: str) -> str:
    """The word before a hit (lower-cased), skipping "the": most look-back patterns end in one."""
    words = before[-30:].split()
    if words and words[-1].lower() == "the":
        words.pop()
    return words[-1].lower() if words else ""


# Cue words. A look-back pattern can only match a window that holds one of its words, so a
# window without any of them skips the pattern: the same roles, with most patterns never run.
# The test is on the lower-cased window (see lowers_like_ignorecase; where that does not hold,
# every pattern runs).
_DESCRIPTOR_CUES = ("reporter", "journalist", "correspondent", "media", "outlet", "newspaper",
                    "ambassador", "envoy", "consul", "charg", "attach", "former")
_INSTITUTION_CUES = ("institute", "center", "centre", "club", "university", "foundation", "academy",
                     "association", "society", "college")
_REFERENCE_CUES = ("resolutions", "charter", "purposes and principles", "mandate", "auspices",
                   "provisions", "decisions", "authori", "convention")
_ORG_RULES_CUES = ("endorsed", "authori", "approved", "adopted", "mandated", "sanctioned")
_DURING_CUES = ("during", "on the sidelines of")
_LOCATOR_CUES = ("country", "nation", "state", "economy", "member", "partner", "friend")
_AFFAIRS_CUES = ("situation", "parties", "factions", "people", "officials", "politicians",
                 "authorities", "government", "opposition", "crisis", "conflict", "unrest", "tensions",
                 "violence", "protests", "turmoil", "reconciliation", "peace process", "election",
                 "developments", "countries", "nations", "states")
_LOCATION_CUES = (
    "embass", "consulate", "diplomatic mission", "citizens", "nationals", "compatriots", "students",
    "tourists", "companies", "enterprises", "laboratories", "labs", "facilities", "patients", "staff",
    "diplomats", "travel", "living", "working", "studying", "stranded", "spy", "spies", "defector",
    "dissident", "activist", "resident", "journalist", "reporter",
    "bay", "port", "base", "island", "province", "prefecture", "strait", "river", "valley", "mountain",
    "airport", "harbo", "like", "such as", "e.g.", "survey", "statistics", "data", "figures", "poll")
_TRAVEL_CUES = ("plane", "flight", "aircraft", "jet", "airliner", "ship", "vessel")
_WHILE_IN_CUES = ("while", "when")
_VENUE_VERB_CUES = (
    "summit", "meeting", "talks", "conference", "forum", "dialogue", "session", "ceremony", "exercise",
    "drill", "consultation", "round", "negotiations", "consensus", "statement", "agreement",
    "declaration", "symposium", "seminar", "expo", "exhibition", "games", "competition",
    "reached", "signed", "met", "meet", "sidelines")


def _cued(low: str | None, cues: tuple[str, ...]) -> bool:
    """Whether a lower-cased window holds a cue word (always, when it could not be lower-cased)."""
    return low is None or any(cue in low for cue in cues)


@dataclass(slots=True)
class _Look:
    """What a hit's role is read from: the text before it (two widths) and after it.

    ``low_before`` and ``low_wide`` are the lower-cased windows for the cue words, or None
    when lower-casing would not fold case as the patterns do.
    """

    before: str
    wide: str
    after: str
    low_before: str | None
    low_wide: str | None


def _look(text: str, start: int, end: int, foldable: bool) -> _Look:
    # Most patterns look back a few words; the long ones (a meeting held ... in, an institute's
    # name, a report cited ... by) get the wide window. Short windows keep the parse fast.
    wide, after = _window(text[max(0, start - 161):start], 160), text[end:end + 40]
    before = _window(wide, 90)
    low_wide = wide.lower() if foldable else None
    low_before = low_wide[len(low_wide) - len(before):] if low_wide is not None else None
    return _Look(before, wide, after, low_before, low_wide)


def _role(text: str, start: int, end: int, matched: str, gazetteer: Gazetteer,
          foldable: bool = False) -> str:
    look = _look(text, start, end, foldable)
    before, wide, after, low_before = look.before, look.wide, look.after, look.low_before
    kind = gazetteer.kinds.get(gazetteer.aliases.get(matched, ""), "state")
    last = _last_word(before)  # a cheap gate before the look-back patterns that end in it
    named = _name_head_role(after)
    if named == "descriptor" or _is_descriptor(look, matched, kind):
        return "descriptor"
    # A state in a text's name is cited ("the Sino-British Joint Declaration"); a body's own
    # declaration is its act ("the G20 Leaders' Declaration").
    if (named == "reference" and kind == "state") or _is_reference(look, kind):
        return "reference"
    if kind in ("organisation", "forum") and _cued(low_before, _DURING_CUES) \
            and _DURING_BEFORE.search(before) and _MEETING_AFTER.match(after):
        return "venue"
    if kind in ("region", "organisation") and last in ("in", "of", "within", "both") \
            and _cued(low_before, _LOCATOR_CUES) and _LOCATOR_BEFORE.search(before):
        return "descriptor"
    if (last in ("in", "of", "inside", "within") and _cued(low_before, _AFFAIRS_CUES)
            and _AFFAIRS_BEFORE.search(before)) or (kind == "state" and _OWN_AFTER.match(after)):
        return "counterpart"
    if kind == "organisation" and ("Council" in matched or "Assembly" in matched) \
            and last in ("of", "at") and _BODY_SITTING.search(before):
        return "venue"
    if kind in ("state", "region") and (
            (last in ("in", "at", "of", "from") and _cued(low_before, _LOCATION_CUES)
             and _LOCATION.search(before))
            or (last in ("to", "for") and _cued(look.low_wide, _TRAVEL_CUES) and _TRAVEL.search(wide))
            or (last in ("visiting", "touring", "in", "to") and _cued(low_before, _WHILE_IN_CUES)
                and _WHILE_IN.search(before) and (_SPEECH.search(before[-80:]) or _SPEECH.search(after)))):
        return "place"
    if _POSSESSIVE_NOUN.match(after) and matched not in gazetteer.cities:
        return "counterpart"  # "in Myanmar's peace process": the preposition governs the process
    if matched in gazetteer.cities and matched not in gazetteer.state_names and (
            _VENUE_PREPOSITION.search(before) or _EVENT_AFTER.match(after)):
        return "venue"  # a city-state's name ("a visit in Singapore") is the state itself
    if (last in ("in", "at", "of", "capital", "city") or "sidelines" in wide) \
            and _cued(look.low_wide, _VENUE_VERB_CUES) and _VENUE_VERB.search(wide) \
            and not (kind == "state" and _DYAD_AFTER.match(after)):
        return "venue"
    return "counterpart"


def _is_descriptor(look: _Look, matched: str, kind: str) -> bool:
    before, after = look.before, look.after
    if _DESCRIPTOR_AFTER.match(after) or (
            _cued(look.low_before, _DESCRIPTOR_CUES) and _DESCRIPTOR_BEFORE.search(before)) or (
            _cued(look.low_wide, _INSTITUTION_CUES) and _INSTITUTION_BEFORE.search(look.wide)):
        return True
    if kind == "state" and (_STATE_DESCRIPTOR_AFTER.match(after) or _NAMED_NATIONAL.match(after) or (
            _ONE_NATIONAL_AFTER.match(after) and _ONE_NATIONAL.search(before))):
        return True
    return bool(_MEMBERSHIP.match(matched) and _MEMBERSHIP_BEFORE.search(before))


def _is_reference(look: _Look, kind: str) -> bool:
    before, after = look.before, look.after
    if _REFERENCE_AFTER.match(after):
        return True
    if kind != "organisation":
        return False
    if _ORG_PROGRAMME_AFTER.match(after):
        return not _TITLE_OF_BEFORE.search(before)
    return bool((_cued(look.low_before, _REFERENCE_CUES) and _REFERENCE_BEFORE.search(before))
                or _ORG_RESOLUTION_AFTER.match(after)
                or _ORG_RULES_AFTER.match(after)
                or (_cued(look.low_before, _ORG_RULES_CUES) and _ORG_RULES_BEFORE.search(before)
                    and not _ACTS_AFTER.match(after))
                or (_cued(look.low_wide, ("according to",)) and _cited_publication(look.wide, after)))


def _cited_publication(before: str, after: str) -> bool:
    """A body's report cited: "according to the World Bank's report", "according to a report by WIPO"."""
    return bool(_ACCORDING_BY_BEFORE.search(before)
                or (_ACCORDING_BEFORE.search(before) and _PUBLICATION_AFTER.match(after)))


def _mark_quoted(text: str, mentions: list[Mention]) -> list[Mention]:
    """Counterparts inside a foreign speaker's reported speech become ``quoted``.

    In "Kim Jong Un said that the DPRK will deal with the US", the US is Kim's topic, not
    the statement's counterpart: after a counterpart's speech verb, the other counterparts of
    the same sentence are quoted.
    """
    if len(mentions) < 2 or not any(verb in text for verb in _SPEECH_VERBS) or not _SPEECH.search(text):
        return mentions
    out = list(mentions)
    for sentence in _SENTENCE.finditer(text):
        inside = [i for i, m in enumerate(out) if sentence.start() <= m.start < sentence.end()]
        for i in inside:
            speaker = out[i]
            if speaker.role != "counterpart" or _OBJECT_BEFORE.search(
                    text[max(0, speaker.start - 12):speaker.start]):
                continue  # "talks with Russia said": Russia is no speaker here
            verb = _SPEECH.search(text, speaker.end, min(sentence.end(), speaker.end + 140))
            if verb is None or not _TO_VERB.match(text[speaker.end:verb.start()]):
                continue
            content = _CONTENT.search(text, verb.end(), sentence.end())
            said_from = content.end() if content else verb.end()
            for j in inside:
                m = out[j]
                if m.start < verb.end() or m.role != "counterpart" or m.counterpart == speaker.counterpart:
                    continue
                # Before what was said, "in his call with Putin" names an interlocutor, a party.
                lead = text[max(verb.end(), m.start - 40):m.start]
                if m.start < said_from and _PARTY_AFTER_VERB.search(lead):
                    continue
                out[j] = Mention(m.start, m.end, m.counterpart, m.matched, "quoted")
            break
    return out


def _mark_lists(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """States cited as examples in a long list are no parties: role ``listed``.

    "Statistics from Canada, France, Russia, Japan ... show" cites them as evidence.
    """
    out = list(mentions)
    run: list[int] = []

    def close() -> None:
        first = out[run[0]] if run else None
        if len(run) >= 4 and first is not None and (
                first.role == "place" or _LIST_LEAD.search(text[max(0, first.start - 30):first.start])):
            for k in run:
                m = out[k]
                out[k] = Mention(m.start, m.end, m.counterpart, m.matched, "listed")

    def member(m: Mention) -> bool:
        return m.role in ("counterpart", "place") and gazetteer.kinds.get(m.counterpart) in (
            "state", "organisation", "region")

    for i, m in enumerate(out):
        if member(m) and (not run or _LIST_GAP.fullmatch(text[out[run[-1]].end:m.start])):
            run.append(i)
            continue
        close()
        run = [i] if member(m) else []
    close()
    return out


def named_counterparts(mentions: Iterable[Mention], gazetteer: Gazetteer) -> Counter:
    """Counterpart id -> mentions in the counterpart role, each also counted for its parents.

    Examples
    --------
    >>> from milrel_analysis.lexicons import load_gazetteer
    >>> gaz = load_gazetteer()
    >>> dict(named_counterparts(find_mentions("the ADMM-Plus meeting", gaz), gaz))
    {'ADMM-PLUS': 1, 'ASEAN': 1}
    """
    counts: Counter = Counter()
    for m in mentions:
        if m.role == "counterpart":
            counts.update(gazetteer.roll_up(m.counterpart))
    return counts


def match_counterparts(text: str, gazetteer: Gazetteer) -> Counter:
    """Counterpart id -> number of mentions in `text` in the counterpart role (rolled up).

    Examples
    --------
    >>> from milrel_analysis.lexicons import load_gazetteer
    >>> dict(match_counterparts("Wei met Shoigu in Dushanbe, Tajikistan.", load_gazetteer()))
    {'RUS': 1}
    """
    return named_counterparts(find_mentions(text, gazetteer), gazetteer)


def primary_counterpart(mentions: Mapping[str, int]) -> str | None:
    """The counterpart a document is mainly about: the most mentioned, if it dominates.

    It must be mentioned more often than any other and account for at least half of all
    mentions; otherwise there is none.

    Examples
    --------
    >>> primary_counterpart({"USA": 3, "RUS": 1}), primary_counterpart({"USA": 2, "RUS": 2})
    ('USA', None)
    """
    if not mentions:
        return None
    ranked = sorted(mentions.items(), key=lambda kv: (-kv[1], kv[0]))
    top, n = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    if n > second and n >= 0.5 * sum(mentions.values()):
        return top
    return None


# Where a journalist's next question begins: "Second, ...", "My second question is ...",
# "Another question: ...".
_PART_MARK = (r"(?:Second(?:ly)?|Third(?:ly)?|Lastly|Finally|(?:(?:And|Also)\s+)?(?:my|the|a|one)\s+"
              r"(?:second|third|last|final|follow-up)\s+question|(?:And\s+)?another question|"
              r"one more question|I (?:also )?have (?:another|a second|one more) question)\b")
_PART_START = re.compile(rf"(?:^|[.?!][\"')]?\s+)({_PART_MARK})", re.I)
# An answer that takes up one of them: "On your second question, ...", "As for the last question".
_ANSWERED_PART = re.compile(
    r"^\W*(?:(?:And|Now)\s+)?(?:on|as for|as to|regarding|with regard to|with respect to|to answer|about|"
    r"in response to|concerning|turning to)\s+(?:your|the)\s+"
    r"(first|second|third|fourth|last|final|former|latter)\s+(?:question|one)\b", re.I)
_ORDINALS = {"first": 0, "former": 0, "second": 1, "third": 2, "fourth": 3,
             "last": -1, "final": -1, "latter": -1}


def question_parts(text: str) -> list[int]:
    """Offsets where the parts of a multi-part question start (``[0]`` for a single question).

    Examples
    --------
    >>> question_parts("On the drills, will Japan join? Second, has Iran replied?")
    [0, 32]
    """
    return [0] + [m.start(1) for m in _PART_START.finditer(text) if m.start(1) > 0]


def opens_part(text: str) -> bool:
    """Whether a paragraph opens a new part of the question ("Second, ...", "Another question").

    Examples
    --------
    >>> opens_part("Another question: has Iran replied?"), opens_part("Has Iran replied?")
    (True, False)
    """
    return bool(_PART_START.match(text))


def answered_part(text: str) -> int | None:
    """Which part of the question an answer paragraph takes up: 0, 1, ... or -1 for the last.

    Examples
    --------
    >>> answered_part("On your second question, we have no information."), answered_part("We do.")
    (1, None)
    """
    found = _ANSWERED_PART.match(text)
    return _ORDINALS[found.group(1).lower()] if found else None


def part_counterparts(text: str, mentions: Iterable[Mention], gazetteer: Gazetteer) -> list[frozenset[str]]:
    """The counterparts (rolled up) each part of a question names, in order.

    Examples
    --------
    >>> from milrel_analysis.lexicons import load_gazetteer
    >>> gaz = load_gazetteer()
    >>> text = "Will Japan join the drills? Second, has Iran replied?"
    >>> [sorted(p) for p in part_counterparts(text, find_mentions(text, gaz, question=True), gaz)]
    [['JPN'], ['IRN']]
    """
    starts = question_parts(text)
    parts: list[Counter] = [Counter() for _ in starts]
    for m in mentions:
        if m.role == "counterpart":
            k = max(i for i, start in enumerate(starts) if start <= m.start)
            parts[k].update(gazetteer.roll_up(m.counterpart))
    return [frozenset(p) for p in parts]
