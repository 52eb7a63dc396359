"""Speech acts of answers and the stance of questions.

`tests/data/speech_act_judgements.csv` holds hand judgements of speech-act matches on the
500 MFA press-conference pages in ../shared (`phrase_id, doc_id, matched, context, correct`,
plus `judgement_round`): round 1 drawn with ``match_sample(corpus, ids, n=12, seed=2026,
lexicon=load_speech_acts())`` on the first draft of the lexicon, round 2 (seed 2027, n=8,
`skip=` round 1) for the acts revised after it, round 3 (seed 2028, n=12) for `oppose` and
`countermeasures` after their second revision. A row is correct when the answer performs
the act, or reports China performing it; another party's act ("the WHO opposes travel
restrictions", "the UK's representations") is not.
"""

import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import shared_path

import milrel_analysis as mra
from milrel_analysis.lexicons import PHRASE_COLUMNS
from milrel_analysis.phrases import JUDGEMENT_COLUMNS, judged_hits, lexicon_precision
from milrel_analysis.speech_acts import (
    ACT_COLUMNS,
    CUE_COLUMNS,
    STANCE_COLUMNS,
    answer_acts,
    load_question_stance,
    load_speech_acts,
    question_cues,
    question_stance,
)

JUDGEMENTS = Path(__file__).parent / "data" / "speech_act_judgements.csv"
CATEGORIES = ["urge", "demand", "oppose", "representations", "warning", "reassurance", "criticised"]


def _briefing(*pairs):
    """A transcript of (asker, question, answer) turns."""
    return "\n\n".join(f"{asker}: {q}\n\nHua Chunying: {a}" for asker, q, a in pairs)


def _acts(answer):
    corpus = mra.corpus_from_texts({"d": _briefing(("AFP", "Your comment?", answer))})
    return answer_acts(corpus)["act_id"].tolist()


def _categories(answer):
    corpus = mra.corpus_from_texts({"d": _briefing(("AFP", "Your comment?", answer))})
    return answer_acts(corpus)["category"].tolist()


# --------------------------------------------------------------------------- lexicons


def test_speech_act_lexicon_schema_and_categories():
    lex = load_speech_acts()
    assert list(lex.columns) == PHRASE_COLUMNS
    assert list(dict.fromkeys(lex["category"])) == CATEGORIES
    owner: dict[str, str] = {}
    for pid, patterns in zip(lex["phrase_id"], lex["patterns"], strict=True):
        for p in patterns:
            assert owner.setdefault(p.lower(), pid) == pid, f"{p!r} under {owner[p.lower()]} and {pid}"


def test_lexicons_extend_and_replace():
    mine = [{"id": "regret", "label": "Regrets", "category": "oppose", "patterns": ["regrets"]}]
    assert load_speech_acts(mine)["phrase_id"].tolist() == ["regret"]
    extended = load_speech_acts(mine, extend=True)
    assert len(extended) == len(load_speech_acts()) + 1
    replaced = load_speech_acts([{"id": "urge", "category": "urge", "patterns": ["implores"]}], extend=True)
    assert replaced.set_index("phrase_id").loc["urge", "patterns"] == ("implores",)
    assert "challenge" in set(load_question_stance(["isn't it odd"], extend=True)["category"])


@pytest.mark.parametrize("answer, category", [
    ("We urge the US side to stop its wrong practice.", "urge"),
    ("We call on all parties to exercise restraint.", "urge"),
    ("The US must stop interfering in China's internal affairs.", "demand"),
    ("The Canadian side should immediately release Ms. Meng.", "demand"),
    ("China firmly opposes this move.", "oppose"),
    ("China strongly deplores the statement.", "oppose"),
    ("We have lodged stern representations with the US side.", "representations"),
    ("Otherwise the US will have to bear all the consequences.", "warning"),
    ("China will take resolute countermeasures.", "warning"),
    ("Those who are playing with fire will get burned.", "warning"),
    ("China stands ready to work with Russia.", "reassurance"),
    ("China welcomes the agreement.", "reassurance"),
    ("This is a smear against China.", "criticised"),
    ("These are groundless accusations.", "criticised"),
])
def test_each_category_is_found(answer, category):
    assert category in _categories(answer)


@pytest.mark.parametrize("answer", [
    "The resolution urges all countries to observe the UN Charter.",  # a resolution's act
    "The US urged China to release the data.",  # the US urging China
    "The WHO opposes travel restrictions.",  # only China's opposition counts
    "We urge the EU side to reject double standards.",  # China urging, not China rejecting
    "We will take necessary measures to assist their return home.",  # consular help, not a warning
    "We welcome everyone to follow our account.",
    "The ROK stands ready to assist China.",
])
def test_others_acts_are_not_chinas(answer):
    found = _acts(answer)
    assert not set(found) & {"oppose", "countermeasures", "welcome", "stand-ready"}
    assert found in ([], ["urge"]) and ("urge" not in found or answer.startswith("We urge"))


