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
