"""Hostile inputs found by hunt 10 (hand-edited model cards and registries, the needs sheet
filtered, answers of invisible characters, odd CSV first lines and joined exports, the
report's Python API): each test failed before its fix."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from classifier import ThemeClassifier

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "models" / "default"
SAMPLE = ROOT / "data" / "examples" / "consultation_sample.csv"


@pytest.fixture(scope="module")
def tagged_sample(model) -> pd.DataFrame:
    """The bundled sample export tagged for q_improve by the shipped model, as `tag` does."""
    sample = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    return model.tag(sample, text_column="q_improve")


def shipped_copy(folder: Path, card: str | None = None) -> Path:
    """The shipped model in `folder` (a link to its file) with its card, or `card` as the
    card's text; returns the model file's path."""
    folder.mkdir(parents=True)
    (folder / "model.npz").symlink_to(SHIPPED / "model.npz")
    text = (SHIPPED / "model.card.json").read_text(encoding="utf-8") if card is None else card
    (folder / "model.card.json").write_text(text, encoding="utf-8")
    return folder / "model.npz"


# ------------------------------------------------------------- model cards and registries
def test_a_model_card_saved_with_a_byte_order_mark_still_loads(tmp_path):
    # Staff who add a note to a card in Windows Notepad (or PowerShell) save it with a UTF-8
    # BOM. Before, the card was "not a readable model card (Unexpected UTF-8 BOM ...)": the
    # model no longer loaded and `promote` refused it, for one invisible character.
    path = shipped_copy(tmp_path / "shared")
    card = path.with_suffix(".card.json")
    card.write_text(card.read_text(encoding="utf-8"), encoding="utf-8-sig")
    assert card.read_bytes().startswith(b"\xef\xbb\xbf")
    model = ThemeClassifier.load(path)
    assert model.card_.model_sha256 == json.loads(card.read_text("utf-8-sig"))["model_sha256"]
    assert model.predict(["Plus de formations en ligne svp"])[0].themes
