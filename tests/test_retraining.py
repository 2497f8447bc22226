"""The retraining loop: review sheet, corrections by id, new themes, versions, explain."""

from __future__ import annotations

import hashlib
import json
import shutil
import warnings

import pandas as pd
import pytest
import yaml

from classifier import Codebook, ThemeClassifier
from classifier.codebook import codebook_path
from classifier.errors import (
    CommandError,
    DataWarning,
    LabelError,
    RegistryError,
    TrainingDataError,
)
from classifier.io.labeled import merge_by_id, read_labeled
from classifier.model.card import ModelCard
from classifier.model.persistence import default_model_path
from classifier.model.registry import promote, versions
from classifier.text.language import word_count

from conftest import EXAMPLES, ROOT

NEW_THEME = ROOT / "tests" / "data" / "new_theme_climate.csv"


@pytest.fixture(scope="module")
def tagged_sample(model, test_frame):
    sample = test_frame.sort_values("id").head(240)
    return model.tag(sample, text_column="text", language_column="language")


def test_review_puts_first_the_asks_no_theme_fits(cli, tmp_path, improve_tagged):
    # A request no theme of the codebook fits ("Please run it again online so more of our
    # field staff can join.") has every score far under its threshold: before, it read as
    # "confident" and came last, when a new topic is what a reviewer most needs to see.
    source = tmp_path / "tagged.csv"
    improve_tagged.to_csv(source, index=False)
    output = tmp_path / "review.csv"
    code, _, err = cli("review", source, "-o", output, "--text-column", "q_improve", "--n", "10")
    assert code == 0, err
    sheet = pd.read_csv(output, dtype=str, keep_default_na=False)
    unthemed_asks = improve_tagged[
        improve_tagged["themes"].eq("")
        & improve_tagged["stance"].isin(["request", "criticism"])
        & improve_tagged["q_improve"].map(word_count).ge(3)
    ]["q_improve"]
    assert len(unthemed_asks) >= 1
    first = sheet["why"].str.startswith(("theme given with low confidence", "no theme fits"))
    assert first.tolist() == sorted(first.tolist(), reverse=True)
    flagged = sheet[sheet["why"].str.startswith("no theme fits")]
    assert sorted(flagged["text"]) == sorted(unthemed_asks)
    assert flagged["themes"].eq("").all()


def test_review_sheets_of_two_questions_give_each_answer_its_own_id(cli, tmp_path):
    """A respondent's row holds an answer to each question: the review sheets of a file
    tagged for both questions, with the respondent id as id, name each answer by its id and
    question, so that training on both sheets reads two answers, not one id given to two
    texts (refused); the needs sheet names an answer as the review sheet does."""
    sample = pd.read_csv(EXAMPLES / "consultation_sample.csv", dtype=str, keep_default_na=False)
    code, _, err = cli(
        "tag", EXAMPLES / "consultation_sample.csv", "-o", tmp_path / "tagged.csv",
        "--text-column", "q_strengths", "--text-column", "q_improve",
    )  # fmt: skip
    assert code == 0, err
    sheets = {}
    for question in ("q_strengths", "q_improve"):
        sheets[question] = tmp_path / f"{question}.csv"
        code, _, err = cli(
            "review", tmp_path / "tagged.csv", "-o", sheets[question], "--n", "200",
            "--text-column", question, "--id-column", "respondent_id",
        )  # fmt: skip
        assert code == 0, err
    strengths, improve = (pd.read_csv(sheets[q], dtype=str) for q in sheets)
    respondents = set(sample["respondent_id"])
    assert {id_[: -len("-q1")] for id_ in strengths["id"] if id_.endswith("-q1")} <= respondents
    assert {id_[: -len("-q2")] for id_ in improve["id"] if id_.endswith("-q2")} <= respondents
    assert all(id_.endswith("-q1") for id_ in strengths["id"])
    assert all(id_.endswith("-q2") for id_ in improve["id"])
    merged, _ = merge_by_id(read_labeled(list(sheets.values()), Codebook.load()))
    assert len(merged) == len(strengths) + len(improve)
    code, _, err = cli(
        "review", tmp_path / "tagged.csv", "--needs", "-o", tmp_path / "needs.xlsx",
        "--text-column", "q_improve", "--id-column", "respondent_id",
    )  # fmt: skip
    assert code == 0, err
    listed = pd.read_excel(tmp_path / "needs.xlsx", sheet_name="answers", dtype=str)
    assert len(listed) and set(listed["id"]) <= {f"{r}-q2" for r in respondents}