def test_answer_acts_are_located_in_their_exchange():
    corpus = mra.corpus_from_texts({"d": "The Foreign Ministry strongly deplores it.\n\n" + _briefing(
        ("Reuters", "First?", "We firmly oppose that."),
        ("Q", "Second?", "China welcomes it and urges the US to stop smearing China."))})
    hits = answer_acts(corpus)
    assert list(hits.columns) == ACT_COLUMNS
    # the opening statement is body text outside any exchange: not an answer's act
    assert hits[["exchange_id", "act_id"]].values.tolist() == [
        [1, "oppose"], [2, "welcome"], [2, "urge"], [2, "demand-stop"], [2, "smear"]]
    seg = corpus.segments.set_index(["doc_id", "seg_id"])["text"]
    for row in hits.itertuples():
        assert seg[(row.doc_id, row.seg_id)][row.start:row.end] == row.matched
    # voice="press" searches the questions instead
    assert answer_acts(corpus, voice="press").empty


# --------------------------------------------------------------------------- question stance


@pytest.mark.parametrize("question, cue_id", [
    ("The US accused China of a cover-up. What is your response?", "accusation"),
    ("President Macron criticized China's handling of the outbreak. Comment?", "criticism"),
    ("The official said China poses a threat to Africa. Response?", "threat"),
    ("Australia says this is economic coercion. Comment?", "coercion"),
    ("Lawmakers cite forced labor in Xinjiang. Comment?", "abuses"),
    ("Critics say the law ends Hong Kong's autonomy. Your response?", "challenge"),
])
def test_hostile_questions_and_their_cue(question, cue_id):
    corpus = mra.corpus_from_texts({"d": _briefing(("Reuters", question, "No comment."))})
    row = question_stance(corpus).iloc[0]
    assert row["hostile"] and row["hostile_cue_id"] == cue_id
    assert row["hostile_cue"].lower() in question.lower()


@pytest.mark.parametrize("question", [
    "When will the Foreign Minister visit Russia?",
    "China accused the US of hypocrisy yesterday. Will it say more?",  # China is the accuser
    "You criticized the report yesterday. Anything to add?",  # so is the spokesperson
    "Is the pandemic a threat to China's economy?",  # China as the one threatened
    "The UN held a webinar on unilateral coercive measures. Comment?",
])
def test_neutral_questions_are_not_hostile(question):
    corpus = mra.corpus_from_texts({"d": _briefing(("Q", question, "No comment."))})
    row = question_stance(corpus).iloc[0]
    assert not row["hostile"] and row["hostile_cue"] is None and row["n_cues"] == 0


def test_question_cues_are_auditable_and_answers_are_not_searched():
    corpus = mra.corpus_from_texts({"d": _briefing(
        ("Reuters", "Critics say China is bullying Lithuania. Is that so?", "These accusations are smears."),
        ("Q", "What about the visit?", "It is going well."))})
    cues = question_cues(corpus)
    assert list(cues.columns) == CUE_COLUMNS
    assert cues[["exchange_id", "cue_id", "matched"]].values.tolist() == [
        [1, "challenge", "Critics say"], [1, "coercion", "bullying"]]
    stance = question_stance(corpus)
    assert list(stance.columns) == STANCE_COLUMNS
    assert stance["hostile"].tolist() == [True, False]
    assert stance["n_cues"].tolist() == [2, 0]


def test_no_exchanges_no_rows():
    corpus = mra.corpus_from_texts({"d": "China firmly opposes it."})
    assert answer_acts(corpus).empty and list(answer_acts(corpus).columns) == ACT_COLUMNS
    assert question_stance(corpus).empty and list(question_stance(corpus).columns) == STANCE_COLUMNS


# --------------------------------------------------------------------------- hand judgements


def test_speech_act_judgements_fixture_schema():
    table = pd.read_csv(JUDGEMENTS)
    assert list(table.columns[:5]) == JUDGEMENT_COLUMNS
    assert set(table["correct"]) <= {0, 1}
    assert set(table["phrase_id"]) == set(load_speech_acts()["phrase_id"])
    assert not table.duplicated(["phrase_id", "doc_id", "context"]).any()
    first = table[table["judgement_round"] == 1]
    assert (first.groupby("phrase_id")["doc_id"].nunique() >= 10).all()


def test_speech_act_judgements_hold_on_mfa_pages():
    pages = shared_path("corpora", "mfa-presscon-html", "pages")
    judgements = pd.read_csv(JUDGEMENTS)
    files = sorted(pages / f"{doc}.html" for doc in set(judgements["doc_id"]))
    judged = judged_hits(judgements, mra.load_corpus(files, progress=False), lexicon=load_speech_acts())
    lost = judged[~judged["located"]]
    assert lost.empty, f"judged matches no longer in the page text:\n{lost.head()}"
    missed = judged[judged["correct"] & ~judged["found"]]
    assert missed.empty, f"matches judged correct that the lexicon lost:\n{missed.head()}"
    table = lexicon_precision(judged).set_index("phrase_id")
    assert (table["n_judged"] >= 10).all(), table
    assert (table["precision"] >= 0.9).all(), table
    notes = load_speech_acts().set_index("phrase_id")["note"]
    for pid, row in table.iterrows():
        stated = re.search(r"Precision (\d+)/(\d+) on the MFA", notes[pid])
        assert stated, pid
        assert (int(stated[1]), int(stated[2])) == (row["n_correct"], row["n_judged"]), pid
