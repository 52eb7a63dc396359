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


def test_names_of_their_own_that_contain_a_country():
    assert _roles("Agent Orange was used during the Vietnam War.") == [("Vietnam", "descriptor")]
    assert _roles("a Kenya Airways flight landed") == [("Kenya", "descriptor")]
    assert _roles("the obligations under the Sino-British Joint Declaration") == [("Sino-British", "reference")]
    assert _roles("abide by the three China-US Joint Communiques") == [("US", "reference")]
    # a body's own declaration is its act
    assert _roles("The summit adopted the G20 Leaders' Declaration.") == [("G20", "counterpart")]
    assert _roles("uphold the WTO-centered multilateral trading system") == [("WTO", "reference")]
    assert _roles("Who would buy US-made aircraft?") == [("US", "descriptor")]


def test_a_body_s_report_cited_as_evidence_is_a_reference():
    assert _roles("According to the World Bank's Global Economic Prospects report, growth slowed.") == [
        ("World Bank", "reference")]
    assert _roles("According to a survey released by the OECD last month, trade fell.") == [
        ("OECD", "reference")]
    assert _roles("The WTO World Trade Statistical Review shows the same.") == [("WTO", "reference")]
    assert _roles("According to the WHO, the risk is high.") == [("WHO", "counterpart")]
    assert _roles("The IMF's report downgraded the forecast.") == [("IMF", "counterpart")]


def test_where_someone_speaks_or_travels_is_a_place():
    assert _roles("The US Secretary of State said while visiting Kenya that the loans are a trap.")[-1] == (
        "Kenya", "place")
    assert _roles("While in Brazil, he claimed that the debt is unsustainable.") == [("Brazil", "place")]
    assert _roles("Two charter flights are now heading to Italy with supplies.") == [("Italy", "place")]
    assert _roles("the arrest of a journalist in the US last week") == [("US", "place")]
    assert _roles("The Secretary will raise the issue when visiting the DPRK.") == [("DPRK", "counterpart")]
    assert _roles("Wang Yi will visit Kenya next week.") == [("Kenya", "counterpart")]


def test_a_body_s_meeting_and_its_host_are_venues():
    roles = _roles("He hopes to meet President Xi at the G20 next month in Argentina.")
    assert roles == [("G20", "venue"), ("Argentina", "venue")]
    assert _roles("the measures announced at the FOCAC Beijing Summit") == [("FOCAC", "counterpart")]
    assert _roles("The forum will be held in Russia's Kazan in June.")[0] == ("Russia", "venue")


def test_a_country_s_own_affairs_and_actors_are_about_it():
    assert _roles("The Security Council held a meeting on the situation in Myanmar.")[-1] == (
        "Myanmar", "counterpart")
    assert _roles("We call on all parties in Libya to resume talks.") == [("Libya", "counterpart")]
    assert _roles("Some people in Washington want a new Cold War.") == [("Washington", "counterpart")]
    assert _roles("The ambassador met officials in the Iraqi government.") == [("Iraqi", "counterpart")]
    assert _roles("China will take part in Myanmar's peace process through dialogue.") == [
        ("Myanmar", "counterpart")]
    assert _roles("China held talks with countries in the Middle East.") == [("Middle East", "counterpart")]
    assert _roles("As a partner of African countries, China helps.") == [("African countries", "counterpart")]
    assert _roles("an important member of the European Union") == [("European Union", "descriptor")]
    # a meeting's place stays a venue
    assert _roles("the consensus reached by the two leaders in Buenos Aires")[-1] == ("Buenos Aires", "venue")


