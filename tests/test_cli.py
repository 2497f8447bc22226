"""The command line: tag, train, evaluate, languages, and their error messages."""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import yaml

from classifier.codebook import Codebook
from classifier.io.tables import read_table
from classifier.vocab import LANGUAGES

from conftest import EXAMPLES

SAMPLE = EXAMPLES / "consultation_sample.csv"


def read(path):
    """A CSV file as text cells, with the tool's formula escape undone (as the tool reads it)."""
    return read_table(path)


def test_tag_sample_export_keeps_rows_and_columns(cli, tmp_path, model):
    output = tmp_path / "tagged.csv"
    code, _, err = cli(
        "tag",
        SAMPLE,
        "-o",
        output,
        "--text-column",
        "q_improve",
        "--language-column",
        "questionnaire_language",
    )
    assert code == 0, err
    source, tagged = read(SAMPLE), read(output)
    assert len(tagged) == len(source)
    assert tagged[list(source.columns)].equals(source)
    expected = {"language", "themes", "stance"} | {f"score_{t}" for t in model.classes_}
    assert expected <= set(tagged.columns) - set(source.columns)
    assert "text column(s): q_improve" in err and "tagged 150 rows" in err


def test_tag_writes_xlsx_and_jsonl_by_extension(cli, tmp_path):
    small = tmp_path / "small.csv"
    read(SAMPLE).head(5).to_csv(small, index=False)
    for name in ("out.xlsx", "out.jsonl"):
        code, _, err = cli("tag", small, "-o", tmp_path / name, "--text-column", "q_strengths")
        assert code == 0, err
    assert len(pd.read_excel(tmp_path / "out.xlsx")) == 5
    assert len(pd.read_json(tmp_path / "out.jsonl", lines=True)) == 5


@pytest.mark.parametrize(
    ("make_args", "message"),
    [
        (
            lambda d: ["tag", SAMPLE, "-o", d / "o.csv", "--text-column", "answer"],
            "text column 'answer' not found; columns found: respondent_id, submitted_at",
        ),
        (lambda d: ["tag", d / "missing.csv", "-o", d / "o.csv"], "missing.csv does not exist"),
        (lambda d: ["tag", SAMPLE, "-o", SAMPLE], "is an input file"),
        (lambda d: ["tag", SAMPLE, "-o", d / "nowhere" / "o.csv"], "does not exist"),
        (lambda d: ["tag", SAMPLE, "-o", d / "o.pdf"], "unsupported extension '.pdf'"),
        (
            lambda d: ["tag", SAMPLE, "-o", d / "o.csv", "--model", d / "none.npz"],
            "no model file at",
        ),
    ],
)
def test_tag_errors_are_one_sentence_without_traceback(cli, tmp_path, make_args, message):
    code, out, err = cli(*make_args(tmp_path))
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert err.splitlines()[-1].startswith("classifier: error: ")
    assert err.count("classifier: error") == 1


@pytest.fixture(scope="module")
def trained(train_frame, test_quarter_csv, tmp_path_factory):
    """`classifier train` run once on every 40th training answer, five asks of which a
    review sheet turned into praise (keeping their need column), scored on
    test_quarter_csv: (training rows, model path, exit status, stderr, stdout). One
    training with a need head, shared by the tests of what the command writes; they only
    read it."""
    from classifier.cli import main

    folder = tmp_path_factory.mktemp("trained")
    data = train_frame.sort_values("id").iloc[::40].copy()
    asks = data.index[data["need"] != ""]
    data.loc[asks[:5], "stance"] = "praise"
    data.to_csv(folder / "train.csv", index=False)
    model, err, out = folder / "m.npz", io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = main(
            ["train", str(folder / "train.csv"), "-o", str(model), "--test", str(test_quarter_csv)]
        )
    return data, model, code, err.getvalue(), out.getvalue()


