"""Shared vocabulary: blank cells and id lists, the same everywhere."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from classifier.codebook import Codebook
from classifier.errors import LabelError, UnknownIdError
from classifier.vocab import is_blank, split_ids


@pytest.mark.parametrize("value", [None, "", "   ", "\t\n", math.nan, pd.NA, pd.NaT])
def test_blank_cells(value):
    assert is_blank(value)


@pytest.mark.parametrize("value", ["n/a", "0", " x ", 0, 0.0, False])
def test_cells_that_are_not_blank(value):
    assert not is_blank(value)


def test_split_ids_drops_blanks_and_repeats_and_keeps_order():
    assert split_ids(" youth ; ;fundraising;youth ") == ["youth", "fundraising"]
    assert split_ids(None) == [] and split_ids(math.nan) == [] and split_ids("") == []


def test_unknown_theme_id_is_a_named_error():
    codebook = Codebook.load()
    assert codebook.label("youth", "fr") == "Jeunesse"
    with pytest.raises(UnknownIdError, match="no theme 'yuoth'"):
        codebook.label("yuoth")


def test_one_label_validator_names_every_unknown_id_and_where():
    codebook = Codebook.load()
    with pytest.raises(LabelError) as error:
        codebook.check_labels(
            [["youth"], ["yuoth"], ["youth", "money"]],
            ["praise", None, "glad"],
            ["a.csv:1", "a.csv:2", "a.csv:3"],
        )
    message = str(error.value)
    assert "theme 'yuoth' in a.csv:2" in message and "theme 'money' in a.csv:3" in message
    assert "stance 'glad' in a.csv:3" in message and "a.csv:1" not in message
