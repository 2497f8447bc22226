"""Hostile codebooks, catalogues, model files and cards: files staff edit or copy by hand,
refused with one sentence naming the file and the entry, never an internal error and never
loaded silently wrong."""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import joblib
import pandas as pd
import pytest

from classifier import Codebook, ThemeClassifier
from classifier.errors import CodebookError, DataWarning, ModelFileError
from classifier.model import persistence

from conftest import ROOT

CODEBOOKS = ROOT / "classifier" / "codebooks"
CODEBOOK = CODEBOOKS / "consultation.yaml"
CATALOGUE = CODEBOOKS / "consultation.needs.yaml"


def codebook_folder(tmp_path: Path, catalogue_text: str | None = None) -> Path:
    """A copy of the shipped codebook and its catalogue in `tmp_path` (the catalogue's text
    replaced when given); returns the codebook's path."""
    shutil.copy(CODEBOOK, tmp_path / CODEBOOK.name)
    text = CATALOGUE.read_text(encoding="utf-8") if catalogue_text is None else catalogue_text
    (tmp_path / CATALOGUE.name).write_text(text, encoding="utf-8")
    return tmp_path / CODEBOOK.name


def train_with(cli, codebook: Path) -> tuple[int, str, str]:
    """`classifier train` with `codebook` (read before the data: a refused codebook costs no
    training)."""
    labeled = ROOT / "data" / "labeled" / "test.csv"
    return cli("train", labeled, "--codebook", codebook, "-o", codebook.parent / "m.npz")


# ------------------------------------------------------------ files not saved as UTF-8
@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_a_codebook_not_saved_as_utf8_is_named(cli, tmp_path, encoding):
    path = codebook_folder(tmp_path)
    path.write_bytes(CODEBOOK.read_text(encoding="utf-8").encode(encoding))
    code, _, err = train_with(cli, path)
    assert code == 2 and "internal error" not in err
    assert f"codebook {path} is not saved as UTF-8" in err and "save it again" in err


def test_a_catalogue_saved_as_windows_1252_is_named_with_the_line(cli, tmp_path):
    path = codebook_folder(tmp_path)
    text = CATALOGUE.read_text(encoding="utf-8")
    (tmp_path / CATALOGUE.name).write_bytes(text.encode("cp1252"))
    line = next(n for n, row in enumerate(text.splitlines(), 1) if not row.isascii())
    code, _, err = train_with(cli, path)
    assert code == 2
    assert f"needs catalogue {tmp_path / CATALOGUE.name} is not saved as UTF-8" in err
    assert f"on line {line} " in err


def test_a_codebook_with_a_utf8_bom_still_loads(tmp_path):
    path = codebook_folder(tmp_path)
    path.write_bytes(b"\xef\xbb\xbf" + CODEBOOK.read_bytes())
    assert Codebook.load(path).theme_ids == Codebook.load().theme_ids
    (tmp_path / "other.yaml").write_bytes("name: é".encode("latin-1"))
    with pytest.raises(CodebookError, match="not saved as UTF-8"):
        Codebook.load(tmp_path / "other.yaml")


# ------------------------------------------------------------- a key given twice
APPENDED_THEME = (
    "themes:\n  - id: climate_justice\n"
    "    label: {en: Climate justice, fr: Justice climatique, es: Justicia climática}\n"
)


def test_a_second_themes_block_is_refused_not_left_to_replace_the_first(cli, tmp_path):
    path = codebook_folder(tmp_path)
    text = CODEBOOK.read_text(encoding="utf-8")
    path.write_text(text + APPENDED_THEME, encoding="utf-8")
    first = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("themes:"))
    code, _, err = train_with(cli, path)
    assert code == 2 and "internal error" not in err
    assert (
        f"codebook {path} gives the key 'themes' twice in one place "
        f"(on lines {first} and {len(text.splitlines()) + 1})"
    ) in err
    assert "keep only the last one" in err and "names themes that are not in" not in err


def test_a_key_given_twice_in_a_catalogue_need_is_named(tmp_path):
    text = CATALOGUE.read_text(encoding="utf-8")
    rows = text.splitlines(keepends=True)
    needs = rows.index("needs:\n")
    line = next(n for n, row in enumerate(rows, 1) if n > needs and row.startswith("  scope:"))
    rows.insert(line, "  scope: a second scope\n")
    path = codebook_folder(tmp_path, "".join(rows))
    with pytest.raises(CodebookError) as refused:
        Codebook.load(path)
    assert str(refused.value).startswith(f"needs catalogue {tmp_path / CATALOGUE.name} gives")
    assert f"the key 'scope' twice in one place (on lines {line} and {line + 1})" in str(
        refused.value
    )


def test_anchors_and_merge_keys_still_work(tmp_path):
    path = tmp_path / "codebook.yaml"
    path.write_text(
        "name: x\nversion: 1\nshared: &shared {en: Food, fr: Nourriture, es: Comida}\n"
        "themes:\n"
        "  - id: food\n    label:\n      <<: *shared\n      en: Food and drink\n"
        "  - id: water\n    label: *shared\n",
        encoding="utf-8",
    )
    codebook = Codebook.load(path)
    assert (
        codebook.label("food") == "Food and drink" and codebook.label("food", "fr") == "Nourriture"
    )
    assert codebook.label("water") == "Food"


