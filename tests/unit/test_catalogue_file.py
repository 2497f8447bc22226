"""The needs catalogue: loaded with the codebook, validated, looked up by id."""

from __future__ import annotations

import re

import pytest
import yaml

from classifier.catalogue import NeedsCatalogue, Subtopic
from classifier.codebook import Codebook
from classifier.errors import CodebookError, UnknownIdError


def raw(**changes) -> dict:
    data = {
        "name": "c-needs",
        "version": 1,
        "codebook": "consultation",
        "subtopics": [{"id": "youth:governance", "theme": "youth", "label": "Youth in governance"}],
        "needs": [
            {
                "id": "youth_seats",
                "themes": ["youth", "member_engagement"],
                "subtopic": "youth:governance",
                "label": {"en": "Youth seats", "fr": "Sièges jeunes", "es": "Puestos jóvenes"},
                "scope": "seats for young people on the board; not youth grants",
            }
        ],
    }
    data.update(changes)
    return data


def test_the_default_codebook_loads_its_catalogue():
    codebook = Codebook.load()
    catalogue = codebook.catalogue
    assert catalogue is not None and catalogue.codebook == codebook.name
    need = catalogue.need("grant_rejection_feedback")
    assert need.themes[0] == "fundraising"
    assert {catalogue.label(need.id, lang) for lang in ("en", "fr", "es")} == set(
        need.label.values()
    )
    with pytest.raises(UnknownIdError, match="no need 'nope'"):
        catalogue.need("nope")


def test_a_plain_sub_topic_label_is_the_english_one():
    catalogue = NeedsCatalogue.from_dict(raw())  # the file gives "label: Youth in governance"
    subtopic = catalogue.subtopic_of("youth_seats")
    assert subtopic.label == {"en": "Youth in governance"}
    assert subtopic.label_in("fr") == "Youth in governance"
    # as a model saved before labels per language holds it
    assert Subtopic("youth:governance", "youth", "Youth").label_in("es") == "Youth"
    assert catalogue.subtopic_of("nope") is None
    labelled = raw(
        subtopics=[
            {
                "id": "youth:governance",
                "theme": "youth",
                "label": {"en": "Youth in governance", "fr": "Jeunes et gouvernance"},
            }
        ]
    )
    subtopic = NeedsCatalogue.from_dict(labelled).subtopic_of("youth_seats")
    assert subtopic.label_in("fr") == "Jeunes et gouvernance"
    assert subtopic.label_in("es") == "Youth in governance"


def test_round_trip_through_yaml():
    catalogue = NeedsCatalogue.from_dict(raw())
    again = NeedsCatalogue.from_dict(yaml.safe_load(catalogue.to_yaml()))
    assert again == catalogue and again.hash == catalogue.hash


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"needs": raw()["needs"] * 2}, "duplicate need id 'youth_seats'"),
        (
            {"needs": [{**raw()["needs"][0], "label": {"en": "Youth seats"}}]},
            "has no label in fr, es",
        ),
        ({"needs": [{**raw()["needs"][0], "id": "Youth Seats"}]}, "not lowercase snake_case"),
        ({"needs": [{**raw()["needs"][0], "subtopic": "youth:other"}]}, "unknown sub-topic"),
        (
            {"reviewed_distinct": [["youth_seats", "ghost", "why"]]},
            "names 'ghost' (entry #1), which is not a need",
        ),
        ({"subtopics": [{"id": "youth", "theme": "youth", "label": "x"}]}, "theme:snake_case"),
    ],
)
def test_malformed_catalogues_are_refused_with_the_reason(change, message):
    with pytest.raises(CodebookError, match=re.escape(message)):
        NeedsCatalogue.from_dict(raw(**change))


def test_a_catalogue_must_match_its_codebook():
    codebook = Codebook.load()
    stranger = NeedsCatalogue.from_dict(raw(codebook="other"))
    with pytest.raises(CodebookError, match="belongs to codebook 'other'"):
        codebook.with_catalogue(stranger)
    weather = raw()
    weather["needs"][0]["themes"] = ["weather"]
    with pytest.raises(CodebookError, match="themes that are not in codebook"):
        codebook.with_catalogue(NeedsCatalogue.from_dict(weather))


def test_a_codebook_names_its_catalogue_file(tmp_path):
    (tmp_path / "c.needs.yaml").write_text(yaml.safe_dump(raw()), encoding="utf-8")
    data = Codebook.load().to_dict() | {"needs": "c.needs.yaml"}
    (tmp_path / "c.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    loaded = Codebook.load(tmp_path / "c.yaml")
    assert loaded.catalogue.need_ids == ["youth_seats"]
    assert loaded.hash == Codebook.load().hash  # the catalogue has its own version and hash
    (tmp_path / "c.needs.yaml").unlink()
    with pytest.raises(CodebookError, match="cannot read needs catalogue"):
        Codebook.load(tmp_path / "c.yaml")


def test_removing_a_need_drops_its_reviewed_pairs_and_keeps_the_others():
    catalogue = Codebook.load().catalogue
    first, second, _ = catalogue.reviewed_distinct[0]
    smaller = catalogue.with_needs([n for n in catalogue.needs if n.id != first], 3)
    assert first not in smaller.need_ids and smaller.version == 3
    assert not any(first in entry[:2] for entry in smaller.reviewed_distinct)
    untouched = [e for e in catalogue.reviewed_distinct if first not in e[:2]]
    assert list(smaller.reviewed_distinct) == untouched and untouched