def test_review_picks_uncertain_answers_spread_over_languages(cli, tmp_path, tagged_sample):
    source = tmp_path / "tagged.csv"
    tagged_sample.to_csv(source, index=False)
    code, _, err = cli(
        "review",
        source,
        "-o",
        tmp_path / "review.xlsx",
        "--n",
        "30",
        "--text-column",
        "text",
        "--id-column",
        "id",
        "--respondent-column",
        "respondent",
    )
    assert code == 0, err
    sheet = pd.read_excel(
        tmp_path / "review.xlsx", sheet_name="review", dtype=str, keep_default_na=False
    )
    assert len(sheet) == 30
    assert list(sheet.columns) == [
        "id",
        "respondent",
        "language",
        "text",
        "themes",
        "stance",
        "uncertainty",
        "why",
        "comment",
    ]
    assert set(sheet["language"]) == {"fr", "en", "es"}
    assert set(sheet["id"]) <= set(tagged_sample["id"])
    codebook = pd.read_excel(tmp_path / "review.xlsx", sheet_name="codebook")
    assert "language_access" in set(codebook["id"])
    # the queue starts with the answers given a theme with low confidence and the asks given
    # none, then the most uncertain of the others (each group's most uncertain comes first)
    low = sheet["why"].str.startswith(("theme given with low confidence", "no theme fits"))
    assert low.tolist() == sorted(low.tolist(), reverse=True)
    flagged = tagged_sample["text_low_confidence"].eq("yes")  # "language" is an input column
    unthemed_asks = (
        tagged_sample["text_themes"].eq("")
        & tagged_sample["text_stance"].isin(["request", "criticism"])
        & tagged_sample["text"].map(word_count).ge(3)
    )
    assert low.sum() == min((flagged | unthemed_asks).sum(), 30)
    assert not sheet["why"].str.contains("low confidence; confident").any()  # never both
    rest = sheet[~low]["uncertainty"].astype(float)
    assert rest.iloc[0] == rest.max()
    code, _, _ = cli(
        "review",
        source,
        "-o",
        tmp_path / "again.csv",
        "--n",
        "30",
        "--text-column",
        "text",
        "--id-column",
        "id",
        "--respondent-column",
        "respondent",
    )
    again = pd.read_csv(tmp_path / "again.csv", dtype=str, keep_default_na=False)
    assert again["id"].tolist() == sheet["id"].tolist()  # deterministic, CSV works too


def test_a_row_added_by_hand_after_tagging_leads_the_review_queue(cli, tmp_path, tagged_sample):
    added = pd.DataFrame([{"id": "new-1", "text": "Faltan becas para jóvenes en Bolivia"}])
    source = tmp_path / "tagged.csv"
    pd.concat([tagged_sample, added], ignore_index=True).to_csv(source, index=False)
    output = tmp_path / "review.csv"
    code, _, err = cli(
        "review", source, "-o", output, "--n", "10", "--text-column", "text", "--id-column", "id"
    )  # fmt: skip
    assert code == 0, err
    sheet = pd.read_csv(output, dtype=str, keep_default_na=False)
    assert sheet.loc[0, "id"] == "new-1" and sheet.loc[0, "uncertainty"] == "1.0"
    assert sheet.loc[0, "why"].startswith("not tagged")
    assert "no language: 1" in err and "(: " not in err


def test_corrections_are_matched_by_id_and_the_latest_wins(tmp_path, train_frame):
    labeled = tmp_path / "labeled.csv"
    review = tmp_path / "review.csv"
    base = train_frame.sort_values("id").head(20)
    base.to_csv(labeled, index=False)
    corrected = base.head(3).copy()
    corrected["themes"] = ["accountability", "youth;networking", ""]
    corrected["stance"] = ["criticism", "request", "neutral"]
    corrected.assign(comment="fixed by staff").to_csv(review, index=False)
    data, conflicts = merge_by_id(read_labeled([labeled, review], Codebook.load()))
    assert len(data) == 20
    merged = data.set_index("id")
    for _, row in corrected.iterrows():
        assert merged.loc[row["id"], "themes"] == row["themes"]
        assert merged.loc[row["id"], "source"].startswith("review.csv:")
    original = base.head(3)
    changed = sum(
        (a, b) != (c, d)
        for a, b, c, d in zip(
            original["themes"],
            original["stance"],
            corrected["themes"],
            corrected["stance"],
            strict=True,
        )
    )
    assert changed >= 2 and len(conflicts) == changed
    assert all("labeled.csv:" in c and "review.csv:" in c for c in conflicts)


def test_ids_a_spreadsheet_turned_into_numbers_still_correct_their_answer(tmp_path, train_frame):
    labeled, review = tmp_path / "labeled.csv", tmp_path / "review.csv"
    base = train_frame.sort_values("id").head(12).copy()
    base["id"] = [f"{n:04d}" for n in range(1, 13)]  # 0001 ... 0012
    base.to_csv(labeled, index=False)
    # The review sheet opened and saved by Excel: 0007 -> 7, 0012 -> 12; themes corrected.
    saved = base.iloc[[6, 11]].assign(id=["7", "12"], themes=["youth", "youth"])
    saved.to_csv(review, index=False, sep=";", encoding="cp1252", errors="replace")
    with pytest.warns(DataWarning, match=r"review.csv:2 \(id 7 taken as 0007\)"):
        data, conflicts = merge_by_id(read_labeled([labeled, review], Codebook.load()))
    assert len(data) == 12  # corrected, not trained twice under two ids
    assert data.set_index("id").loc[["0007", "0012"], "themes"].tolist() == ["youth", "youth"]
    assert len(conflicts) == 2
    # Another answer numbered 7 (its text differs) is a new answer, without a word.
    other = base.iloc[[0]].assign(id="7", text="Une autre réponse, sans rapport.")
    other.to_csv(review, index=False)
    data, _ = merge_by_id(read_labeled([labeled, review], Codebook.load()))
    assert len(data) == 13
    # Within one file, 7 and 0007 are two rows as written: matching is across files only.
    both = pd.concat([base, saved.head(1)], ignore_index=True)
    both.to_csv(labeled, index=False)
    data, _ = merge_by_id(read_labeled([labeled], Codebook.load()))
    assert len(data) == 13
    base.to_csv(labeled, index=False)
    # A corrections-only file (no text) cannot be matched by text: the error says why.
    saved[["id", "themes"]].to_csv(review, index=False)
    with pytest.raises(TrainingDataError, match=r"id 7, written 0007 before\?"):
        merge_by_id(read_labeled([labeled, review], Codebook.load()))