def test_a_need_label_on_an_answer_that_asks_nothing_trains_no_need(trained):
    """A review sheet that turns a request into praise keeps the answer's need column."""
    data, model, code, err, _ = trained
    assert code == 0, err
    assert "5 answer(s) have a need label but a stance that asks nothing" in err
    card = json.loads(model.with_suffix(".card.json").read_text(encoding="utf-8"))
    catalogue = set(Codebook.load().catalogue.need_ids)
    still_asks = data.loc[data["stance"].isin(["request", "criticism"]), "need"]
    labeled = still_asks.str.split(";").str[0].isin(catalogue).sum()
    assert card["training"]["need_head"]["labeled_asks"] == labeled
    assert any("asks nothing" in w for w in card["training"]["warnings"])


def test_train_tells_each_stage_on_stderr_with_the_time_elapsed(trained, test_quarter_csv):
    """A full training takes many minutes: staff see which stage it is in, on stderr."""
    data, model, code, err, out = trained
    assert code == 0, err
    stages = [line for line in err.splitlines() if line.startswith("[")]
    assert all(re.match(r"\[(\d+ min )?\d+ s\] ", line) for line in stages), stages
    said = [line.split("] ", 1)[1] for line in stages]
    folds = [f"choosing the theme thresholds: cross-validation fold {k} of 5" for k in range(1, 6)]
    assert said[0].startswith("reading and checking ") and said[0].endswith(str(test_quarter_csv))
    assert said[1:5] == [
        f"checking {len(data)} answers, their labels and languages",
        f"normalising {len(data)} answers (cleaning, lemmas in their language)",
        f"embedding {len(data)} answers: word and character n-grams, sentence meaning",
        f"fitting the {len(Codebook.load().theme_ids)} theme models",
    ]
    assert said[5:10] == folds
    assert said[10].startswith("fitting the stance model on ")
    assert said[11].startswith("fitting the need head on ")
    assert said[12].startswith(f"evaluating on the test file {test_quarter_csv} (")
    assert said[13:] == [f"saving {model} and its card"]
    # stdout holds the test figures only, as before: scripts read them.
    assert out.startswith("answers: ") and "micro-F1: " in out
    assert not any(line.startswith("[") for line in out.splitlines())


def test_binary_file_with_csv_extension_is_refused(cli, tmp_path):
    fake = tmp_path / "fake.csv"
    fake.write_bytes(b"PK\x03\x04\x00\x00garbage\x00\x00")
    code, _, err = cli("tag", fake, "-o", tmp_path / "o.csv")
    assert code == 2 and "not a text CSV file" in err


def test_train_then_evaluate_json(cli, trained, test_quarter_csv):
    trained_on, model, code, err, _ = trained
    test = test_quarter_csv
    assert code == 0, err
    assert model.exists() and model.with_suffix(".card.json").exists()
    card = json.loads(model.with_suffix(".card.json").read_text(encoding="utf-8"))
    assert card["test"]["micro_f1"] > 0 and "per_language" in card["test"]
    assert card["training"]["need_head"]["text_model"]["weight"] > 0
    # The need head, saved and loaded, matches the asks it learned from.
    from classifier import ThemeClassifier

    loaded = ThemeClassifier.load(model)
    asked = trained_on["stance"].isin(["request", "criticism"])
    asks = trained_on[asked & trained_on["need"].isin(loaded.need_classes_)].iloc[:200]
    scores = loaded.analyze(asks["text"].tolist(), asks["language"].tolist()).need_probabilities
    assert np.allclose(scores.sum(axis=1), 1.0)
    best = [loaded.need_classes_[j] for j in scores.argmax(axis=1)]
    assert np.mean(np.array(best) == asks["need"].to_numpy()) > 0.8
    code, out, err = cli("evaluate", test, "--model", model, "--json")
    assert code == 0, err
    metrics = json.loads(out)
    assert {"micro_f1", "macro_f1", "per_theme", "per_language", "stance_accuracy"} <= set(metrics)
    assert set(metrics["per_language"]) == {"fr", "en", "es"}
    assert metrics["micro_f1"] == card["test"]["micro_f1"]


def test_evaluate_prints_readable_report(cli, small_model, test_quarter_csv):
    _, path = small_model
    code, out, _ = cli("evaluate", test_quarter_csv, "--model", path)
    assert code == 0
    assert "micro-F1" in out and "stance accuracy" in out and "language_access" in out


