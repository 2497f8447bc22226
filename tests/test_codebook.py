"""The codebook: the default loads, malformed codebooks are rejected by name."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
import yaml

from classifier import Codebook
from classifier.catalogue import _UniqueKeyLoader, read_yaml
from classifier.errors import CodebookError

SPEC_IDS = [
    "youth",
    "fundraising",
    "decentralization",
    "power_dynamics",
    "member_engagement",
    "capacity_development",
    "advocacy",
    "information",
    "networking",
    "diversity_inclusion",
    "accountability",
    "language_access",
    "membership",
    "alliance_vision",
    "secretariat",
]


def test_default_codebook_implements_the_spec():
    codebook = Codebook.load()
    assert codebook.theme_ids == SPEC_IDS
    assert codebook.stances == ("praise", "request", "criticism", "neutral")
    assert codebook.label("language_access", "es") == "Acceso lingüístico"
    assert codebook.label("youth", "fr") == "Jeunesse"
    # Labels with commas are whole (they were cut at the first comma by YAML once).
    assert codebook.label("information", "en") == "Information, research and communication"
    assert codebook.label("accountability", "en") == "Accountability, transparency and feedback"


def write(tmp_path, data) -> str:
    path = tmp_path / "codebook.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def theme(theme_id, **label):
    label = label or {"en": theme_id, "fr": theme_id, "es": theme_id}
    return {"id": theme_id, "label": label, "description": ""}


def test_duplicate_ids_are_rejected_naming_the_id(tmp_path):
    path = write(tmp_path, {"name": "x", "version": 1, "themes": [theme("food"), theme("food")]})
    with pytest.raises(CodebookError, match="duplicate theme id 'food'"):
        Codebook.load(path)


def test_missing_labels_are_rejected_naming_theme_and_language(tmp_path):
    path = write(
        tmp_path, {"name": "x", "version": 1, "themes": [theme("food", en="Food", fr="Nourriture")]}
    )
    with pytest.raises(CodebookError, match="theme 'food' has no label in es"):
        Codebook.load(path)


def test_a_label_cut_by_an_unquoted_comma_is_rejected(tmp_path):
    path = tmp_path / "codebook.yaml"
    path.write_text(
        "name: x\nversion: 1\nthemes:\n  - id: money\n"
        "    label: {en: Funding, grants and fees, fr: Financement, es: Financiación}\n",
        encoding="utf-8",
    )
    with pytest.raises(CodebookError, match="'grants and fees' is not a language"):
        Codebook.load(path)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "version": 1, "themes": [theme("food")]}, "'name' is empty"),
        # A registry keeps versions in a folder of the codebook's name: never a path.
        *(
            ({"name": name, "version": 1, "themes": [theme("food")]}, "must be a plain name")
            for name in ("../../escaped", "consultation/2027", "default", ".", "Survey 2026")
        ),
        (
            {"name": "x", "version": 1, "themes": [{**theme("food"), "descripton": "typo"}]},
            "unknown key\\(s\\) descripton",
        ),
        (
            {"name": "x", "version": 1, "themes": [theme("food", en=["x"], fr="a", es="b")]},
            "the en label is not a text",
        ),
    ],
)
def test_other_codebook_mistakes_are_named(tmp_path, data, message):
    with pytest.raises(CodebookError, match=message):
        Codebook.load(write(tmp_path, data))


@pytest.mark.parametrize("theme_id", ["Food-Security", "food_security\n"])
def test_non_snake_case_id_is_rejected(tmp_path, theme_id):
    # "food_security\n" (a quoted YAML id with a line break): accepted before, as the check
    # ended in `$`, and then no label of the theme matched anything
    path = write(tmp_path, {"name": "x", "version": 1, "themes": [theme(theme_id)]})
    with pytest.raises(CodebookError, match=re.escape(f"{theme_id!r} is not lowercase snake_case")):
        Codebook.load(path)


def test_stances_are_optional(tmp_path):
    codebook = Codebook.load(
        write(tmp_path, {"name": "x", "version": 2, "themes": [theme("a"), theme("b")]})
    )
    assert codebook.stances == ()
    assert codebook.theme_ids == ["a", "b"]


def test_unreadable_and_invalid_yaml_files_get_clear_errors(tmp_path):
    with pytest.raises(CodebookError, match="cannot read codebook"):
        Codebook.load(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: x\nthemes:\n  - id: a\n    label: [unclosed\n  - id: b\n", encoding="utf-8"
    )
    with pytest.raises(CodebookError, match="not valid YAML") as error:
        Codebook.load(bad)
    # the line at fault is quoted, with a caret under the place: staff find it at once
    assert "    label: [unclosed\n" in str(error.value) and "^" in str(error.value)


def test_the_shipped_codebook_and_catalogue_read_as_pythons_yaml_parser_reads_them():
    """The files are parsed by libyaml (fast); PyYAML's Python parser, which gives the
    error messages, must read the same values from them."""
    folder = Path(str(resources.files("classifier.codebooks")))
    for path in folder.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert read_yaml(path, "file", path.name) == yaml.load(text, Loader=_UniqueKeyLoader)


def test_hash_changes_with_content():
    codebook = Codebook.load()
    other = Codebook.from_dict({**codebook.to_dict(), "version": 2})
    assert codebook.hash == Codebook.load().hash
    assert codebook.hash != other.hash