def test_a_correction_file_without_need_columns_keeps_the_need_labels(tmp_path, train_frame):
    labeled = tmp_path / "labeled.csv"
    review = tmp_path / "review.csv"
    base = train_frame[train_frame["need"] != ""].sort_values("id").head(12)
    base.to_csv(labeled, index=False)
    # A review sheet has only the training columns id..stance; one stance is corrected.
    sheet = base[["id", "respondent", "language", "text", "themes", "stance"]].copy()
    sheet.iloc[0, sheet.columns.get_loc("stance")] = (
        "praise" if sheet.iloc[0]["stance"] != "praise" else "neutral"
    )
    sheet.to_csv(review, index=False)
    data, conflicts = merge_by_id(read_labeled([labeled, review], Codebook.load()))
    merged = data.set_index("id")
    assert merged.loc[base["id"], "need"].tolist() == base["need"].tolist()
    assert merged.loc[base["id"], "subtopic"].tolist() == base["subtopic"].tolist()
    assert merged.loc[sheet.iloc[0]["id"], "stance"] == sheet.iloc[0]["stance"]
    assert len(conflicts) == 1 and conflicts[0].startswith(f"id {sheet.iloc[0]['id']}: stance")
    assert "labeled.csv:2, corrected by review.csv:2" in conflicts[0]


def test_a_correction_file_may_hold_only_ids_and_the_labels_it_changes(tmp_path, train_frame):
    base = train_frame[train_frame["need"] != ""].sort_values("id").head(8)
    base.to_csv(tmp_path / "labeled.csv", index=False)
    answer = base.iloc[2]
    stance = "praise" if answer["stance"] != "praise" else "neutral"
    pd.DataFrame({"id": [answer["id"]], "stance": [stance]}).to_csv(
        tmp_path / "stances.csv", index=False
    )
    files = [tmp_path / "labeled.csv", tmp_path / "stances.csv"]
    data, conflicts = merge_by_id(read_labeled(files, Codebook.load()))
    merged = data.set_index("id")
    assert len(data) == 8 and merged.loc[answer["id"], "stance"] == stance
    for column in ("text", "themes", "need", "language", "respondent"):
        assert merged.loc[base["id"], column].tolist() == base[column].tolist()
    assert len(conflicts) == 1 and "stances.csv:2" in conflicts[0]
    # Without text, a row can only correct an earlier answer: an unknown id is refused.
    pd.DataFrame({"id": [answer["id"], "no-such-id"], "stance": [stance, "request"]}).to_csv(
        tmp_path / "typo.csv", index=False
    )
    with pytest.raises(TrainingDataError, match=r"typo.csv:3 \(id no-such-id\)"):
        files = [tmp_path / "labeled.csv", tmp_path / "typo.csv"]
        merge_by_id(read_labeled(files, Codebook.load()))
    # The first file holds the answers themselves: text and themes stay required there.
    with pytest.raises(TrainingDataError, match="missing column"):
        read_labeled([tmp_path / "stances.csv"], Codebook.load())
    # A later file with texts holds answers: without themes it is refused, not read as
    # answers with no theme; a header retyped in a spreadsheet (`Themes `) still counts.
    sheet = base[["id", "text", "themes", "stance"]].assign(id=lambda f: "new-" + f["id"])
    sheet.drop(columns="themes").to_csv(tmp_path / "no_themes.csv", index=False)
    with pytest.raises(TrainingDataError, match="no_themes.csv: missing column"):
        read_labeled([tmp_path / "labeled.csv", tmp_path / "no_themes.csv"], Codebook.load())
    sheet.rename(columns={"themes": "Themes ", "text": "Text"}).to_csv(
        tmp_path / "retyped.csv", index=False
    )
    files = [tmp_path / "labeled.csv", tmp_path / "retyped.csv"]
    data, _ = merge_by_id(read_labeled(files, Codebook.load()))
    added = data[data["id"].str.startswith("new-")]
    assert added["themes"].tolist() == base["themes"].tolist()


def test_one_id_on_two_different_rows_of_a_file_is_refused_whatever_the_order(
    cli, tmp_path, train_frame
):
    rows = train_frame.sort_values("id").head(30).copy()
    rows.iloc[5, rows.columns.get_loc("id")] = rows.iloc[0]["id"]
    for name, frame in (("dup.csv", rows), ("dup_reversed.csv", rows.iloc[::-1])):
        frame.to_csv(tmp_path / name, index=False)
        code, _, err = cli("train", tmp_path / name, "-o", tmp_path / "m.npz")
        assert code == 2 and f"id {rows.iloc[0]['id']} in {name}:" in err
        assert not (tmp_path / "m.npz").exists()
    # The same row twice is harmless: it is one answer.
    again = pd.concat([rows.head(3), rows.head(1)])
    again.to_csv(tmp_path / "twice.csv", index=False)
    data, conflicts = merge_by_id(read_labeled([tmp_path / "twice.csv"], Codebook.load()))
    assert len(data) == 3 and conflicts == []


