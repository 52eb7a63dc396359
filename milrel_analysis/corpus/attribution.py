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
                 "person", "place")


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
    rf"(?:\b{_MEETING}\b[^.;:]{{0,60}}?\b(?:held|hosted|convened|opened|closed|took place|taking place|"
    rf"kicked off|wrapped up|staged|conducted|concluded)|\b(?:reached|signed|met|meets)|"
    rf"\b{_MEETING})\b[^.;:]{{0,40}}?\b(?:in|at)\s+(?:the\s+)?(?:capital\s+(?:city\s+)?(?:of\s+)?)?$",
    re.I)
_EVENT_AFTER = re.compile(
    r"^(?:'s)?\s+(?:Summit|Dialogue|Forum|Conference|Declaration|Process|Format|format|Round|Consensus|"
    r"Security Conference|Conference on|Meeting|Talks|Accord|Agreement)\b")
_REFERENCE_BEFORE = re.compile(
    r"\b(?:resolutions|Charter|purposes and principles|mandate|auspices|provisions|"
    r"decisions|authori[sz]ation|Convention)\s+of\s+(?:the\s+)?$", re.I)
_REFERENCE_AFTER = re.compile(
    r"^(?:'s)?\s*(?:Charter|Convention|[Rr]esolutions?|Security Council [Rr]esolutions?|mandate|"
    r"framework)\b")
_DESCRIPTOR_AFTER = re.compile(
    r"^(?:-based\b|(?:'s)?\s+(?:media|news(?:papers?)?|press|reporters?|journalists?|correspondents?|"
    r"broadcasters?|outlets?|news agency|TV|television)\b)")
# For a state, its scholars and think tanks describe people, not the state itself.
_STATE_DESCRIPTOR_AFTER = re.compile(
    r"^(?:'s)?\s+(?:think[- ]tanks?|scholars?|experts?|analysts?|academics?|universit(?:y|ies)|"
    r"institutes?|researchers?)\b")
_DESCRIPTOR_BEFORE = re.compile(
    r"\b(?:reporters?|journalists?|correspondents?|media|outlets?|newspapers?)\s+(?:from|of|with)\s+"
    r"(?:the\s+)?$", re.I)
_SPEECH = re.compile(
    r"\b(?:said|says|stated|states|told|tells|claimed|claims|noted|announced|declared|stressed|"
    r"alleged|alleges|accused|warned|argued|asserted|added|vowed|threatened|remarked|insisted|"
    r"maintained|suggested)\b")
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\"')\]]*|$)")


def find_mentions(text: str, gazetteer: Gazetteer, *, navigation: bool = False) -> list[Mention]:
    """Every counterpart hit in `text`, in order, each with its role (see :data:`MENTION_ROLES`).

    China's own names and topics are masked and not returned. With `navigation`, the text is
    a site's menu or breadcrumb and every hit has role ``navigation``.

    Examples
    --------
    >>> from milrel_analysis.lexicons import load_gazetteer
    >>> [(m.counterpart, m.role) for m in find_mentions(
    ...     "Wei met Shoigu in Dushanbe, Tajikistan, under the UN Charter.", load_gazetteer())]
    [('RUS', 'counterpart'), ('TJK', 'venue'), ('TJK', 'venue'), ('UN', 'reference')]
    """
    hits = gazetteer.matcher().find(text)
    found: list[Mention] = []
    for k, (start, end, value) in enumerate(hits):
        if value.startswith("_not:"):
            inside = gazetteer.not_name_ids.get(text[start:end])
            if inside:
                found.append(Mention(start, end, inside, text[start:end], value[5:]))
            continue
        if value.startswith("_"):
            continue
        role = "navigation" if navigation else _role(text, start, end, text[start:end], gazetteer)
        if role == "counterpart" and k and found and found[-1].role == "venue" \
                and found[-1].end <= start and text[found[-1].end:start].strip() == ",":
            role = "venue"  # "in Dushanbe, Tajikistan": the country after a venue city
        found.append(Mention(start, end, value, text[start:end], role))
    return _mark_quoted(text, found) if not navigation else found


def _role(text: str, start: int, end: int, matched: str, gazetteer: Gazetteer) -> str:
    before, after = text[max(0, start - 90):start], text[end:end + 40]
    kind = gazetteer.kinds.get(gazetteer.aliases.get(matched, ""), "state")
    if _DESCRIPTOR_AFTER.match(after) or _DESCRIPTOR_BEFORE.search(before) or (
            kind == "state" and _STATE_DESCRIPTOR_AFTER.match(after)):
        return "descriptor"
    if _REFERENCE_AFTER.match(after) or (kind == "organisation" and _REFERENCE_BEFORE.search(before)):
        return "reference"
    if matched in gazetteer.cities and (_VENUE_PREPOSITION.search(before) or _EVENT_AFTER.match(after)):
        return "venue"
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
        speakers = [i for i in inside if out[i].role == "counterpart"]
        for i in speakers:
            verb = _SPEECH.search(text, out[i].end, min(sentence.end(), out[i].end + 120))
            if verb is None:
                continue
            for j in inside:
                m = out[j]
                if m.start >= verb.end() and m.role == "counterpart" and m.counterpart != out[i].counterpart:
                    out[j] = Mention(m.start, m.end, m.counterpart, m.matched, "quoted")
            break
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
