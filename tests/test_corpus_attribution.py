"""corpus.attribution: counterparts named in each segment, the main counterpart."""

import milrel_analysis as mra


def test_counterparts_aliases_and_exclusions():
    corpus = mra.corpus_from_texts({
        "d": "The Pentagon and the Biden administration met North Korea's envoy from Pyongyang. "
             "Sino-Russian ties; Shoigu visited. East Timor joined. Chinese PLA officers and "
             "Taiwan and the South China Sea were discussed. Wei met Shoigu in Dushanbe, Tajikistan."
    })
    mentions = corpus.counterparts.groupby("counterpart")["mentions"].sum().to_dict()
    assert mentions == {"USA": 2, "PRK": 2, "RUS": 3, "TLS": 1}


def _roles(text):
    from milrel_analysis.corpus.attribution import find_mentions
    from milrel_analysis.lexicons import load_gazetteer

    return [(m.matched, m.role) for m in find_mentions(text, load_gazetteer())]


def test_venues_are_places_of_meetings_not_a_country_s_own_events():
    assert _roles("The DPRK-US summit will be held in Singapore on June 12.") == [
        ("DPRK", "counterpart"), ("US", "counterpart"), ("Singapore", "venue")]
    assert ("Bishkek", "venue") in _roles("the SCO Bishkek Summit to be held in June")
    assert _roles("Presidential elections were held in Turkey.") == [("Turkey", "counterpart")]
    assert _roles("Premier Li is on an official visit in the Netherlands.") == [
        ("Netherlands", "counterpart")]
    assert ("UN Security Council", "venue") in _roles("He spoke at a meeting of the UN Security Council.")
    assert ("G20", "venue") in _roles("They will meet during the G20 Osaka Summit.")


def test_references_descriptors_and_places():
    assert _roles("uphold the purposes and principles of the UN Charter") == [("UN", "reference")]
    assert _roles("DPRK-related resolutions of the UN Security Council")[-1] == ("UN Security Council",
                                                                                "reference")
    assert _roles("the peaceful resolution of the Venezuelan issue") == [("Venezuelan", "counterpart")]
    assert _roles("The London-based Financial Times said") == [("London", "descriptor")]
    assert _roles("a reporter from Japan's Kyodo News") == [("Japan", "descriptor")]
    assert _roles("The new US ambassador to Australia said") == [("US", "counterpart"),
                                                                 ("Australia", "descriptor")]
    assert _roles("Chinese embassies in the US, the UK and Japan helped") == [
        ("US", "place"), ("UK", "place"), ("Japan", "place")]
    assert _roles("Chinese nationals were indicted in the US") == [("US", "counterpart")]
    assert _roles("the South Africa Institute of International Affairs") == [("South Africa", "descriptor")]


def test_lists_of_evidence_quotes_and_interlocutors():
    listed = _roles("Statistics from Canada, France, Russia, Australia and Japan show the same.")
    assert {role for _, role in listed} == {"listed"} and len(listed) == 5
    visits = _roles("The hospital ship visited Kiribati, Tonga, Vanuatu and Timor-Leste.")
    assert {role for _, role in visits} == {"counterpart"}
    quoted = _roles("Kim Jong Un said that the DPRK will deal with the US in the principle of strength.")
    assert ("US", "quoted") in quoted and ("Kim Jong Un", "counterpart") in quoted
    call = _roles("Trump said in his telephone call with Russian President Putin that talks went well.")
    assert ("Russian", "counterpart") in call and ("Putin", "counterpart") in call


def test_questions_keep_what_they_ask_about():
    from milrel_analysis.corpus.attribution import find_mentions
    from milrel_analysis.lexicons import load_gazetteer

    text = "US Secretary Pompeo said that Iran is a threat. What is your comment?"
    roles = {m.matched: m.role for m in find_mentions(text, load_gazetteer(), question=True)}
    assert roles == {"US": "counterpart", "Pompeo": "counterpart", "Iran": "counterpart"}


def test_the_korean_peninsula_and_stand_ins():
    corpus = mra.corpus_from_texts({"d": "Peace on the Korean Peninsula serves all. The ADMM-Plus met."})
    assert set(corpus.counterparts["counterpart"]) == {"PRK", "KOR", "ADMM-PLUS", "ASEAN"}
    assert set(corpus.mentions["counterpart"]) == {"KOREAN-PENINSULA", "ADMM-PLUS"}


def test_answers_count_for_their_question_and_transcripts_do_not_inherit_the_document():
    text = ("Q: Will Japan and the US hold joint drills?\n\nA: We have noted the reports.\n\n"
            "It is not conducive to regional peace.\n\nQ: Anything on trade?\n\nA: No.")
    corpus = mra.corpus_from_texts({"qa": text})
    cps = corpus.counterparts
    answers = cps[cps["how"] == "from_question"]
    assert sorted(set(answers["counterpart"])) == ["JPN", "USA"] and answers["seg_id"].nunique() == 2
    assert "from_document" not in set(cps["how"])  # a transcript's turns range over subjects
    news = mra.corpus_from_texts({"n": "BEIJING, May 1 -- The US side met.\n\nTalks went well."})
    assert news.counterparts["how"].tolist() == ["named", "from_document"]