def test_an_id_on_two_different_answers_is_refused_and_empty_reference_cells_keep_values(
    tmp_path, train_frame
):
    base = train_frame.sort_values("id").head(6)
    base.to_csv(tmp_path / "labeled.csv", index=False)
    # Review sheets of two questions share respondent ids: not corrections of each other.
    first = base.head(2)[["id", "respondent", "language", "text", "themes", "stance"]]
    second = first.assign(text=["Another question's answer", "Otra respuesta"])
    first.to_csv(tmp_path / "q1.csv", index=False)
    second.to_csv(tmp_path / "q2.csv", index=False)
    files = [tmp_path / name for name in ("labeled.csv", "q1.csv", "q2.csv")]
    with pytest.raises(TrainingDataError, match="an id names two different answers") as error:
        merge_by_id(read_labeled(files, Codebook.load()))
    assert f"id {first['id'].iloc[0]} in q1.csv:2, q2.csv:2" in str(error.value)
    # A sheet written without respondents, with spaces and `FR` for `fr`, corrects nothing
    # but what it changes.
    sheet = base.head(3)[["id", "respondent", "language", "text", "themes", "stance"]].copy()
    sheet["respondent"] = ""
    sheet["id"] = " " + sheet["id"] + " "
    sheet["language"] = sheet["language"].str.upper()
    sheet.to_csv(tmp_path / "review.csv", index=False)
    data, conflicts = merge_by_id(
        read_labeled([tmp_path / "labeled.csv", tmp_path / "review.csv"], Codebook.load())
    )
    assert data["respondent"].tolist() == base["respondent"].tolist()
    assert conflicts == []


def test_training_rows_are_numbered_as_a_spreadsheet_shows_them_blank_lines_included(tmp_path):
    labels = tmp_path / "blank.csv"
    labels.write_text(
        'text,themes\nMore youth grants,youth\n\n"Two lines\nof text",youth\nThird,badtheme\n',
        encoding="utf-8",
    )
    with pytest.raises(LabelError, match=r"theme 'badtheme' in blank.csv:5"):
        read_labeled([labels], Codebook.load())
    labels.write_text(labels.read_text(encoding="utf-8").replace("badtheme", "youth"))
    assert (
        sum(map(len, read_labeled([labels], Codebook.load()))) == 3
    )  # the blank line is no answer


def test_declared_languages_and_stances_are_checked_and_normalised(tmp_path):
    data = tmp_path / "labels.csv"
    frame = pd.DataFrame(
        {
            "text": ["Plus de formations", "More training", "Más formación"],
            "themes": ["capacity_development"] * 3,
            "stance": [" Request ", "REQUEST", "request"],
            "language": ["FR", "", "es"],
        }
    )
    frame.to_csv(data, index=False)
    loaded = pd.concat(read_labeled([data], Codebook.load()), ignore_index=True)
    assert loaded["stance"].tolist() == ["request"] * 3
    frame.assign(language=["de", "en", "deutsch"]).to_csv(data, index=False)
    with pytest.raises(TrainingDataError, match=r"'de' in labels.csv:2; 'deutsch' in labels.csv:4"):
        read_labeled([data], Codebook.load())


def test_review_labels_outside_the_codebook_are_reported_with_rows(cli, tmp_path):
    review = tmp_path / "review.csv"
    pd.DataFrame(
        {
            "id": ["x1", "x2"],
            "text": ["a", "b"],
            "themes": ["youth", "youht"],
            "stance": ["praise", "praise"],
        }
    ).to_csv(review, index=False)
    code, _, err = cli("train", review, "-o", tmp_path / "m.npz")
    assert code == 2 and "theme 'youht' in review.csv:3" in err


def test_a_themes_label_or_a_stance_in_another_word_is_answered_with_the_id(tmp_path):
    # A theme's label (any of its languages, any case) typed for its id, and a stance typed
    # in French: before, "write theme ids such as youth or fundraising, not their labels"
    # and nothing about the stance, so staff had to look up the ids themselves.
    data = tmp_path / "labels.csv"
    pd.DataFrame(
        {
            "text": ["More training", "Plus de formations", "Más formación"],
            "themes": ["Capacity development", "renforcement des capacités;youth", "youth"],
            "stance": ["request", "request", "demande"],
        }
    ).to_csv(data, index=False)
    with pytest.raises(LabelError) as caught:
        read_labeled([data], Codebook.load())
    message = str(caught.value)
    assert "'Capacity development' is the label of capacity_development" in message
    assert "'renforcement des capacités' is the label of capacity_development" in message
    assert "not their labels" not in message  # every unknown theme is a label named
    assert "stance ids are praise, request, criticism, neutral" in message