def test_evaluate_groups_languages_by_code_whatever_their_spelling(
    cli, small_model, test_frame, tmp_path
):
    _, path = small_model
    rows = test_frame.sort_values("id").iloc[::20].copy()
    names = {"fr": "Français", "en": "EN", "es": "español"}
    rows["language"] = rows["language"].map(names)
    rows.to_csv(tmp_path / "named.csv", index=False)
    code, out, err = cli("evaluate", tmp_path / "named.csv", "--model", path, "--json")
    assert code == 0, err
    assert set(json.loads(out)["per_language"]) == {"fr", "en", "es"}


def test_unknown_ids_are_named_with_their_rows(cli, tmp_path):
    data = tmp_path / "bad.csv"
    pd.DataFrame(
        {
            "text": ["a", "b", "c"],
            "themes": ["youth", "yoth", "youth;money"],
            "stance": ["praise", "", "glad"],
        }
    ).to_csv(data, index=False)
    code, _, err = cli("train", data, "-o", tmp_path / "m.npz")
    assert code == 2  # rows as a spreadsheet numbers them: the header is row 1
    assert "theme 'yoth' in bad.csv:3" in err
    assert "theme 'money' in bad.csv:4" in err
    assert "stance 'glad' in bad.csv:4" in err


def test_evaluate_scores_only_what_the_file_measures(cli, tmp_path):
    # One answer of one theme: the 14 themes it has no answer for were not measured.
    one = tmp_path / "one.csv"
    pd.DataFrame(
        {"text": ["More grants for small groups please"], "themes": ["fundraising"]}
    ).to_csv(one, index=False)
    code, out, err = cli("evaluate", one, "--json")
    assert code == 0, err
    scores = json.loads(out)
    assert scores["micro_f1"] == scores["macro_f1"] == 1.0
    # Answers with no theme that get none are all right.
    empty = tmp_path / "empty.csv"
    pd.DataFrame({"text": ["n/a", "rien", "todo bien"], "themes": ["", "", ""]}).to_csv(
        empty, index=False
    )
    code, out, err = cli("evaluate", empty, "--json")
    assert code == 0 and json.loads(out)["micro_f1"] == 1.0, err


def test_evaluate_counts_an_id_once_and_refuses_one_id_for_two_answers(cli, tmp_path):
    # Within one file an id names one answer, as `train` reads it: an export pasted twice
    # counted each answer twice, and an id relabelled on an appended row scored both.
    rows = {"id": ["a1", "a2"], "text": ["More grants for small groups please", "n/a"]}
    twice = tmp_path / "twice.csv"
    pd.DataFrame(rows | {"themes": ["fundraising", ""]}).pipe(
        lambda frame: pd.concat([frame, frame])
    ).to_csv(twice, index=False)
    code, out, err = cli("evaluate", twice, "--json")
    assert code == 0, err
    assert json.loads(out)["answers"] == 2
    relabelled = tmp_path / "relabelled.csv"
    pd.DataFrame(
        {"id": ["a1", "a1"], "text": rows["text"][:1] * 2, "themes": ["fundraising", "youth"]}
    ).to_csv(relabelled, index=False)
    code, out, err = cli("evaluate", relabelled, "--json")
    assert code == 2 and out == ""
    assert "id a1 in relabelled.csv:2, relabelled.csv:3" in err and "themes" in err


def test_evaluate_refuses_data_from_another_codebook(cli, tmp_path, small_model):
    _, path = small_model
    data = tmp_path / "other.csv"
    pd.DataFrame({"text": ["hello"], "themes": ["weather"]}).to_csv(data, index=False)
    code, _, err = cli("evaluate", data, "--model", path)
    assert code == 2 and "labels not in codebook 'consultation'" in err and "'weather'" in err
    assert "not their labels" in err and "with ';'" not in err
    pd.DataFrame({"text": ["hello"], "themes": ["advocacy, networking"]}).to_csv(data, index=False)
    code, _, err = cli("evaluate", data, "--model", path)
    assert code == 2 and "separate theme ids with ';'" in err


