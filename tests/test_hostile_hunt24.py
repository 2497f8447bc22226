"""Hostile inputs, hunt 24: review sheets as staff really edit them."""

from __future__ import annotations

import pytest

from classifier import Codebook
from classifier.errors import TrainingDataError
from classifier.io.labeled import merge_by_id, read_labeled


def test_a_stance_column_under_another_header_is_refused_not_dropped(tmp_path, train_frame):
    # A review sheet whose `stance` header was retyped (`Stances`, `Position`): before, the
    # column was not read, so every answer of the sheet trained without a stance and the
    # stances staff corrected were lost, without a word.
    labeled, review = tmp_path / "labeled.csv", tmp_path / "review.csv"
    base = train_frame.sort_values("id").head(6)
    base.to_csv(labeled, index=False)
    sheet = base[["id", "text", "themes", "stance"]].assign(stance=["Criticism", *["request"] * 5])
    sheet.rename(columns={"stance": "Stances"}).assign(comment="ok").to_csv(review, index=False)
    with pytest.raises(TrainingDataError, match=r"review.csv: column\(s\) 'Stances' hold stances"):
        read_labeled([labeled, review], Codebook.load())
    # Beside a `stance` column, other columns are not read, whatever they hold.
    sheet.assign(predicted="request").to_csv(review, index=False)
    data, _ = merge_by_id(read_labeled([labeled, review], Codebook.load()))
    stances = data.set_index("id").loc[base["id"], "stance"].tolist()
    assert stances == ["criticism", *["request"] * 5]


def test_a_review_csv_saved_in_a_legacy_code_page_is_told_from_another_answer(
    tmp_path, train_frame
):
    # Excel's "CSV (Comma delimited)" (Windows-1252) writes '?' for an emoji it cannot hold:
    # before, the corrections were refused as an id naming two different answers, with
    # advice to give every answer its own id, which they had.
    labeled, review = tmp_path / "labeled.csv", tmp_path / "review.csv"
    base = train_frame[train_frame["text"].str.contains("👍")].head(2)
    base.to_csv(labeled, index=False)
    sheet = base[["id", "text", "themes", "stance"]].assign(themes="youth")
    sheet.to_csv(review, index=False, sep=";", encoding="cp1252", errors="replace")
    with pytest.raises(TrainingDataError, match=r"'\?' where .*save it as \"CSV UTF-8\"") as error:
        merge_by_id(read_labeled([labeled, review], Codebook.load()))
    assert "own id" not in str(error.value)
    # A text that differs otherwise still names two answers.
    sheet.assign(text="Une autre réponse ?").to_csv(review, index=False)
    with pytest.raises(TrainingDataError, match="an id names two different answers"):
        merge_by_id(read_labeled([labeled, review], Codebook.load()))
