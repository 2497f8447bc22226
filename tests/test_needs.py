"""Needs: catalogue matching, discovery of new needs, suggestions, respondent counting,
staff review of the needs sheet, stability."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from classifier import Codebook, ThemeClassifier
from classifier.errors import UnsafeModelWarning
from classifier.needs import find_needs
from classifier.vocab import PART_OF_RECURRING, RECURRENCE_VALUES, RECURRING, UNIQUE

from conftest import EXAMPLES, ROOT

# Team-written asks: the first three say the same thing in three languages.
FEEDBACK = [
    "Please give feedback to organisations whose grant applications are rejected.",
    "Merci de donner un retour aux organisations dont les demandes de subvention sont rejetées.",
    "Por favor den retroalimentación a las organizaciones cuyas solicitudes de subvención son "
    "rechazadas.",
]
OTHERS = [
    "We need a regional office in the Pacific islands, Fiji or Samoa.",
    "Organisez un atelier sur la sécurité numérique pour les journalistes.",
]


def tagged(texts, respondents, model, **columns):
    frame = pd.DataFrame({"answer": texts, "respondent": respondents, **columns})
    return model.tag(frame, text_column="answer")


def test_same_ask_in_three_languages_is_one_recurring_catalogue_need(model):
    frame = tagged(FEEDBACK + OTHERS, ["a", "b", "c", "d", "e"], model)
    result = find_needs(frame, model=model, text_column="answer")
    first = result.need(result.answer_needs[0][0])
    assert first.id == "grant_rejection_feedback" and first.kind == "catalogue"
    assert result.answer_needs[1] == result.answer_needs[2] == [first.id]
    assert first.recurring and first.respondents == 3
    assert first.languages == ["en", "es", "fr"] and set(first.quotes) == {"en", "es", "fr"}
    assert first.label_in("fr") == model.codebook_.catalogue.label(first.id, "fr")
    assert [result.recurrence(i) for i in range(3)] != [UNIQUE] * 3
    assert [result.recurrence(i) for i in (3, 4)] == [UNIQUE, UNIQUE]
    assert result.needs[0] == first  # recurring first


# The same respondent twice; the second pair as exports and hand edits leave ids: "R1" and
# "R1 " are one person, who does not make a need recurring alone.
@pytest.mark.parametrize("respondents", [["same", "same"], ["R1", " R1 "]])
def test_distinct_respondents_are_counted_not_answers(model, respondents):
    frame = tagged(FEEDBACK[:2], respondents, model)
    result = find_needs(frame, model=model, text_column="answer")
    need = result.need(result.answer_needs[0][0])
    assert need.answers == 2 and need.respondents == 1 and not need.recurring
    assert result.recurrence(0) == result.recurrence(1) == UNIQUE


def test_respondent_ids_differing_in_case_are_two_respondents(model):
    result = find_needs(
        tagged(FEEDBACK[:2], ["R1", "r1"], model), model=model, text_column="answer"
    )
    assert result.need(result.answer_needs[0][0]).respondents == 2


def test_min_respondents_is_a_setting(model):
    frame = tagged(FEEDBACK, ["a", "b", "c"], model)
    four = find_needs(frame, model=model, text_column="answer", min_respondents=4)
    assert four.answer_columns()["recurrence"] == [UNIQUE] * 3
    columns = find_needs(
        frame, model=model, text_column="answer", min_respondents=3
    ).answer_columns()
    assert set(columns["recurrence"]) <= {RECURRING, PART_OF_RECURRING}
    assert columns["need_respondents"] == [3, 3, 3]


# Team-written: a clear request for grant-writing training, and a terse one the need head is
# not sure of (its most probable need is the same, below the match threshold).
PROPOSAL_TRAINING = [
    "Please organise a training on writing grant proposals for small organisations.",
    "besoin d'une formation montage de dossiers",
]


def test_a_lone_uncertain_ask_joins_the_need_another_respondent_raised(model):
    """The second chance: an ask that discovery leaves alone is not called a unique request
    when its most probable catalogue need was raised by another respondent; it is part of
    that need, and the needs sheet lists its match as uncertain."""
    from classifier.needs.grouping import MATCH_THRESHOLD, group_units
    from classifier.needs.review import needs_sheet
    from classifier.needs.units import asking_units

    frame = tagged(PROPOSAL_TRAINING, ["a", "b"], model)
    assert frame["stance"].tolist() == ["request", "request"]
    result = find_needs(frame, model=model, text_column="answer")
    assert result.match_confidence[1] < MATCH_THRESHOLD  # the terse ask alone is uncertain
    assert result.answer_needs[0] == result.answer_needs[1] == ["proposal_writing_training"]
    assert result.recurrence(1) in (RECURRING, PART_OF_RECURRING)
    assert result.need("proposal_writing_training").respondents == 2
    sheet = needs_sheet(
        result,
        frame,
        "answer",
        model.codebook_.catalogue,
        themes=frame["themes"].tolist(),
        stances=frame["stance"].tolist(),
        languages=frame["language"].tolist(),
    )
    assert sheet.answers["text"].tolist() == [PROPOSAL_TRAINING[1]]  # listed for review
    assert sheet.answers["closest_need"].tolist() == ["proposal_writing_training"]

    analysis = model.analyze(PROPOSAL_TRAINING)
    units = asking_units(analysis, ["request", "request"], ["a", "b"], [None, None])
    alone = group_units(units, model, 2, second_chance=False)
    assert alone.answer_needs[1][0].startswith("new-") and alone.recurrence(1) == UNIQUE
    # Its own respondent's other asks do not count: alone with its need, it stays unique.
    same = find_needs(
        tagged(PROPOSAL_TRAINING, ["a", "a"], model), model=model, text_column="answer"
    )
    assert same.recurrence(1) == UNIQUE


def test_need_labels_follow_the_questionnaire_language(model):
    frame = tagged(FEEDBACK, ["a", "b", "c"], model, lang=["en", "fr", "es"])
    columns = find_needs(
        frame, model=model, text_column="answer", language_column="lang"
    ).answer_columns()
    catalogue = model.codebook_.catalogue
    assert columns["need_labels"] == [
        catalogue.label("grant_rejection_feedback", lang) for lang in ("en", "fr", "es")
    ]


def test_answers_that_ask_nothing_get_no_need(model):
    frame = tagged(["Merci pour tout, l'équipe est formidable", "n/a", "-"], ["a", "b", "c"], model)
    columns = find_needs(frame, model=model, text_column="answer").answer_columns()
    assert columns == {
        "need_ids": ["", "", ""],
        "need_labels": ["", "", ""],
        "need_respondents": [None, None, None],
        "recurrence": ["", "", ""],
        "suggestion_ids": ["", "", ""],
    }


def test_without_a_need_head_asks_are_grouped_by_discovery():
    """A model without a catalogue (here one saved by 0.1.0) still finds needs: the same ask
    in three languages is one new need, recurring."""
    with pytest.warns(UnsafeModelWarning):
        legacy = ThemeClassifier.load(
            ROOT / "tests" / "data" / "model_saved_v0_1_0.joblib", trusted=True
        )
    frame = tagged(FEEDBACK + OTHERS, ["a", "b", "c", "d", "e"], legacy)
    frame["stance"] = "request"
    result = find_needs(frame, model=legacy, text_column="answer")
    need = result.need(result.answer_needs[0][0])
    assert need.kind == "new" and need.id.startswith("new-")
    assert result.answer_needs[1] == result.answer_needs[2] == [need.id] and need.recurring
    assert result.answer_needs[3] != result.answer_needs[0]


def test_predictions_and_tagged_frames_give_the_same_needs(model):
    texts, respondents = FEEDBACK + OTHERS, ["a", "b", "c", "d", "e"]
    from_frame = find_needs(tagged(texts, respondents, model), model=model, text_column="answer")
    from_predictions = find_needs(model.predict(texts), respondents, model=model)
    assert from_frame == from_predictions


def test_needs_do_not_depend_on_row_order(model, test_frame):
    sample = test_frame[test_frame["need"] != ""].sort_values("id").head(120)
    frame = model.tag(sample, text_column="text", language_column="language")
    shuffled = frame.sample(frac=1.0, random_state=11)
    a = find_needs(frame, model=model, text_column="text", respondent_column="respondent")
    b = find_needs(shuffled, model=model, text_column="text", respondent_column="respondent")
    assert a.needs == b.needs
    by_id_a = dict(zip(frame["id"], a.answer_needs, strict=True))
    by_id_b = dict(zip(shuffled["id"], b.answer_needs, strict=True))
    assert by_id_a == by_id_b


def test_needs_are_grouped_on_one_blas_thread_whatever_the_caller_allows(model, monkeypatch):
    """Grouping's many small matrix products run on one BLAS thread: many threads gain
    little and lose several times over on a busy machine, and the bits then do not depend
    on the machine's core count."""
    from threadpoolctl import threadpool_info, threadpool_limits

    import classifier.needs.grouping as grouping

    seen: list[int] = []
    cluster = grouping.cluster_by_cosine

    def recording(embeddings, cut):
        seen.extend(p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas")
        return cluster(embeddings, cut)

    monkeypatch.setattr(grouping, "cluster_by_cosine", recording)
    texts = FEEDBACK + OTHERS
    predictions = model.predict(texts)
    with threadpool_limits(limits=2, user_api="blas"):
        assert {p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"} == {2}
        result = find_needs(predictions, ["a", "b", "c", "d", "e"], model=model)
    assert result.needs and seen and set(seen) == {1}


def test_answers_without_respondent_id_give_the_same_needs_in_any_row_order(model, test_frame):
    """Each answer without an id is its own respondent, named after its row: the name must
    not leak into need or suggestion ids, nor meet a real id."""
    sample = test_frame[test_frame["need"] != ""].sort_values("id").head(120).copy()
    sample["respondent"] = [
        "" if i % 5 == 0 else respondent for i, respondent in enumerate(sample["respondent"])
    ]
    frame = model.tag(sample, text_column="text", language_column="language")
    shuffled = frame.sample(frac=1.0, random_state=5)
    a = find_needs(frame, model=model, text_column="text", respondent_column="respondent")
    b = find_needs(shuffled, model=model, text_column="text", respondent_column="respondent")
    assert a.needs == b.needs
    for column in ("need_ids", "suggestion_ids"):
        by_id_a = dict(zip(frame["id"], a.answer_columns()[column], strict=True))
        by_id_b = dict(zip(shuffled["id"], b.answer_columns()[column], strict=True))
        assert by_id_a == by_id_b


def test_an_answer_without_id_never_meets_a_real_respondent(model):
    """Two respondents ask the same thing; one has no id, the other an id that reads like
    the name a row without id could get: they are two respondents."""
    texts = [FEEDBACK[0], FEEDBACK[1]]
    for real_id in ("(answer 1)", "\x1fanswer 1", "answer 1"):
        frame = tagged(texts, ["", real_id], model)
        frame["stance"] = "request"
        result = find_needs(frame, model=model, text_column="answer")
        assert result.answer_needs[0] == result.answer_needs[1]
        assert result.need(result.answer_needs[0][0]).respondents == 2


# `classifier tag` of the sample's q_improve answers, before `-o OUTPUT`.
TAG_SAMPLE = [
    "tag", str(EXAMPLES / "consultation_sample.csv"), "--text-column", "q_improve",
    "--respondent-column", "respondent_id", "--language-column", "questionnaire_language",
]  # fmt: skip


def tag_sample(cli, output, *extra):
    """Tag the sample's q_improve answers with `classifier tag ...`; the tagged frame."""
    code, _, err = cli(*TAG_SAMPLE, "-o", output, *extra)
    assert code == 0, err
    return pd.read_csv(output, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def tagged_sample_file(tmp_path_factory):
    """The sample as `tag_sample` writes it with the default model and options, tagged once
    for the module's tests that read it but test other commands. Read-only: copy it."""
    from classifier.cli import main

    output = tmp_path_factory.mktemp("tagged_sample") / "tagged.csv"
    assert main([*TAG_SAMPLE, "-o", str(output)]) == 0
    return output


def test_tag_adds_need_columns_and_needs_command_lists_them(cli, tmp_path):
    frame = tag_sample(cli, tmp_path / "tagged.csv")
    assert {"need_ids", "need_labels", "need_respondents", "recurrence", "suggestion_ids"} <= set(
        frame.columns
    )
    assert set(frame["recurrence"]) <= {*RECURRENCE_VALUES, ""}
    asking = frame["stance"].isin(["request", "criticism"]) & frame["q_improve"].str.contains(
        r"[^\W\d_]", regex=True
    )
    assert (frame.loc[asking, "need_ids"] != "").all()
    assert (frame.loc[~asking, "need_ids"] == "").all()
    assert (frame.loc[asking, "need_labels"] != "").all()

    needs_file = tmp_path / "needs.csv"
    code, _, err = cli(
        "needs", tmp_path / "tagged.csv", "-o", needs_file, "--text-column", "q_improve"
    )
    assert code == 0, err
    assert "respondent: respondent_id" in err and "language: questionnaire_language" in err
    needs = pd.read_csv(needs_file, dtype=str, keep_default_na=False)
    assert list(needs.columns[:4]) == ["need_id", "kind", "recurring", "respondents"]
    # catalogue needs, then new ones (as on screen); in each, recurring then largest first
    assert list(needs["kind"]) == sorted(needs["kind"], key=lambda kind: kind != "catalogue")
    for _, part in needs.groupby("kind"):
        order = list(zip(part["recurring"] != "yes", -part["respondents"].astype(int), strict=True))
        assert order == sorted(order)
    assert set(needs["need_id"]) == {i for v in frame["need_ids"] for i in v.split(";") if i}


def test_needs_of_a_file_tagged_by_another_model_warn_unless_that_model_is_given(
    cli, tmp_path, small_model
):
    _, other_model = small_model
    frame = tag_sample(cli, tmp_path / "tagged.csv", "--model", other_model)
    listed = {i for v in frame["need_ids"] for i in v.split(";") if i}
    code, _, err = cli(
        "needs",
        tmp_path / "tagged.csv",
        "-o",
        tmp_path / "default.csv",
        "--text-column",
        "q_improve",
    )
    assert code == 0 and "differ from the file's 'need_ids' column" in err and "--model" in err
    code, _, err = cli(
        "needs",
        tmp_path / "tagged.csv",
        "-o",
        tmp_path / "own.csv",
        "--model",
        other_model,
        "--text-column",
        "q_improve",
    )
    assert code == 0 and "warning" not in err
    own = pd.read_csv(tmp_path / "own.csv", dtype=str, keep_default_na=False)
    assert set(own["need_id"]) == listed


def test_needs_warn_when_the_file_was_tagged_with_another_min_respondents(cli, tmp_path):
    frame = tag_sample(cli, tmp_path / "tagged.csv", "--min-respondents", "3")
    assert (frame["recurrence"] == UNIQUE).any()
    listing = ("needs", tmp_path / "tagged.csv", "--text-column", "q_improve")
    code, _, err = cli(*listing, "-o", tmp_path / "default.csv")
    assert code == 0 and "another --min-respondents than 2" in err
    code, _, err = cli(*listing, "-o", tmp_path / "same.csv", "--min-respondents", "3")
    assert code == 0 and "warning" not in err
    # the needs sheet has no such option: it reads the file's own from its columns
    review = ("review", tmp_path / "tagged.csv", "--needs", "--text-column", "q_improve")
    code, _, err = cli(*review, "-o", tmp_path / "sheet.xlsx")
    assert code == 0 and "warning" not in err, err


def test_needs_of_a_tagged_file_with_rows_deleted_say_so_not_min_respondents(
    cli, tmp_path, tagged_sample_file
):
    # Before, the counts gone down made the warning blame --min-respondents, which was the
    # default both times (hunt 26).
    frame = pd.read_csv(tagged_sample_file, dtype=str, keep_default_na=False)
    shared = frame.index[frame["need_respondents"].isin(["2", "3", "4", "5"])]
    frame.drop(index=shared[:10]).to_csv(tmp_path / "deleted.csv", index=False)
    code, _, err = cli(
        "needs", tmp_path / "deleted.csv", "--text-column", "q_improve", "-o", tmp_path / "n.csv"
    )  # fmt: skip
    assert code == 0 and "rows were deleted or added since the file was tagged" in err, err
    assert "min-respondents" not in err


def test_needs_and_the_needs_sheet_take_one_question_and_answer_ids(
    cli, tmp_path, tagged_sample_file
):
    shutil.copy(tagged_sample_file, tmp_path / "tagged.csv")
    two = ("--text-column", "q_strengths", "--text-column", "q_improve")
    code, _, err = cli("needs", tmp_path / "tagged.csv", *two)
    assert code == 2 and "one question at a time" in err and "q_strengths, q_improve" in err
    code, _, err = cli(
        "review", tmp_path / "tagged.csv", "--needs", *two, "-o", tmp_path / "s.xlsx"
    )
    assert code == 2 and "one question at a time" in err and not (tmp_path / "s.xlsx").exists()
    # a respondent id column given as the answers' ids, where a respondent answered twice
    frame = pd.read_csv(tmp_path / "tagged.csv", dtype=str, keep_default_na=False)
    pd.concat([frame, frame.head(1)]).to_csv(tmp_path / "twice.csv", index=False)
    code, _, err = cli(
        "review", tmp_path / "twice.csv", "--needs", "--text-column", "q_improve",
        "--id-column", "respondent_id", "-o", tmp_path / "s.xlsx",
    )  # fmt: skip
    first = frame["respondent_id"].iloc[0]
    assert code == 2 and f"'{first}' (row 2, row {len(frame) + 2})" in err
    assert not (tmp_path / "s.xlsx").exists()


def test_needs_sheet_round_trip_adds_a_need_and_relabels_its_answers(
    cli, tmp_path, tagged_sample_file
):
    shutil.copy(tagged_sample_file, tmp_path / "tagged.csv")
    sheet_path = tmp_path / "needs.xlsx"
    code, _, err = cli(
        "review",
        tmp_path / "tagged.csv",
        "--needs",
        "-o",
        sheet_path,
        "--text-column",
        "q_improve",
        "--id-column",
        "respondent_id",
    )
    assert code == 0, err
    answers = pd.read_excel(sheet_path, sheet_name="answers", dtype=str, keep_default_na=False)
    new = pd.read_excel(sheet_path, sheet_name="new needs", dtype=str, keep_default_na=False)
    assert len(new) > 0 and set(answers["tool_need"]) >= set(new["candidate"])
    # The same rows in another order give the same sheet, each candidate's answers together.
    reversed_rows = tmp_path / "reversed.csv"
    pd.read_csv(tmp_path / "tagged.csv", dtype=str, keep_default_na=False).iloc[::-1].to_csv(
        reversed_rows, index=False
    )
    code, _, err = cli(
        "review", reversed_rows, "--needs", "-o", tmp_path / "reversed.xlsx",
        "--text-column", "q_improve", "--id-column", "respondent_id",
    )  # fmt: skip
    assert code == 0, err
    for name, sheet in (("answers", answers), ("new needs", new)):
        again = pd.read_excel(
            tmp_path / "reversed.xlsx", sheet_name=name, dtype=str, keep_default_na=False
        )
        assert again.equals(sheet), name
    assert answers["tool_need"].is_monotonic_increasing
    candidate = new["candidate"].iloc[0]
    edited = new.copy()
    edited.loc[0, ["decision", "need_id", "label_en", "label_fr", "label_es", "themes"]] = [
        "add",
        "printed_materials_by_post",
        "Printed materials by post",
        "Documents imprimés par la poste",
        "Materiales impresos por correo",
        "information",
    ]
    good = tmp_path / "edited.xlsx"
    with pd.ExcelWriter(good) as writer:
        answers.to_excel(writer, sheet_name="answers", index=False)
        edited.to_excel(writer, sheet_name="new needs", index=False)
    code, _, err = cli("needs", "--update-catalogue", good, "-o", tmp_path / "updated")
    assert code == 0, err
    codebook = Codebook.load(tmp_path / "updated" / "consultation.yaml")
    assert "printed_materials_by_post" in codebook.catalogue.need_ids
    assert codebook.catalogue.version == Codebook.load().catalogue.version + 1
    relabeled = pd.read_csv(tmp_path / "updated" / "needs_answers.csv", dtype=str)
    moved = answers["need"] == candidate
    assert (relabeled.loc[moved.to_numpy(), "need"] == "printed_materials_by_post").all()

    # Every bad edit is named by its sheet and row, and nothing is written.
    typo_need = answers.copy()
    typo_need.loc[1, "need"] = "targeted_member_recruitmnt"
    typo_theme = answers.copy()
    typo_theme.loc[2, "themes"] = "informaton"
    no_need_column = answers.drop(columns="need")
    bad_decision = edited.copy()
    bad_decision.loc[len(edited) - 1, "decision"] = "keep"
    several_problems = answers.copy()
    several_problems.loc[1, "need"] = "no_such_need"
    several_problems.loc[2, ["themes", "language"]] = ["informaton", "de"]
    several_problems.loc[3, "id"] = several_problems.loc[4, "id"]
    existing_id = edited.copy()
    existing_id.loc[0, "need_id"] = Codebook.load().catalogue.need_ids[0]
    unknown_merge = edited.copy()
    unknown_merge.loc[len(edited) - 1, ["decision", "need_id"]] = ["merge", "no_such_need"]
    decided_twice = pd.concat([edited, edited.iloc[[0]]], ignore_index=True)  # a copied row
    comma_themes = edited.copy()
    comma_themes.loc[0, "themes"] = "information, membership"
    decided_twice.loc[len(edited), ["decision", "need_id"]] = ["merge", "no_such_need"]
    last = len(edited) + 1  # the last row of 'new needs', as a spreadsheet numbers it
    for number, (sheets, expected) in enumerate(
        [
            ((typo_need, edited), "'targeted_member_recruitmnt' in {bad}, sheet 'answers', row 3"),
            ((typo_theme, edited), "theme 'informaton' in {bad}, sheet 'answers', row 4"),
            ((no_need_column, edited), "{bad}, sheet 'answers': missing column(s) need"),
            (
                (several_problems, edited),
                "'no_such_need' in {bad}, sheet 'answers', row 3; ids on several rows",
            ),
            ((several_problems, edited), "theme 'informaton' in {bad}, sheet 'answers', row 4"),
            ((several_problems, edited), "'de' in {bad}, sheet 'answers', row 4"),
            ((answers, existing_id), "row 2: need_id"),
            ((answers, existing_id), "is already a catalogue need"),
            (
                (answers, comma_themes),
                "(unknown: 'information, membership'; separate theme ids with ';')",
            ),
            ((answers, bad_decision), f"{{bad}}, sheet 'new needs', row {last}: decision 'keep'"),
            ((answers, unknown_merge), f"{{bad}}, sheet 'new needs', row {last}: candidate"),
            (
                (answers, decided_twice),
                f"{{bad}}, sheet 'new needs': candidate {candidate} is on rows 2, {last + 1}",
            ),
        ]
    ):
        bad = tmp_path / f"bad{number}" / "edited.xlsx"
        bad.parent.mkdir()
        with pd.ExcelWriter(bad) as writer:
            sheets[0].to_excel(writer, sheet_name="answers", index=False)
            sheets[1].to_excel(writer, sheet_name="new needs", index=False)
        code, _, err = cli("needs", "--update-catalogue", bad, "-o", tmp_path / f"out{number}")
        assert code == 2 and expected.format(bad=bad) in err, err
        assert not (tmp_path / f"out{number}").exists()


def test_the_catalogue_update_never_overwrites_the_codebook_it_starts_from(cli, tmp_path):
    from classifier.codebook import codebook_path
    from classifier.needs.review import ANSWER_COLUMNS, NEW_NEED_COLUMNS

    folder = tmp_path / "codebook"
    folder.mkdir()
    shipped = codebook_path()
    for name in (shipped.name, shipped.with_suffix(".needs.yaml").name):
        shutil.copy(shipped.parent / name, folder / name)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    sheet = tmp_path / "sheet.xlsx"
    with pd.ExcelWriter(sheet) as writer:  # an empty sheet: nothing to add, only to write
        pd.DataFrame(columns=ANSWER_COLUMNS).to_excel(writer, sheet_name="answers", index=False)
        pd.DataFrame(columns=NEW_NEED_COLUMNS).to_excel(writer, sheet_name="new needs", index=False)
    code, _, err = cli(
        "needs", "--update-catalogue", sheet, "-o", folder, "--codebook", folder / shipped.name
    )
    assert code == 2 and "choose another folder" in err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    code, _, err = cli("needs", "--update-catalogue", sheet, "-o", shipped.parent)
    assert code == 2 and "choose another folder" in err
    # A codebook naming a catalogue in another folder: that folder is not written over either.
    elsewhere = tmp_path / "catalogues"
    elsewhere.mkdir()
    catalogue = elsewhere / f"{shipped.stem}.needs.yaml"
    shutil.move(folder / catalogue.name, catalogue)
    text = (folder / shipped.name).read_text(encoding="utf-8")
    (folder / shipped.name).write_text(
        text.replace(f"needs: {catalogue.name}", f"needs: ../catalogues/{catalogue.name}"),
        encoding="utf-8",
    )
    kept = catalogue.read_bytes()
    code, _, err = cli(
        "needs", "--update-catalogue", sheet, "-o", elsewhere, "--codebook", folder / shipped.name
    )
    assert code == 2 and "never writes over its inputs" in err and catalogue.name in err
    assert catalogue.read_bytes() == kept and sorted(elsewhere.iterdir()) == [catalogue]
    # Other mistakes, each named before anything is written.
    csv_sheet = tmp_path / "answers.csv"
    pd.DataFrame(columns=ANSWER_COLUMNS).to_csv(csv_sheet, index=False)
    code, _, err = cli("needs", "--update-catalogue", csv_sheet, "-o", tmp_path / "out")
    assert code == 2 and "is not a needs sheet" in err
    code, _, err = cli("needs", csv_sheet, "--update-catalogue", sheet, "-o", tmp_path / "out")
    assert code == 2 and "not both" in err
    code, _, err = cli("needs", "--update-catalogue", sheet, "-o", csv_sheet)
    assert code == 2 and "is a file" in err
    assert not (tmp_path / "out").exists()


def test_a_needs_sheet_of_another_codebook_asks_for_that_codebook(cli, tmp_path):
    from classifier.needs.review import ANSWER_COLUMNS, NEW_NEED_COLUMNS

    shipped = Codebook.load().catalogue.need_ids
    for name, listed in (("own", shipped[:3]), ("foreign", [*shipped[:3], "tree_planting_grants"])):
        sheet = tmp_path / f"{name}.xlsx"
        with pd.ExcelWriter(sheet) as writer:
            for sheet_name, frame in (
                ("answers", pd.DataFrame(columns=ANSWER_COLUMNS)),
                ("new needs", pd.DataFrame(columns=NEW_NEED_COLUMNS)),
                ("catalogue", pd.DataFrame({"need_id": listed})),
            ):
                frame.to_excel(writer, sheet_name=sheet_name, index=False)
        code, _, err = cli("needs", "--update-catalogue", sheet, "-o", tmp_path / f"out_{name}")
        if name == "own":
            assert code == 0, err
        else:
            assert code == 2 and "tree_planting_grants" in err and "--codebook FILE" in err
            assert not (tmp_path / f"out_{name}").exists()


def test_long_answers_and_control_characters_in_the_needs_outputs(cli, tmp_path):
    sample = pd.read_csv(EXAMPLES / "consultation_sample.csv", dtype=str, keep_default_na=False)
    sample = sample.head(40).copy()
    # An ask padded past what tagging reads (10,000 characters) and past what an XLSX
    # cell holds, and one with control characters XLSX cannot store.
    sample.loc[3, "q_improve"] = "Please translate the newsletter into Spanish. " + "x " * 20_000
    sample.loc[5, "q_improve"] = "More grants for small\x01groups\x0b please"
    source = tmp_path / "answers.csv"
    sample.to_csv(source, index=False)
    columns = ("--text-column", "q_improve", "--respondent-column", "respondent_id")
    code, _, err = cli("tag", source, "-o", tmp_path / "tagged.csv", *columns)
    assert code == 0, err
    # `needs` reads the answers as `tag` did: the file's own needs, no warning.
    code, _, err = cli("needs", tmp_path / "tagged.csv", "-o", tmp_path / "needs.csv", *columns)
    assert code == 0 and "warning" not in err, err
    # The needs workbook never cuts an answer: it names the row instead, writing nothing.
    review = ("review", tmp_path / "tagged.csv", "--needs", *columns)
    code, _, err = cli(*review, "-o", tmp_path / "needs.xlsx")
    tagged = pd.read_csv(tmp_path / "tagged.csv", dtype=str, keep_default_na=False)
    assert tagged.loc[3, "stance"] == "request" and tagged.loc[3, "need_ids"]
    assert code == 2 and "sheet 'answers'" in err and "32,767" in err, err
    assert not (tmp_path / "needs.xlsx").exists()
    # Without the long answer, control characters are replaced (warned), not a crash.
    tagged.drop(index=3).to_csv(tmp_path / "short.csv", index=False)
    review = ("review", tmp_path / "short.csv", "--needs", *columns)
    code, _, err = cli(*review, "-o", tmp_path / "needs.xlsx")
    assert code == 0 and "internal error" not in err, err
    code, _, err = cli(
        "report",
        tmp_path / "short.csv",
        *columns[:2],
        "-o",
        tmp_path / "report.html",
        "--xlsx",
        tmp_path / "report.xlsx",
    )
    assert code == 0 and "internal error" not in err, err
    assert (tmp_path / "report.xlsx").is_file()


def test_needs_command_requires_a_tagged_file(cli, tmp_path):
    raw = tmp_path / "raw.csv"
    pd.DataFrame({"text": ["more grants please"]}).to_csv(raw, index=False)
    code, _, err = cli("needs", raw)
    assert code == 2 and "must be tagged first" in err


@pytest.mark.parametrize("value", ["0", "two"])
def test_min_respondents_must_be_a_positive_integer(cli, value):
    with pytest.raises(SystemExit):
        cli("tag", "x.csv", "-o", "y.csv", "--min-respondents", value)


def test_needs_are_quoted_in_members_own_words(model):
    """Quotes and labels are the answers as written, never the normalizer's masks."""
    texts = [
        "Please send the invitation letters 3 months before the assembly, at https://x.org",
        "Send visa invitation letters at least 90 days ahead, write to visas@example.org",
    ]
    result = find_needs(tagged(texts, ["a", "b"], model), model=model, text_column="answer")
    shown = [
        *result.answer_columns()["need_labels"],
        *(q for need in result.needs for q in need.quotes.values()),
    ]
    assert shown and not any(
        mask in text for text in shown for mask in ("xnumx", "xurlx", "xemailx")
    )
    assert set(texts) >= {q for need in result.needs for q in need.quotes.values()}