def test_training_data_without_required_columns(cli, tmp_path):
    data = tmp_path / "t.csv"
    pd.DataFrame({"answer": ["x"]}).to_csv(data, index=False)
    code, _, err = cli("train", data, "-o", tmp_path / "m.npz")
    assert code == 2 and "missing column(s) text, themes; columns found: answer" in err


def test_languages_command_prints_one_line_per_row(cli, tmp_path):
    data = tmp_path / "l.csv"
    pd.DataFrame(
        {
            "text": [
                "Bonjour à toutes les organisations membres",
                "",
                "Gracias por el apoyo constante",
            ]
        }
    ).to_csv(data, index=False)
    code, out, _ = cli("languages", data)
    assert code == 0
    assert out.splitlines() == ["1\tfr", "2\tund", "3\tes"]


def test_custom_codebook_trains_evaluates_and_tags(cli, tmp_path, train_frame):
    """A codebook with unrelated ids and no stances works end to end."""
    mapping = {
        "fundraising": "money",
        "capacity_development": "skills",
        "language_access": "translation",
    }
    codebook = {
        "name": "mini",
        "version": 1,
        "themes": [
            {"id": new, "label": {"en": new, "fr": new, "es": new}, "description": old}
            for old, new in mapping.items()
        ],
    }
    (tmp_path / "mini.yaml").write_text(yaml.safe_dump(codebook), encoding="utf-8")
    frame = train_frame.sort_values("id").iloc[::2].copy()
    frame["themes"] = [
        ";".join(mapping[t] for t in v.split(";") if t in mapping) for v in frame["themes"]
    ]
    frame = frame.drop(columns=["stance"])
    frame.iloc[:300].to_csv(tmp_path / "train.csv", index=False)
    frame.iloc[300:900].to_csv(tmp_path / "test.csv", index=False)
    model = tmp_path / "mini.npz"
    code, _, err = cli(
        "train", tmp_path / "train.csv", "-o", model, "--codebook", tmp_path / "mini.yaml"
    )
    assert code == 0, err
    code, out, err = cli("evaluate", tmp_path / "test.csv", "--model", model, "--json")
    assert code == 0, err
    metrics = json.loads(out)
    assert set(metrics["per_theme"]) == {"money", "skills", "translation"}
    assert metrics["stance_accuracy"] is None
    code, _, err = cli(
        "tag", tmp_path / "test.csv", "-o", tmp_path / "tagged.csv", "--model", model
    )
    assert code == 0, err
    tagged = read(tmp_path / "tagged.csv")
    # The labeled file already has 'language' and 'themes': new columns get the text prefix.
    assert tagged["themes"].equals(read(tmp_path / "test.csv")["themes"])
    assert {"text_score_money", "text_score_skills", "text_score_translation"} <= set(
        tagged.columns
    )
    assert (tagged["text_stance"] == "").all()


def test_the_command_in_its_own_process_writes_every_row_and_reports_errors(tmp_path):
    """`python -m classifier.cli` (the `classifier` command's own exit path): a file in
    three languages is tagged whole, and a wrong column ends with status 2 and a sentence."""
    source = tmp_path / "ten.csv"
    sample = read(SAMPLE)
    ten = pd.concat(
        [sample[sample["questionnaire_language"] == lang].head(4) for lang in LANGUAGES]
    )
    ten.to_csv(source, index=False)
    output = tmp_path / "tagged.csv"
    command = [sys.executable, "-m", "classifier.cli", "tag", str(source), "-o", str(output)]
    result = subprocess.run(
        [*command, "--text-column", "q_improve"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    tagged = read(output)
    assert tagged["respondent_id"].tolist() == ten["respondent_id"].tolist()
    assert set(tagged["language"]) == set(LANGUAGES) and (tagged["themes"] != "").any()
    wrong = subprocess.run(
        [*command, "--text-column", "q_nothing"], capture_output=True, text=True, check=False
    )
    assert wrong.returncode == 2
    assert "q_nothing" in wrong.stderr and "Traceback" not in wrong.stderr


@pytest.mark.parametrize("command", ["tag", "train", "evaluate", "languages"])
def test_help_of_each_command(command):
    result = subprocess.run(
        [sys.executable, "-m", "classifier.cli", command, "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "usage: classifier " + command in result.stdout