def test_a_new_theme_trains_from_a_few_dozen_examples(tmp_path, train_frame):
    spec = Codebook.load().to_dict()
    spec["themes"].append(
        {
            "id": "climate_justice",
            "description": "climate change, defenders",
            "label": {
                "en": "Climate justice",
                "fr": "Justice climatique",
                "es": "Justicia climática",
            },
        }
    )
    spec["version"] = 2
    (tmp_path / "codebook.yaml").write_text(
        yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8"
    )
    codebook = Codebook.load(tmp_path / "codebook.yaml")
    data = pd.concat(
        read_labeled([ROOT / "data" / "labeled" / "train.csv", NEW_THEME], codebook),
        ignore_index=True,
    )
    data = pd.concat(
        [
            data[data["source"].str.startswith("train")].iloc[::6],
            data[data["source"].str.startswith("new_theme")],
        ]
    )
    model = ThemeClassifier(codebook=codebook, cv_folds=3).fit(
        data["text"].tolist(), data["themes"].tolist(), stances=data["stance"].tolist()
    )
    probes = model.predict(
        [
            "Please support environmental defenders threatened by mining companies and push "
            "climate finance for frontline communities",
            "Necesitamos interpretación al español en la asamblea general",
        ]
    )
    assert "climate_justice" in probes[0].themes
    assert "language_access" in probes[1].themes and "climate_justice" not in probes[1].themes


@pytest.fixture
def registry(tmp_path):
    """A registry whose default is a copy of the shipped model."""
    folder = tmp_path / "models"
    (folder / "default").mkdir(parents=True)
    for path in default_model_path().parent.glob("model.*"):
        shutil.copy(path, folder / "default" / path.name)
    return folder


def test_versions_deltas_guarded_promotion_and_rollback(
    cli, registry, tmp_path, train_frame, test_frame
):
    weak = tmp_path / "weak.csv"  # no need labels: no need head to train, for time
    train_frame.sort_values("id").iloc[::48].drop(columns=["need", "suggestion"]).to_csv(
        weak, index=False
    )
    code, _, err = cli("train", weak, "--registry", registry)
    assert code == 2 and "--registry needs --test" in err
    code, _, err = cli("train", weak, "--registry", registry, "--test", weak)
    assert code == 2 and "is also a training file" in err
    # v001 is scored on a twentieth of the test split, the default on all of it: no deltas,
    # and no promotion on figures that cannot be compared.
    part = tmp_path / "test_part.csv"
    test_frame.sort_values("id").iloc[::20].to_csv(part, index=False)
    code, _, err = cli("train", weak, "--registry", registry, "--test", part)
    assert code == 0 and "no deltas in its card" in err, err
    card = json.loads((registry / "consultation" / "v001" / "model.card.json").read_text())
    assert card.get("compared_with") is None and not card.get("deltas")
    with pytest.raises(RegistryError, match="scored on another test file"):
        promote(registry, "v001")
    # v002 is scored on the default's test file.
    full_test = ROOT / "data" / "labeled" / "test.csv"
    code, _, err = cli("train", weak, "--registry", registry, "--test", full_test)
    assert code == 0 and "deltas against the current default are in its card" in err, err
    rows = versions(registry)
    assert [r.version for r in rows] == ["v001", "v002"]
    assert not any(r.current for r in rows)
    card = json.loads((registry / "consultation" / "v002" / "model.card.json").read_text())
    assert card["compared_with"] == "default" and card["deltas"]["micro_f1"] < 0
    assert set(card["deltas"]["per_language_micro_f1"]) == {"fr", "en", "es"}
    assert "language_access" in card["deltas"]["per_theme_f1"]

    with pytest.raises(RegistryError, match="promotion refused: micro-F1 drops by"):
        promote(registry, "v002")
    code, out, _ = cli("promote", "v002", "--registry", registry, "--force")
    assert code == 0 and "consultation/v002 is now the default model (forced" in out
    assert next(r for r in versions(registry) if r.version == "v002").current
    # Rolling back is promoting an older version again (forced here: v001's test file differs).
    code, out, _ = cli("promote", "consultation/v001", "--registry", registry, "--force")
    assert code == 0 and "v001 is now the default" in out
    code, out, _ = cli("models", "--registry", registry)
    assert "consultation/v001" in out and "<- default" in out.splitlines()[1]
    code, _, err = cli("promote", "v009", "--registry", registry)
    assert code == 2 and "no version 'v009'" in err
    loaded = ThemeClassifier.load(registry / "default" / "model.npz")
    assert loaded.card_.version == "consultation/v001"