# --------------------------------------------------- catalogue entries of the wrong shape
def catalogue_with(after_line: str, entry: str) -> str:
    """The shipped catalogue's text with `entry` (YAML lines) first under `after_line`."""
    text = CATALOGUE.read_text(encoding="utf-8")
    assert f"\n{after_line}\n" in text
    return text.replace(f"\n{after_line}\n", f"\n{after_line}\n{entry}", 1)


def test_a_need_written_as_a_bare_id_is_named_with_its_position(cli, tmp_path):
    path = codebook_folder(tmp_path, catalogue_with("needs:", "- queer_safe_spaces\n"))
    code, _, err = train_with(cli, path)
    assert code == 2 and "internal error" not in err
    assert (
        f"{tmp_path / CATALOGUE.name}: needs entry #1 is 'queer_safe_spaces', not a mapping: "
        "a need is a mapping with id, themes, subtopic, label (en, fr, es) and scope"
    ) in err


def test_a_need_without_an_id_is_named_with_its_position(tmp_path):
    entry = "- themes: [youth]\n  label: {en: Youth, fr: Jeunes, es: Jóvenes}\n"
    path = codebook_folder(tmp_path, catalogue_with("needs:", entry))
    with pytest.raises(CodebookError, match=r"needs entry #1 has no id: a need is a mapping"):
        Codebook.load(path)


@pytest.mark.parametrize(
    ("entry", "shown"),
    [
        ("- accessible_events\n", "'accessible_events'"),
        ("- [accessible_events]\n", "['accessible_events']"),
    ],
)
def test_a_reviewed_pair_that_is_not_a_pair_is_named(cli, tmp_path, entry, shown):
    path = codebook_folder(tmp_path, catalogue_with("reviewed_distinct:", entry))
    code, _, err = train_with(cli, path)
    assert code == 2 and "internal error" not in err
    assert f"reviewed_distinct entry #1 is {shown}, not a pair of need ids" in err
    assert "two need ids, then why they were kept apart" in err
    assert "unknown need(s)" not in err and "list index out of range" not in err


def test_a_reviewed_pair_without_a_reason_still_loads(tmp_path):
    entry = "- [accessible_events, event_travel_bursaries]\n"
    path = codebook_folder(tmp_path, catalogue_with("reviewed_distinct:", entry))
    catalogue = Codebook.load(path).catalogue
    assert catalogue.reviewed_distinct[0] == ("accessible_events", "event_travel_bursaries", "")


# ------------------------------------------------- texts that YAML reads as other values
def first_need_with(field: str, value: str) -> str:
    """The shipped catalogue's text with the first need's `field` (`    en`, `  scope`) set
    to `value`, written as staff would, unquoted (the old value's continuation lines go)."""
    rows = CATALOGUE.read_text(encoding="utf-8").splitlines(keepends=True)
    needs = rows.index("needs:\n")
    line = next(n for n in range(needs, len(rows)) if rows[n].startswith(f"{field}:"))
    continued = " " * (len(field) - len(field.lstrip()) + 2)
    end = next(n for n in range(line + 1, len(rows)) if not rows[n].startswith(continued))
    rows[line:end] = [f"{field}: {value}\n"]
    return "".join(rows)


def test_need_labels_that_yaml_reads_as_a_yes_or_a_number_are_refused(tmp_path):
    text = first_need_with("    en", "yes")
    path = codebook_folder(tmp_path, text.replace("    fr: Budget, dépenses", "    fr: 1.10 #", 1))
    with pytest.raises(CodebookError) as refused:
        Codebook.load(path)
    assert str(refused.value) == (
        f"{tmp_path / CATALOGUE.name}: need 'budget_transparency': the en label is not "
        "a text (YAML reads it as True: put it in quotes); the fr label is not a text (YAML "
        "reads it as 1.1: put it in quotes)"
    )


def test_a_need_scope_that_yaml_reads_as_a_number_is_refused(tmp_path):
    path = codebook_folder(tmp_path, first_need_with("  scope", "2026"))
    with pytest.raises(CodebookError, match=r"need 'budget_transparency': the scope is "):
        Codebook.load(path)


def test_a_quoted_yes_is_a_label(tmp_path):
    path = codebook_folder(tmp_path, first_need_with("    en", '"yes"'))
    assert Codebook.load(path).catalogue.label("budget_transparency") == "yes"


def test_a_theme_label_read_as_a_yes_says_to_quote_it(tmp_path):
    text = CODEBOOK.read_text(encoding="utf-8").replace("{en: Youth engagement,", "{en: yes,")
    path = codebook_folder(tmp_path)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError, match=r"theme 'youth': the en label is not a text \(YAML"):
        Codebook.load(path)


