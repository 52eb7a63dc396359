"""corpus.repair: words broken by stray spaces, joined across the corpus."""

import milrel_analysis as mra


def _doc(corpus, prefix):
    return corpus.documents[corpus.documents["doc_id"].str.startswith(prefix)].iloc[0]


def test_seed_004_turns_and_repairs(seed_corpus):
    row = _doc(seed_corpus, "004")
    segs = seed_corpus.segments[seed_corpus.segments["doc_id"] == row["doc_id"]]
    assert segs["kind"].tolist()[:4] == ["header", "body", "question", "answer"]
    assert set(segs.loc[segs["kind"] == "answer", "speaker"]) == {"Wu Qian"}
    for broken, fixed in [("mu ltilateral", "multilateral"), ("Nep al", "Nepal"),
                          ("prote ction", "protection")]:
        assert f"{broken!r} -> {fixed!r}" in row["warnings"]
        assert not segs["text"].str.contains(broken).any()
    # Repaired "Nepal" now counts as a counterpart mention.
    cps = seed_corpus.counterparts[seed_corpus.counterparts["doc_id"] == row["doc_id"]]
    assert "NPL" in set(cps["counterpart"])


def test_repair_leaves_real_word_pairs_alone():
    corpus = mra.corpus_from_texts({"d": "We went a broad way to the multilateral talks on the mu ltilateral track."})
    text = corpus.documents["text"][0]
    assert "a broad way" in text and "multilateral track" in text


def _old_repair_text(text, fragments, doc_freq, known):
    """The repair before it was made linear (it checked every pair of fragments against the
    text: roughly cubic in the number of distinct words), kept as the reference."""
    import re

    from milrel_analysis.corpus.repair import _dictionary_word

    alpha = re.compile(r"[A-Za-z]+")
    low = text.lower()
    present = fragments.intersection(alpha.findall(low))
    if len(present) < 2 or not any(f"{a} {b}" in low for a in present for b in present if a != b):
        return text, []
    words = list(alpha.finditer(text))
    pieces, fixes, pos, skip = [], [], 0, False
    for a, b in zip(words, words[1:], strict=False):
        if skip:
            skip = False
            continue
        joined = a.group() + b.group()
        if (
            text[a.end():b.start()] == " " and b.group().islower() and len(joined) >= 5
            and a.group().lower() in fragments and b.group() in fragments
            and not (_dictionary_word(a.group().lower()) and _dictionary_word(b.group()))
            and (a.start() == 0 or not text[a.start() - 1].isalnum())
            and (b.end() == len(text) or not (text[b.end()].isalnum() or text[b.end()] in "-'"))
            and (joined.lower() in known or doc_freq[joined.lower()] >= 1)
        ):
            pieces.append(text[pos:a.start()] + joined)
            fixes.append((text[a.start():b.end()], joined))
            pos, skip = b.end(), True
    if not fixes:
        return text, []
    pieces.append(text[pos:])
    return "".join(pieces), fixes


def _synthetic(rng, n_words):
    """Made-up words, some of them broken in two by a space, with their fragments and joins."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    words, fragments, known = [], set(), set()
    for _ in range(n_words):
        word = "".join(rng.choice(letters) for _ in range(rng.randint(3, 10)))
        if len(word) >= 6 and rng.random() < 0.2:
            cut = rng.randint(2, len(word) - 2)
            head, tail = word[:cut], word[cut:]
            words.append(f"{head.capitalize() if rng.random() < 0.2 else head} {tail}")
            fragments |= {head, tail}
            if rng.random() < 0.8:
                known.add(word)
        else:
            words.append(word)
            if rng.random() < 0.3:
                fragments.add(word)  # a hapax that is no broken word
    return " ".join(words) + rng.choice([".", "", " and more"]), fragments, frozenset(known)


def test_linear_repair_gives_the_old_results():
    import random
    from collections import Counter

    from milrel_analysis.corpus.repair import repair_text

    rng = random.Random(20240611)
    pieces, expected_fixes, all_fragments, all_known = [], [], set(), set()
    for _ in range(60):
        text, fragments, known = _synthetic(rng, rng.randint(5, 40))
        old = _old_repair_text(text, fragments, Counter(), known)
        assert repair_text(text, fragments, Counter(), known) == old
        pieces.append((text, old[0]))
        expected_fixes += old[1]
        all_fragments |= fragments
        all_known |= known
    assert sum(len(f) for _, f in [repair_text(t, all_fragments, Counter(), frozenset(all_known))
                                   for t, _ in pieces]) >= 20  # the test repairs something
    # One large text (thousands of distinct words) gives what the old algorithm gives on its
    # small pieces: paragraphs do not interact.
    big = "\n\n".join(t for t, _ in pieces)
    fixed, fixes = repair_text(big, all_fragments, Counter(), frozenset(all_known))
    old_pieces = [_old_repair_text(t, all_fragments, Counter(), frozenset(all_known)) for t, _ in pieces]
    assert fixed == "\n\n".join(t for t, _ in old_pieces)
    assert fixes == [f for _, fs in old_pieces for f in fs]


def test_only_documents_whose_fragments_could_join_are_read(monkeypatch):
    from milrel_analysis.corpus import repair

    read = []
    real = repair.repair_text
    monkeypatch.setattr(repair, "repair_text",
                        lambda text, *args: read.append(text) or real(text, *args))
    corpus = mra.corpus_from_texts({
        "a": "China supports the mu ltilateral track.",
        "b": "Multilateral cooperation is the way.",
        "c": "Zorbex and quillan are two rare names that join into nothing known.",
    })
    assert "'mu ltilateral' -> 'multilateral'" in corpus.documents.set_index("doc_id").loc["a", "warnings"]
    assert read and all("ltilateral" in text for text in read)  # c's text was never walked