def _reviewed_folder(folder, train_frame) -> list[str]:
    """A folder as `needs --update-catalogue` writes it: a catalogue with needs added by
    staff, a codebook naming it and needs_answers.csv labelling answers with them; returns
    the added need ids (twelve, more than a warning names)."""
    from classifier.codebook import catalogue_file

    shipped = yaml.safe_load(catalogue_file(codebook_path()).read_text(encoding="utf-8"))
    # the first need's fields, but the old ids it replaces (each is one need's only)
    template = {key: value for key, value in shipped["needs"][0].items() if key != "replaces"}
    added = [f"printed_materials_by_post_{number:02d}" for number in range(12)]
    for need in added:
        label = {lang: f"{text} {need}" for lang, text in template["label"].items()}
        shipped["needs"].append({**template, "id": need, "label": label})
    shipped["version"] += 1
    folder.mkdir()
    (folder / "consultation.needs.yaml").write_text(
        yaml.safe_dump(shipped, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    shutil.copy(codebook_path(), folder / "consultation.yaml")  # it names the file beside it
    answers = train_frame.sort_values("id").head(len(added)).copy()
    answers["need"] = added
    answers.to_csv(folder / "needs_answers.csv", index=False)
    return added


def test_needs_added_by_staff_trained_without_their_codebook_are_warned_about(
    cli, tmp_path, train_frame, monkeypatch
):
    # `needs --update-catalogue` wrote reviewed/ (catalogue, codebook naming it, answers);
    # staff trained on reviewed/needs_answers.csv without `--codebook reviewed/...yaml`.
    # Before, the needs they added, outside the package's catalogue, trained as unique
    # requests without a word.
    reviewed = tmp_path / "reviewed"
    added = _reviewed_folder(reviewed, train_frame)
    answers = reviewed / "needs_answers.csv"

    def stop(*args, **kwargs):
        raise CommandError("stopped before fitting")

    monkeypatch.setattr(ThemeClassifier, "fit", stop)
    train = tmp_path / "train.csv"
    train_frame.sort_values("id").iloc[12:40].to_csv(train, index=False)
    code, _, err = cli("train", train, answers, "-o", tmp_path / "x.npz")
    assert code == 2 and "stopped before fitting" in err
    assert "classifier: warning: training answers in" in err and added[0] in err
    code, _, err = cli(
        "train",
        train,
        answers,
        "-o",
        tmp_path / "x.npz",
        "--codebook",
        reviewed / "consultation.yaml",
    )
    assert code == 2 and "stopped before fitting" in err and "warning" not in err, err
    # The check itself: the ids shown, and no warning with that codebook or elsewhere.
    from classifier.cli.training import warn_of_a_codebook_left_out

    needs = pd.read_csv(answers, dtype=str)["need"]
    with pytest.warns(DataWarning, match="trained as unique requests") as caught:
        warn_of_a_codebook_left_out([answers], Codebook.load(), needs)
    message = str(caught[0].message)
    assert ", ".join(added[:10]) + " and 2 more" in message
    assert f"give --codebook {reviewed / 'consultation.yaml'}" in message
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warn_of_a_codebook_left_out([answers], Codebook.load(reviewed / "consultation.yaml"), needs)
        elsewhere = tmp_path / "needs_answers.csv"  # no codebook beside it
        shutil.copy(answers, elsewhere)
        warn_of_a_codebook_left_out([elsewhere], Codebook.load(), needs)


def test_a_copy_of_a_catalogue_beside_the_training_files_is_no_codebook(
    cli, tmp_path, train_frame, monkeypatch
):
    # Before renaming needs by hand, staff kept a copy of the catalogue beside the needs
    # answers, named `catalogue_before_rename.yaml`. `train` looks through the training
    # files' folders for codebooks; it read that copy's list of needs as a file name and
    # stopped with "File name too long".
    reviewed = tmp_path / "reviewed"
    _reviewed_folder(reviewed, train_frame)
    shutil.copy(reviewed / "consultation.needs.yaml", reviewed / "catalogue_before_rename.yaml")

    def stop(*args, **kwargs):
        raise CommandError("stopped before fitting")

    monkeypatch.setattr(ThemeClassifier, "fit", stop)
    code, _, err = cli("train", reviewed / "needs_answers.csv", "-o", tmp_path / "x.npz")
    assert code == 2 and "stopped before fitting" in err, err
    assert f"give --codebook {reviewed / 'consultation.yaml'}" in err


def test_two_training_files_of_the_same_name_are_told_apart(tmp_path, train_frame):
    base = train_frame.sort_values("id").head(10)
    (tmp_path / "week1").mkdir()
    (tmp_path / "week2").mkdir()
    base.head(3).to_csv(tmp_path / "week2" / "review.csv", index=False)
    bad = base.head(3).copy()
    bad.loc[bad.index[1], "themes"] = "networkng"
    bad.to_csv(tmp_path / "week1" / "review.csv", index=False)
    files = [tmp_path / "train.csv", tmp_path / "week2" / "review.csv"]
    base.to_csv(files[0], index=False)
    with pytest.raises(LabelError) as error:
        read_labeled([*files, tmp_path / "week1" / "review.csv"], Codebook.load())
    assert f"{tmp_path / 'week1' / 'review.csv'}:3" in str(error.value)
    data = read_labeled(files, Codebook.load())  # distinct names stay short
    assert data[0]["source"].iloc[0] == "train.csv:2"


def test_a_workbook_whose_first_sheet_is_not_the_answers_is_named(tmp_path, train_frame):
    workbook = tmp_path / "review.xlsx"
    with pd.ExcelWriter(workbook) as writer:  # the codebook tab moved first by hand
        pd.DataFrame({"kind": ["theme"], "id": ["youth"]}).to_excel(
            writer, sheet_name="codebook", index=False
        )
        train_frame.head(5).to_excel(writer, sheet_name="review", index=False)
    labeled = tmp_path / "labeled.csv"
    train_frame.head(20).to_csv(labeled, index=False)
    with pytest.raises(TrainingDataError, match="missing column") as error:
        read_labeled([labeled, workbook], Codebook.load())
    assert "in sheet 'codebook', the first visible sheet" in str(error.value)


def test_a_promotion_that_fails_midway_leaves_the_default_whole(registry, monkeypatch):
    other = ThemeClassifier.load(registry / "default" / "model.npz").set_params(fallback_floor=0.3)
    other.save(registry / "consultation" / "v001" / "model.npz")  # another model than the default
    before = {p.name: p.read_bytes() for p in (registry / "default").iterdir()}

    def disk_full(card, model_path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ModelCard, "write", disk_full)  # the card cannot be written
    with pytest.raises(OSError, match="No space left"):
        promote(registry, "v001", force=True)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in (registry / "default").iterdir()} == before
    ThemeClassifier.load(registry / "default" / "model.npz")  # model and card still agree
    # The copy of the default (no version) failed as well: no half-made version is left.
    assert sorted(p.name for p in (registry / "consultation").iterdir()) == ["v001"]


def test_promote_keeps_a_default_that_is_no_version_for_a_rollback(cli, registry):
    # The registry's default is the shipped model, trained with `-o` and never registered.
    # Before, promoting a version over it left no copy of it anywhere: its card only said
    # `promoted_over: "the previous default"`, and nothing could roll back to it.
    default = registry / "default" / "model.npz"
    original = default.read_bytes()
    other = ThemeClassifier.load(default).set_params(fallback_floor=0.3)
    other.save(registry / "consultation" / "v001" / "model.npz")  # another model than the default
    code, out, err = cli("promote", "v001", "--registry", registry)
    assert code == 0, err
    assert "consultation/v001 is now the default model" in out
    assert "the previous default, which was no version, is kept as consultation/v002" in out
    kept = registry / "consultation" / "v002"
    assert (kept / "model.npz").read_bytes() == original
    kept_card = json.loads((kept / "model.card.json").read_text(encoding="utf-8"))
    assert (kept_card["name"], kept_card["version"]) == ("consultation", "v002")
    assert kept_card["note"] == "the default before promoting consultation/v001"
    card = json.loads((registry / "default" / "model.card.json").read_text(encoding="utf-8"))
    assert card["promoted_over"] == "consultation/v002"
    assert card["promoted_over_sha256"] == hashlib.sha256(original).hexdigest()
    code, out, _ = cli("models", "--registry", registry)
    assert "consultation/v002" in out
    # Rolling back is promoting the kept version; the default it replaces is v001's bytes,
    # so no third copy is made.
    code, out, err = cli("promote", "v002", "--registry", registry)
    assert code == 0 and "consultation/v002 is now the default model" in out, err
    assert "is kept as" not in out
    assert default.read_bytes() == original
    assert sorted(p.name for p in (registry / "consultation").iterdir()) == ["v001", "v002"]
    card = json.loads((registry / "default" / "model.card.json").read_text(encoding="utf-8"))
    assert card["promoted_over"] == "consultation/v001"
    assert ThemeClassifier.load(default).card_.version == "consultation/v002"


def test_promote_force_over_a_damaged_default_card_keeps_the_default_as_it_was(cli, registry):
    # `promote --force` is how staff repair a default whose card was damaged by hand; the
    # model it replaces is kept too, with its card byte for byte, for staff to restore.
    default = registry / "default"
    ThemeClassifier.load(default / "model.npz").set_params(fallback_floor=0.3).save(
        registry / "consultation" / "v001" / "model.npz"
    )
    (default / "model.card.json").write_text('{"codebook": ', encoding="utf-8")
    before = {p.name: p.read_bytes() for p in default.iterdir()}
    code, out, err = cli("promote", "v001", "--registry", registry, "--force")
    assert code == 0, err
    assert "is kept as consultation/v002" in out and "once its card" in out
    assert "the registry had no default model" not in out
    kept = registry / "consultation" / "v002"
    assert {p.name: p.read_bytes() for p in kept.iterdir()} == before


def test_damaged_registry_cards_are_named_and_cost_no_training(cli, registry, tmp_path):
    version = registry / "consultation" / "v001"
    version.mkdir(parents=True)
    for name in ("model.npz", "model.card.json"):
        shutil.copy(registry / "default" / name, version / name)
    (version / "model.card.json").write_text("[]", encoding="utf-8")  # JSON, not a card
    code, out, err = cli("models", "--registry", registry)
    assert code == 0 and "consultation/v001" in out
    assert "v001/model.card.json is not a readable model card" in err
    code, _, err = cli("explain", "Plus de formations", "--model", version / "model.npz")
    assert code == 2 and "not a readable model card" in err and "internal error" not in err
    # A damaged default card stops `train --registry` before it trains, creating nothing.
    (registry / "default" / "model.card.json").write_text('{"codebook": ', encoding="utf-8")
    labeled = ROOT / "data" / "labeled" / "train.csv"
    test = ROOT / "data" / "labeled" / "test.csv"
    code, _, err = cli("train", labeled, "--registry", registry, "--test", test)
    assert code == 2 and "default/model.card.json is not a readable model card" in err
    assert "training on" not in err
    assert sorted(p.name for p in (registry / "consultation").iterdir()) == ["v001"]


def test_explain_shows_the_phrases_behind_a_theme(cli):
    code, out, _ = cli("explain", "Necesitamos interpretación al español en la asamblea general")
    assert code == 0
    assert "language_access" in out and "ASSIGNED" in out
    block = out.split("language_access")[1]
    assert "interpretación" in block or "español" in block
    assert "sentence meaning (embedding)" in block
    # An answer's escape sequences are shown, never sent to the terminal as commands.
    code, out, _ = cli("explain", "Plus de formations \x1b[2J\x1b]0;owned\x07 svp")
    assert code == 0 and "formations" in out
    assert "\x1b" not in out and "\x07" not in out and "\ufffd[2J" in out


def test_explain_reads_a_long_answer_as_tag_does(model):
    from classifier.model.explain import explain
    from classifier.vocab import MAX_TEXT_CHARS

    praise = "Merci pour les formations, elles sont excellentes. " * 150
    text = praise + "More grants please. " * 600
    assert len(text) > MAX_TEXT_CHARS
    prediction, _ = explain(model, text)
    [read_as_tag] = model.predict([text[:MAX_TEXT_CHARS]])
    [whole] = model.predict([text])  # the API reads it as tag does too (its tail would count)
    assert whole.scores == read_as_tag.scores
    assert (prediction.themes, prediction.stance) == (read_as_tag.themes, read_as_tag.stance)


def test_explain_marks_a_theme_given_below_its_threshold(cli, model):
    # A substantive request no theme fits well gets its best theme, with low confidence
    # (which of these requests does, moves with each training's thresholds).
    requests = [
        "Recuperar los encuentros regionales presenciales que había antes de la pandemia.",
        "Mándennos el detalle de gastos de la asamblea, pasajes incluidos.",
        "Una posición clara sobre la inteligencia artificial y la vigilancia.",
    ]
    predictions = model.predict(requests, languages=["es"] * len(requests))
    text, prediction = next(
        (text, p) for text, p in zip(requests, predictions, strict=True) if p.low_confidence
    )
    code, out, _ = cli("explain", text, "--language", "es")
    assert code == 0 and f"{prediction.themes[0]}: score" in out
    assert "ASSIGNED with low confidence" in out
    code, _, err = cli("explain", text, "--language", "xx")
    assert code == 2 and "--language 'xx'" in err


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("Please translate the newsletter into Spanish", True),
        ("Organise a football tournament between members", False),
    ],
)
def test_explain_says_which_catalogue_need_tag_would_give_an_ask(cli, model, text, matched):
    from classifier.needs import find_needs
    from classifier.needs.grouping import MATCH_THRESHOLD

    [prediction] = model.predict([text])
    assert prediction.stance == "request"
    # What `tag` makes of the ask alone in its file: its closest need, how sure, and its need.
    alone = find_needs([prediction], ["R1"], model=model)
    closest, confidence = alone.closest_need[0], alone.match_confidence[0]
    assert (confidence >= MATCH_THRESHOLD) == matched
    code, out, _ = cli("explain", text)
    assert code == 0
    need = out.split("\nneed: ", 1)[1]
    assert need.startswith("a request, so `tag` looks for the need it raises")
    assert f"(match threshold {MATCH_THRESHOLD:.2f})" in need
    rows = need.splitlines()[2:5]  # the three closest catalogue needs, most probable first
    assert rows[0].split() == [
        closest,
        f"{confidence:.3f}",
        *Codebook.load().catalogue.label(closest).split(),
    ]
    said = " ".join(need.split())
    if matched:
        assert alone.answer_needs[0] == [closest]
        assert (
            f"MATCHED: {confidence:.3f} reaches the threshold, so `tag` assigns the ask to the "
            f"catalogue need {closest}." in said
        )
    else:
        assert alone.answer_needs[0][0].startswith("new-")
        assert f"NOT MATCHED: {confidence:.3f} is below the threshold" in said
        assert "discovery of new needs" in said
    assert "Recurring or unique request: that depends on how many respondents of the file " in said
    assert "which `explain` does not see." in said