def test_descriptors_of_people_and_of_status():
    assert _roles("British former MP John Smith said so.") == [("British", "descriptor")]
    assert _roles("in line with Nepal's national policy") == [("Nepal", "counterpart")]
    assert _roles("That would not threaten US national interests.") == [("US", "counterpart")]
    assert _roles("A Canadian national was detained.") == [("Canadian", "descriptor")]
    assert _roles("Police arrested Australian national Yang Jun.") == [("Australian", "descriptor")]
    assert _roles("President Touadéra of Central Africa visited Hunan.") == [
        ("Touadéra", "counterpart"), ("Africa", "descriptor")]
    assert _roles("former Prime Minister John Key of New Zealand attended")[-1] == ("New Zealand",
                                                                                   "descriptor")
    assert _roles("the former Prime Minister of Malaysia was sworn in") == [("Malaysia", "counterpart")]
    assert _roles("Former Prime Minister Imran Khan of Pakistan attended the forum.") == [
        ("Imran Khan", "descriptor"), ("Pakistan", "descriptor")]
    assert _roles("Prime Minister Imran Khan of Pakistan visited Beijing.") == [
        ("Imran Khan", "counterpart"), ("Pakistan", "descriptor")]
    assert _roles("Former Foreign Secretary Boris Johnson will take office.") == [("Boris Johnson",
                                                                                  "counterpart")]
    assert _roles("China and Russia, as permanent members of the UN Security Council, agree.")[-1][1] == \
        "descriptor"
    assert _roles("The five permanent members of the Security Council met.")[-1][1] == "counterpart"
    assert _roles("following up on President Putin's press conference") == [("Putin", "counterpart")]
    assert _roles("as reported by Japan's press") == [("Japan", "descriptor")]
    assert _roles("Ambassadors from 30 countries to the UN Office at Geneva wrote.")[0] == ("UN", "descriptor")


def test_a_body_s_own_acts_are_about_it_and_its_rules_are_references():
    assert _roles("Will China support the EU's resolution at the assembly?")[0] == ("EU", "counterpart")
    assert _roles("The declaration adopted by the Non-Aligned Movement reflects the consensus.") == [
        ("Non-Aligned Movement", "counterpart")]
    assert _roles("The resolutions adopted by the UN Security Council should be implemented.") == [
        ("UN Security Council", "reference")]
    assert _roles("China may veto an Afghanistan resolution.") == [("Afghanistan", "counterpart")]
    assert _roles("expanding the OPCW's mandate was not adopted") == [("OPCW", "counterpart")]
    assert _roles("Was the method approved by the WHO?") == [("WHO", "counterpart")]
    assert _roles("under Security Council resolution 2231") == [("Security Council", "reference")]


def test_bodies_and_sides_added_to_the_gazetteer():
    from milrel_analysis.corpus.attribution import match_counterparts
    from milrel_analysis.lexicons import load_gazetteer

    text = ("The FATF, WIPO, the International Labour Organization, the OECD and the Financial "
            "Stability Board met. We told the Europeans and the European side.")
    assert set(match_counterparts(text, load_gazetteer())) == {"FATF", "WIPO", "ILO", "OECD", "FSB",
                                                              "EUROPE", "EU"}
    assert not match_counterparts("The FSB detained a suspect in Moscow.", load_gazetteer()).get("FSB")


def test_question_parts_and_the_part_an_answer_takes_up():
    from milrel_analysis.corpus.attribution import answered_part, opens_part, question_parts

    text = "First, will Japan join? Second, has Iran replied? My third question is on trade."
    assert [text[i:i + 6] for i in question_parts(text)] == ["First,", "Second", "My thi"]
    assert opens_part("Another question: on trade.") and not opens_part("A second look at it?")
    assert [answered_part(t) for t in ("On your first question, no.", "As for the last question, yes.",
                                       "Regarding your second question, we do.", "On the first day")] == [
        0, -1, 1, None]


def test_an_answer_to_one_part_inherits_only_that_part():
    text = ("Q: First, you said the talks were positive. Who proposed them? Second, will the "
            "Japanese side join the drills?\n\n"
            "A: On your first question, I said what I said yesterday.\n\n"
            "I have nothing more to add.\n\n"
            "On your second question, the drills are routine.\n\n"
            "They target no third party.")
    cps = mra.corpus_from_texts({"q": text}).counterparts
    inherited = cps[cps["how"] == "from_question"]
    assert inherited[["seg_id", "counterpart"]].values.tolist() == [[3, "JPN"], [4, "JPN"]]
    single = mra.corpus_from_texts({"s": "Q: Will Japan join? And Iran?\n\nA: On your second question, no."})
    assert set(single.counterparts.query("how == 'from_question'")["counterpart"]) == {"JPN", "IRN"}
