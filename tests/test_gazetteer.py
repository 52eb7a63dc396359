"""The counterpart gazetteer: the packaged data's invariants and an analyst's own file."""

import pytest

from milrel_analysis.errors import ArgumentValueError, MissingFileError
from milrel_analysis.gazetteer import ENTITY_KINDS, load_gazetteer

MINIMAL = """\
version: 1
entities:
  - id: AAA
    name: Aland
    aliases: [Alandic, Alandia]
  - id: BLOC
    name: Bloc of Two
    kind: organisation
  - id: SUB
    name: Sub-Bloc
    kind: forum
    part_of: [BLOC]
  - id: PEN
    name: The Peninsula
    kind: region
    counts_as: [AAA, BLOC]
not_names:
  person: [Alandia Smith]
self:
  aliases: [Middle Kingdom]
topics:
  - id: strait
    aliases: [Aland Strait]
"""


def write(tmp_path, text):
    path = tmp_path / "gaz.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_packaged_gazetteer_covers_every_un_member_once():
    gaz = load_gazetteer()
    ents = gaz.entities
    assert ents["id"].is_unique
    assert set(ents["kind"]) <= set(ENTITY_KINDS)
    states = ents[ents["kind"] == "state"]
    # 192 foreign UN members; Palestine, the Holy See, Kosovo, the Cook Islands and Niue
    # (China is "self")
    assert len(states) == 197
    assert states["id"].str.fullmatch(r"[A-Z]{3}").all()
    assert {gaz.aliases[a] for a in ("China", "PLA")} == {"_self"}
    assert gaz.aliases["Taiwan"].startswith("_topic:")


def test_packaged_hierarchy_and_stand_ins():
    gaz = load_gazetteer()
    assert gaz.roll_up("ADMM-PLUS") == ("ADMM-PLUS", "ASEAN")
    assert "KOREAN-PENINSULA" in gaz.stand_ins
    assert set(gaz.roll_up("KOREAN-PENINSULA")) == {"PRK", "KOR"}
    for child, ups in gaz.parents.items():
        assert child not in gaz.roll_up(child)[1:], f"{child} is part of itself"
        assert set(ups) <= set(gaz.kinds)


def test_packaged_not_names_and_cities():
    gaz = load_gazetteer()
    assert gaz.aliases["Chad Sbragia"] == "_not:person" and gaz.not_name_ids["Chad Sbragia"] == "TCD"
    assert gaz.cities <= set(gaz.aliases)
    assert "Dushanbe" in gaz.cities and "Singapore" in gaz.state_names


def test_an_analysts_file_with_hierarchy_stand_ins_not_names_self_and_topics(tmp_path):
    gaz = load_gazetteer(write(tmp_path, MINIMAL))
    assert gaz.entities.to_dict("records")[0] == {"id": "AAA", "name": "Aland", "kind": "state"}
    assert gaz.aliases["Aland"] == gaz.aliases["Alandic"] == "AAA"
    assert gaz.roll_up("SUB") == ("SUB", "BLOC")
    assert gaz.roll_up("PEN") == ("AAA", "BLOC")  # a stand-in counts only for what it stands for
    assert gaz.not_name_ids == {"Alandia Smith": "AAA"}
    assert gaz.aliases["Middle Kingdom"] == "_self" and gaz.aliases["Aland Strait"] == "_topic:strait"
    hits = [v for *_, v in gaz.matcher().find("Alandia Smith met the Alandic envoy")]
    assert hits == ["_not:person", "AAA"]
    with pytest.raises(TypeError):
        gaz.aliases["New"] = "X"  # the mappings are read-only


@pytest.mark.parametrize("text, message", [
    ("- just a list\n", "expected a mapping with an 'entities:' list"),
    ("entities:\n  - id: X\n    kind: planet\n", "entity 'X' has kind='planet'"),
    ("entities:\n  - id: X\n    part_of: [NOPE]\n", r"part_of unknown id\(s\) \['NOPE'\]"),
    ("entities:\n  - id: X\nnot_names:\n  brand: [X Corp]\n", "not_names role 'brand'"),
])
def test_a_bad_file_names_its_problem(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ArgumentValueError, match=message) as info:
        load_gazetteer(path)
    assert str(path) in str(info.value)


def test_a_missing_file(tmp_path):
    with pytest.raises(MissingFileError, match="does not exist"):
        load_gazetteer(tmp_path / "nope.yaml")