def test_explain_says_an_answer_that_asks_nothing_has_no_need(cli, small_model):
    code, out, _ = cli("explain", "Merci pour tout, les formations sont excellentes")
    assert code == 0
    assert " ".join(out.split("\nneed: ", 1)[1].split()) == (
        "none: a praise answer asks nothing, and `tag` looks for the needs of requests and "
        "criticisms only"
    )
    # A model trained without need labels has no need head: every ask goes to discovery.
    request = "Please translate the newsletter into Spanish"
    code, out, _ = cli("explain", request, "--model", small_model[1])
    assert code == 0 and "no need head" in out and "closest catalogue needs" not in out


def test_promote_into_another_registry_says_which_model_the_commands_use(cli, tmp_path):
    # A staff member who trained with `--registry models` in their own folder and promoted
    # read "is now the default model", then tagged again with the shipped model: nothing said
    # that the commands without --model do not read that registry.
    registry = tmp_path / "models"
    (registry / "consultation" / "v001").mkdir(parents=True)
    for path in default_model_path().parent.glob("model.*"):
        shutil.copy(path, registry / "consultation" / "v001" / path.name)
    code, out, err = cli("promote", "v001", "--registry", registry)
    assert code == 0, err
    assert "consultation/v001 is now the default model" in out
    assert f"the commands without --model still use {default_model_path()}" in out
    assert f"give them --model {registry / 'default' / 'model.npz'}" in out
    # Nothing to compare with in a new registry: the version's own figures are shown (before,
    # a first version scoring 0.651 became the default without a word).
    test = json.loads((registry / "default" / "model.card.json").read_text())["test"]
    assert (
        "(the registry had no default model, so nothing was compared: its test micro-F1 "
        f"{test['micro_f1']:.3f}, stance accuracy {test['stance_accuracy']:.3f})"
    ) in out
