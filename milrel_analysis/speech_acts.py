"""Speech acts of answers and the stance of questions in press-conference exchanges.

Two packaged lexicons in the phrase lexicon's schema (:func:`milrel_analysis.load_lexicon`):
``data/speech_acts.yaml``, what an answer does (China urges, demands, opposes, lodges
representations, warns, reassures, or reports that it was criticised), and
``data/question_stance.yaml``, the cues of a loaded or hostile question ("accused",
"coercion", "critics say"). Both are matched, as the formulae are, by the one-pass matcher of
:func:`milrel_analysis.lexicons.phrase_matcher`, in the counted turns of each exchange.
"""

from __future__ import annotations

import functools

import pandas as pd
import yaml

from ._resources import data_text
from ._types import Translation, Voice
from .corpus.model import Corpus
from .lexicons import LexiconLike, load_lexicon, phrase_matcher

__all__ = ["ACT_COLUMNS", "CUE_COLUMNS", "STANCE_COLUMNS", "answer_acts", "load_question_stance",
           "load_speech_acts", "question_cues", "question_stance"]

ACT_COLUMNS = ["doc_id", "exchange_id", "seg_id", "act_id", "category", "matched", "start", "end"]
CUE_COLUMNS = ["doc_id", "exchange_id", "seg_id", "cue_id", "category", "matched", "start", "end"]
STANCE_COLUMNS = ["doc_id", "exchange_id", "hostile", "hostile_cue", "hostile_cue_id", "n_cues"]


@functools.cache
def _packaged_lexicon(name: str) -> pd.DataFrame:
    return load_lexicon(yaml.safe_load(data_text(name)))


def _lexicon(value: LexiconLike, name: str, extend: bool) -> pd.DataFrame:
    if value is None or (isinstance(value, str) and value == "default"):
        return _packaged_lexicon(name).copy()
    table = load_lexicon(value)
    if extend:
        base = _packaged_lexicon(name)
        table = pd.concat([base[~base["phrase_id"].isin(table["phrase_id"])], table], ignore_index=True)
    return table


def load_speech_acts(acts: LexiconLike = None, *, extend: bool = False) -> pd.DataFrame:
    """The speech-act lexicon: packaged ``speech_acts.yaml`` or your own, in the phrase schema.

    Its categories are ``urge, demand, oppose, representations, warning, reassurance,
    criticised`` (see the file's header); an act is found as the phrase lexicon's formulae
    are (:func:`milrel_analysis.load_lexicon`: ``patterns``, ``regex``, ``exclude``, ``...``).

    Examples
    --------
    >>> load_speech_acts().drop_duplicates("category")["category"].tolist()
    ['urge', 'demand', 'oppose', 'representations', 'warning', 'reassurance', 'criticised']
    """
    return _lexicon(acts, "speech_acts.yaml", extend)


def load_question_stance(cues: LexiconLike = None, *, extend: bool = False) -> pd.DataFrame:
    """The cues of a loaded or hostile question: packaged ``question_stance.yaml`` or yours.

    Examples
    --------
    >>> "accusation" in set(load_question_stance()["phrase_id"])
    True
    """
    return _lexicon(cues, "question_stance.yaml", extend)


def _exchange_hits(corpus: Corpus, lexicon: pd.DataFrame, *, voice: Voice,
                   translation: Translation) -> pd.DataFrame:
    """Lexicon hits in the counted turns of exchanges: as track_phrases finds them, per segment."""
    segs = corpus.countable_segments(translation=translation, voice=voice)
    segs = segs[segs["exchange_id"].notna()]
    matcher = phrase_matcher(lexicon)
    rows = [(d, int(e), s, key.phrase_id, text[a:b], a, b)
            for d, s, e, text in segs[["doc_id", "seg_id", "exchange_id", "text"]].itertuples(index=False)
            for a, b, key in matcher.find(text)]
    hits = pd.DataFrame(rows, columns=["doc_id", "exchange_id", "seg_id", "phrase_id", "matched", "start",
                                       "end"])
    hits = hits.merge(lexicon[["phrase_id", "category"]], on="phrase_id", how="left")
    hits = hits.astype({"exchange_id": "int64", "seg_id": "int64", "start": "int64", "end": "int64"})
    return hits.sort_values(["doc_id", "exchange_id", "seg_id", "start"], ignore_index=True)