# ------------------------------------------------------- model cards edited by hand
@pytest.fixture
def registry_with_edited_cards(tmp_path):
    """A registry whose default is the shipped model, with two versions of it whose cards
    were edited by hand: v001's micro-F1 retyped as text, v002's test figures replaced by a
    note."""
    shipped = ROOT / "models" / "default"
    registry = tmp_path / "models"
    card = json.loads((shipped / "model.card.json").read_text(encoding="utf-8"))
    edits = {
        "default": card,
        "consultation/v001": {**card, "test": {**card["test"], "micro_f1": "0.78"}},
        "consultation/v002": {**card, "test": "see the spreadsheet"},
    }
    for folder, content in edits.items():
        (registry / folder).mkdir(parents=True)
        shutil.copy(shipped / "model.npz", registry / folder / "model.npz")
        (registry / folder / "model.card.json").write_text(json.dumps(content), encoding="utf-8")
    return registry


def test_models_lists_versions_whose_figures_were_retyped_without_them(
    cli, registry_with_edited_cards
):
    registry = registry_with_edited_cards
    code, out, err = cli("models", "--registry", registry)
    assert code == 0 and "internal error" not in err
    assert (
        f"{registry / 'consultation' / 'v001' / 'model.card.json'} is not a readable model card "
        "(test.micro_f1 is '0.78', not a number); listed without its figures"
    ) in err
    assert (
        f"{registry / 'consultation' / 'v002' / 'model.card.json'} is not a readable model card "
        "(test is 'see the spreadsheet', not a mapping); listed without its figures"
    ) in err
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[1:3]}
    assert rows == {"consultation/v001": ["-"] * 4, "consultation/v002": ["-"] * 4}


@pytest.mark.parametrize(
    ("version", "problem"),
    [("v001", "test.micro_f1 is '0.78', not a number"), ("v002", "test is 'see the spreadsheet'")],
)
def test_promote_refuses_a_version_whose_figures_were_retyped(
    cli, registry_with_edited_cards, version, problem
):
    registry = registry_with_edited_cards
    before = (registry / "default" / "model.card.json").read_bytes()
    for force in ((), ("--force",)):  # the card holds the model's hash: no figures, no promotion
        code, _, err = cli("promote", version, "--registry", registry, *force)
        assert code == 2 and "internal error" not in err
        card = registry / "consultation" / version / "model.card.json"
        assert f"error: {card} is not a readable model card ({problem}" in err
    assert (registry / "default" / "model.card.json").read_bytes() == before


# ------------------------------------------------- files saved as model.npz that are not models
@pytest.mark.parametrize(
    ("content", "described"),
    [
        (
            b"<html><body>Sign in to OneDrive</body></html>\n",  # a download that failed
            "its 46 bytes start like an HTML page: '<html><body>Sign in to OneDrive</body></'",
        ),
        (b"", "it is empty: 0 bytes"),
        ("id,text\n1,Plus de formations à Dakar\n".encode(), "start like a text file: 'id,text'"),
        (bytes(range(256)) * 4, "its 1,024 bytes start with 00 01 02 03 04 05 06 07"),
    ],
)
def test_a_file_that_is_no_model_is_named_and_never_offered_to_be_trusted(
    cli, tmp_path, content, described
):
    path = tmp_path / "model.npz"
    path.write_bytes(content)
    for trust in ((), ("--trust-model",)):
        code, _, err = cli("explain", "Plus de formations", "--model", path, *trust)
        assert code == 2 and "internal error" not in err
        assert f"{path} is not a model file: neither a classifier model (.npz) nor a " in err
        assert described in err and "--trust-model" not in err and "joblib/pickle file" not in err


@pytest.mark.parametrize("compress", [0, 3, ("gzip", 3), ("bz2", 3), ("xz", 3), ("lzma", 3)])
def test_joblib_files_are_still_recognised_as_pickles(tmp_path, compress):
    path = tmp_path / "model.joblib"
    joblib.dump({"not": "a model"}, path, compress=compress)
    with pytest.raises(ModelFileError, match="it is a joblib/pickle file, which can run code"):
        persistence.load(path)


# ------------------------------------------------------------- a codebook of many themes
def test_tagging_with_a_codebook_of_many_themes_warns_nothing(train_frame):
    theme_ids = [f"theme_{number:03d}" for number in range(120)]
    codebook = Codebook.from_dict(
        {
            "name": "many",
            "version": 1,
            "themes": [{"id": t, "label": {"en": t, "fr": t, "es": t}} for t in theme_ids],
        }
    )
    rows = train_frame.sort_values("id").iloc[: len(theme_ids)]
    themes = [theme_ids[number % len(theme_ids)] for number in range(len(rows))]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)  # one answer a theme: thin, as meant
        model = ThemeClassifier(codebook=codebook, cv_folds=2).fit(
            rows["text"].tolist(), themes, languages=rows["language"].tolist()
        )
    answers = pd.DataFrame({"answer": rows["text"].iloc[:5].tolist()})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pandas' PerformanceWarning: highly fragmented
        tagged = model.tag(answers)
    scores = [f"score_{t}" for t in theme_ids]
    assert list(tagged.columns[-len(scores) :]) == scores and tagged["answer"].equals(
        answers["answer"]
    )
