"""Counterparts: every gazetteer hit with its role, the counterparts each segment names, the main one.

A hit is a counterpart only in the role of one: a place named as a venue ("held in
Tajikistan", "the Bishkek Summit"), a reference ("resolutions of the UN Security Council"),
a third party inside someone else's reported speech ("Kim Jong Un said ... the US"), a
descriptor ("London-based", "a reporter from Japan's Kyodo"), a site's navigation or a name
that merely contains a country ("Chad Sbragia") is recorded with that role and not counted.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..lexicons import Gazetteer

__all__ = [
    "MENTION_ROLES",
    "Mention",
    "find_mentions",
    "named_counterparts",
    "match_counterparts",
    "primary_counterpart",
]

MENTION_ROLES = ("counterpart", "venue", "reference", "quoted", "descriptor", "navigation",
                 "person", "place", "listed")


@dataclass(frozen=True, slots=True)
class Mention:
    """One gazetteer hit in a segment: where, which counterpart, in what role."""

    start: int
    end: int
    counterpart: str
    matched: str
    role: str


_VENUE_PREPOSITION = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$")
# "the summit (will be) held in Singapore", "the consensus reached in Singapore", "met ... in
# Dushanbe": a meeting's place. A country's own events ("elections were held in Turkey") and
# visits ("a visit to the Netherlands") are about it, and are not venues.
_MEETING = (r"(?:summit|meeting|talks|conference|forum|dialogue|session|ceremony|exercises?|drills?|"
            r"consultations?|round|negotiations|consensus|statement|agreement|declaration|"
            r"symposium|seminar|expo|exhibition|games|competition)")
_VENUE_VERB = re.compile(
    rf"(?:\b{_MEETING}\b[^.;:]{{0,90}}?\b(?:held|hosted|convened|opened|closed|took place|taking place|"
    rf"kicked off|wrapped up|staged|conducted|concluded)|\b(?:reached|signed|met|meets)|"
    rf"\b{_MEETING})\b[^.;:]{{0,40}}?\b(?:in|at)\s+(?:the\s+)?(?:capital\s+(?:city\s+)?(?:of\s+)?)?$"
    r"|\bon the sidelines of\s+(?:the\s+)?(?:\S+\s+){0,4}?$",
    re.I)
# A body's sitting: "at a meeting of the UN Security Council", "at the UN Security Council".
_BODY_SITTING = re.compile(
    r"\b(?:(?:meeting|session|sessions|debate|summit|conference)s?\s+(?:of|at)|\bat)\s+(?:the\s+)?$", re.I)
# Where people or offices of another party are: "Chinese embassies in the US", "labs in Ukraine",
# "Cam Ranh Bay in Vietnam" (no verb between: "nationals indicted in the US" names a party).
_LOCATION = re.compile(
    r"\b(?:embass(?:y|ies)|consulates?(?: general)?|diplomatic missions?|citizens|nationals|compatriots|"
    r"students|tourists|companies|enterprises|laboratories|labs|facilities|patients|staff|"
    r"diplomats|travell?ing|living|working|studying|stranded)\b(?:(?!\b\w+ed\b)[^.;]){0,30}?"
    r"\b(?:in|at)\s+(?:the\s+)?$"
    r"|\b[A-Z][\w-]*\s+(?:Bay|Port|Base|Island|Islands|Province|Prefecture|Strait|River|Valley|"
    r"Mountains?|Airport|Harbou?r)\s+(?:in|of)\s+(?:the\s+)?$"
    r"|\b(?:like|such as|e\.g\.)\s+in\s+(?:the\s+)?$"
    # evidence cited: "statistics from Canada", "survey results from Singapore"
    r"|\b(?:survey results|surveys?|statistics|data|figures|polls?)\s+(?:from|in)\s+(?:the\s+)?$", re.I)
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
_REFERENCE_AFTER = re.compile(
    r"^(?:'s)?\s*(?:Charter|Convention|[Rr]esolutions?|Security Council [Rr]esolutions?)\b"
    r"|^\s+at (?:its|the) (?:core|center|centre|heart)\b")
# A body's rules and decisions as a reference: "WTO rules", "endorsed by the UN Security Council".
_ORG_RULES_AFTER = re.compile(r"^(?:'s)?\s+(?:rules|principles|regulations|norms|procedures|standards|"
                              r"provisions|mandates?)\b")
_ORG_RULES_BEFORE = re.compile(r"\b(?:endorsed|authori[sz]ed|approved|adopted|mandated|sanctioned)\s+by\s+"
                               r"(?:the\s+)?$", re.I)
_ORG_PROGRAMME_AFTER = re.compile(r"^\s+(?:[A-Z][\w-]*\s+){0,4}(?:Initiative|Mechanism|Agenda|Programme)\b")
_DESCRIPTOR_AFTER = re.compile(
    r"^(?:-based\b|-headquartered\b|(?:'s)?\s+(?:media|news(?:papers?)?|press|reporters?|journalists?|"
    r"correspondents?|broadcasters?|outlets?|news agency|TV|television)\b)")
# For a state, its scholars and nationals describe people, not the state itself.
_STATE_DESCRIPTOR_AFTER = re.compile(
    r"^(?:'s)?\s+(?:think[- ]tanks?|scholars?|experts?|analysts?|academics?|universit(?:y|ies)|"
    r"institutes?|researchers?|candidates?|nationals?|citizens?|residents?|students?|businessm[ae]n|"
    r"tourists?|passengers?|sailors?|crew members?|wine|products?|goods|club|team|brands?|firms?|"
    r"culture|cuisine|food|language|films?|movies?|music|artists?|writers?|consumers?|investors?|"
    r"players?|fans|athletes?|workers?|scientists?|doctors?|visitors?)\b")
# A region or body that only locates a country: "an important country in both Latin America
# and Asia Pacific", "a good partner in the European Union".
_LOCATOR_BEFORE = re.compile(
    r"\b(?:country|countries|member|members|partner|partners|friend|nation|nations|state|states|"
    r"economy|economies)\s+(?:in|of|within)\s+(?:both\s+)?(?:the\s+)?$", re.I)
_DESCRIPTOR_BEFORE = re.compile(
    r"\b(?:reporters?|journalists?|correspondents?|media|outlets?|newspapers?)\s+(?:from|of|with)\s+"
    r"(?:the\s+)?$"
    # an envoy's post: "the US ambassador to Australia", "Chinese Ambassador to Israel"
    r"|\b(?:ambassadors?|envoys?|consuls?(?:[- ]general)?|charg[eé]s? d'affaires|attach[eé]s?)\s+"
    r"(?:to|in)\s+(?:the\s+)?$"
    # a former official's nationality: "the former Portuguese Vice Prime Minister"
    r"|\bformer\s+$"
    # an institution's name: "Center for Preventive Diplomacy for Central Asia"
    r"|\b(?:Institute|Center|Centre|Club|University|Foundation|Academy|Association|Society|College)\s+"
    r"(?:of|for|on)\s+(?:[A-Z][\w'-]*\s+(?:for\s+|of\s+|on\s+|and\s+)?){0,6}(?:the\s+)?$", re.I)
# A name of its own that contains a country: "the South Africa Institute of International Affairs".
_INSTITUTION_AFTER = re.compile(
    r"^(?:\s+[A-Z][\w'-]*){0,4}\s+(?:Institute|Center|Centre|Club|University|Foundation|Academy|"
    r"Institution|Association|Society|College|School)\b")
_SPEECH = re.compile(
    r"\b(?:said|says|stated|states|claimed|claims|noted|announced|declared|stressed|underlined|"
    r"alleged|alleges|argued|asserted|added|remarked|insisted|maintained|suggested)\b")
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
        role = "navigation" if navigation else _role(text, start, end, text[start:end], gazetteer)
        if role == "counterpart" and found and found[-1].role in ("venue", "place") \
                and _COORDINATED.fullmatch(text[found[-1].end:start]) and (
                    _ENDS_PHRASE.match(text[end:]) or chain >= 2):
            role = found[-1].role  # "in Dushanbe, Tajikistan", "labs in Ukraine and Kazakhstan"
            chain += 1
        elif role in ("venue", "place"):
            chain = 1
        else:
            chain = 0
        found.append(Mention(start, end, value, text[start:end], role))
    if navigation:
        return found
    found = _mark_lists(text, found, gazetteer)
    return found if question else _mark_quoted(text, found)


def _role(text: str, start: int, end: int, matched: str, gazetteer: Gazetteer) -> str:
    before, after = text[max(0, start - 160):start], text[end:end + 40]
    kind = gazetteer.kinds.get(gazetteer.aliases.get(matched, ""), "state")
    if _DESCRIPTOR_AFTER.match(after) or _DESCRIPTOR_BEFORE.search(before) or (
            kind == "state" and _STATE_DESCRIPTOR_AFTER.match(after)) or _INSTITUTION_AFTER.match(after):
        return "descriptor"
    if _REFERENCE_AFTER.match(after) or (kind == "organisation" and (
            _REFERENCE_BEFORE.search(before) or _ORG_PROGRAMME_AFTER.match(after)
            or _ORG_RULES_AFTER.match(after) or _ORG_RULES_BEFORE.search(before))):
        return "reference"
    if kind in ("organisation", "forum") and _DURING_BEFORE.search(before) and _MEETING_AFTER.match(after):
        return "venue"
    if kind in ("region", "organisation") and _LOCATOR_BEFORE.search(before):
        return "descriptor"
    if kind == "organisation" and (("Council" in matched or "Assembly" in matched)
                                   and _BODY_SITTING.search(before)):
        return "venue"
    if kind in ("state", "region") and _LOCATION.search(before):
        return "place"
    if matched in gazetteer.cities and matched not in gazetteer.state_names and (
            _VENUE_PREPOSITION.search(before) or _EVENT_AFTER.match(after)):
        return "venue"  # a city-state's name ("a visit in Singapore") is the state itself
    if _VENUE_VERB.search(before):
        return "venue"
    return "counterpart"


def _mark_quoted(text: str, mentions: list[Mention]) -> list[Mention]:
    """Counterparts inside a foreign speaker's reported speech become ``quoted``.

    In "Kim Jong Un said that the DPRK will deal with the US", the US is Kim's topic, not
    the statement's counterpart: after a counterpart's speech verb, the other counterparts of
    the same sentence are quoted.
    """
    if len(mentions) < 2 or not _SPEECH.search(text):
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