def answer_acts(corpus: Corpus, *, acts: LexiconLike = None, voice: Voice = "official",
                translation: Translation = "official") -> pd.DataFrame:
    """Every speech act found in the answers of exchanges: one row per match.

    Parameters
    ----------
    corpus : Corpus
    acts : optional
        The speech-act lexicon (see :func:`load_speech_acts`).
    voice : {"official", "press", "all"}, default="official"
        Whose turns are searched: the answers, the questions, or both.
    translation : {"official", "machine", "all"}, default="official"

    Returns
    -------
    DataFrame
        ``doc_id, exchange_id, seg_id, act_id, category, matched, start, end``; `start` and
        `end` are offsets in the segment's text. Body text outside exchanges is left out.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"d": "AFP: Your comment?\\n\\nGeng Shuang: We firmly oppose it."})
    >>> answer_acts(c)[["exchange_id", "act_id", "matched"]].values.tolist()
    [[1, 'oppose', 'firmly oppose']]
    """
    hits = _exchange_hits(corpus, load_speech_acts(acts), voice=voice, translation=translation)
    return hits.rename(columns={"phrase_id": "act_id"})[ACT_COLUMNS]


def question_cues(corpus: Corpus, *, cues: LexiconLike = None,
                  translation: Translation = "official") -> pd.DataFrame:
    """Every hostility cue found in journalists' questions: one row per match, to audit.

    Returns
    -------
    DataFrame
        ``doc_id, exchange_id, seg_id, cue_id, category, matched, start, end``.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"d": "Reuters: Critics say China coerces Australia. Comment?\\n\\n"
    ...                             "Geng Shuang: No."})
    >>> question_cues(c)[["cue_id", "matched"]].values.tolist()
    [['challenge', 'Critics say']]
    """
    hits = _exchange_hits(corpus, load_question_stance(cues), voice="press", translation=translation)
    return hits.rename(columns={"phrase_id": "cue_id"})[CUE_COLUMNS]


def question_stance(corpus: Corpus, *, cues: LexiconLike = None,
                    translation: Translation = "official") -> pd.DataFrame:
    """Whether each exchange's question is hostile, and the cue that says so.

    A question is ``hostile`` when a cue of the question-stance lexicon matches in it
    (:func:`load_question_stance`); `hostile_cue` is the wording of its first cue and
    `hostile_cue_id` that cue's id, so each flag can be checked in :func:`question_cues`.

    Returns
    -------
    DataFrame
        ``doc_id, exchange_id, hostile, hostile_cue, hostile_cue_id, n_cues``, one row per
        exchange of ``corpus.exchanges``.

    Examples
    --------
    >>> from milrel_analysis import corpus_from_texts
    >>> c = corpus_from_texts({"d": "Q: The US accused China of coercion. Comment?\\n\\nA: No.\\n\\n"
    ...                             "Q: When is the visit?\\n\\nA: Soon."})
    >>> question_stance(c)[["hostile", "hostile_cue", "n_cues"]].values.tolist()
    [[True, 'accused', 2], [False, None, 0]]
    """
    hits = question_cues(corpus, cues=cues, translation=translation)
    first = hits.drop_duplicates(["doc_id", "exchange_id"]).set_index(["doc_id", "exchange_id"])
    n = hits.groupby(["doc_id", "exchange_id"]).size()
    out = corpus.exchanges[["doc_id", "exchange_id"]].reset_index(drop=True)
    key = pd.MultiIndex.from_frame(out)
    out["n_cues"] = n.reindex(key, fill_value=0).to_numpy().astype("int64")
    out["hostile"] = out["n_cues"] > 0
    out["hostile_cue"] = first["matched"].reindex(key).astype(object).to_numpy()
    out["hostile_cue_id"] = first["cue_id"].reindex(key).astype(object).to_numpy()
    for col in ("hostile_cue", "hostile_cue_id"):
        out[col] = pd.Series([v if h else None for v, h in zip(out[col], out["hostile"], strict=True)],
                             dtype=object)
    return out[STANCE_COLUMNS]
