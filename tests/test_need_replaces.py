"""Needs renamed or merged in the catalogue (`replaces`): files tagged or labeled before
line up with the catalogue of today, in the report's comparison and in training."""

from __future__ import annotations

import dataclasses
import html
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest
from test_hostile_hunt12 import edit_new_needs

from classifier.catalogue import NeedsCatalogue
from classifier.codebook import Codebook
from classifier.errors import CodebookError, DataWarning, LabelError
from classifier.io.tables import read_table

from conftest import needs_sheet, report_tables

CODEBOOKS = Path(__file__).resolve().parent.parent / "classifier" / "codebooks"


def catalogue_with(changes: dict[str, dict], removed: set[str] = frozenset()) -> NeedsCatalogue:
    """The shipped catalogue with some needs changed (id -> fields to replace) and some
    removed, as staff edit the file."""
    shipped = Codebook.load().catalogue
    needs = [
        dataclasses.replace(need, **changes.get(need.id, {}))
        for need in shipped.needs
        if need.id not in removed
    ]
    return shipped.with_needs(needs, version=f"{shipped.version}-edited")


def codebook_folder(folder: Path, catalogue: NeedsCatalogue) -> Path:
    """A copy of the shipped codebook in `folder`, naming `catalogue` written beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(CODEBOOKS / "consultation.yaml", folder / "consultation.yaml")
    (folder / "consultation.needs.yaml").write_text(catalogue.to_yaml(), encoding="utf-8")
    return folder / "consultation.yaml"


def edited_by_hand(folder: Path, *edits: tuple[str, str]) -> Path:
    """A copy of the shipped codebook in `folder` with its catalogue file edited as staff
    edit it, text for text (each edit: the text, and what it becomes), so that everything
    else in the file (its `reviewed_distinct` pairs above all) stays as it was."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(CODEBOOKS / "consultation.yaml", folder / "consultation.yaml")
    text = (CODEBOOKS / "consultation.needs.yaml").read_text(encoding="utf-8")
    for before, after in edits:
        assert text.count(before) == 1, before
        text = text.replace(before, after)
    (folder / "consultation.needs.yaml").write_text(text, encoding="utf-8")
    return folder / "consultation.yaml"


# ------------------------------------------------------------- the catalogue file
def test_replaced_ids_read_as_the_need_that_replaces_them(tmp_path):
    catalogue = catalogue_with(
        {"grant_rejection_feedback": {"id": "grant_decision_feedback",
                                      "replaces": ("grant_rejection_feedback", "h2_feedback")}}
    )  # fmt: skip
    path = tmp_path / "c.needs.yaml"
    path.write_text(catalogue.to_yaml(), encoding="utf-8")
    loaded = NeedsCatalogue.load(path)
    assert loaded.current_id("grant_rejection_feedback") == "grant_decision_feedback"
    assert loaded.current_id("h2_feedback") == "grant_decision_feedback"
    assert loaded.current_id("grant_decision_feedback") == "grant_decision_feedback"
    assert loaded.current_id("new-3") == "new-3"  # a new need, and any other id, as it is
    assert loaded.need("grant_decision_feedback").replaces == (
        "grant_rejection_feedback",
        "h2_feedback",
    )
    # a catalogue without renames is written as before, so its content hash (recorded in
    # the cards of models trained with it) does not change
    shipped = Codebook.load().catalogue
    without = shipped.with_needs(
        [dataclasses.replace(n, replaces=()) for n in shipped.needs], shipped.version
    )
    assert "replaces" in shipped.to_yaml() and "replaces" not in without.to_yaml()


@pytest.mark.parametrize(
    ("replaces", "message"),
    [
        (["youth_seats_in_governance"], "still a need of the catalogue"),
        (["Old-Id"], "not a lowercase snake_case id"),
        (["old_id\n"], "not a lowercase snake_case id"),  # before, accepted: `$` ends a line
        ({"old": 1}, "replaces must be a list"),
        # the need's own id: before, "delete it (merged into itself)"
        (["{own}"], "lists its own id under replaces"),
        # a new need of a tagged file: before, "not a lowercase snake_case id"
        (["new-1bcff49a"], "'new-1bcff49a', the id of a new need one tagged file found"),
    ],
)
def test_a_replaced_id_that_cannot_read_as_one_need_is_refused(tmp_path, replaces, message):
    data = Codebook.load().catalogue.to_dict()
    own = data["needs"][0]["id"]
    data["needs"][0]["replaces"] = (
        [old.format(own=own) for old in replaces] if isinstance(replaces, list) else replaces
    )
    with pytest.raises(CodebookError, match=message):
        NeedsCatalogue.from_dict(data)


def test_a_misspelt_replaces_key_is_refused_not_dropped(tmp_path):
    # `replace:` for `replaces:` was dropped without a word: the rename lined up nothing,
    # and the report then refused this year's file as tagged with another catalogue.
    codebook = edited_by_hand(
        tmp_path,
        ("- id: digital_security_training\n",
         "- id: digital_safety_training\n  replace: [digital_security_training]\n"),
    )  # fmt: skip
    unknown = r"need 'digital_safety_training' has unknown key\(s\) replace \(a need has .*replaces"
    with pytest.raises(CodebookError, match=unknown):
        Codebook.load(codebook)


def test_replaces_written_as_a_comma_separated_text_is_the_list_it_names(tmp_path):
    codebook = edited_by_hand(
        tmp_path,
        ("- id: fee_payment_options\n",
         "- id: fee_payment_options\n  replaces: fee_cash_options, fee_bank_options\n"),
    )  # fmt: skip
    catalogue = Codebook.load(codebook).catalogue
    assert catalogue.current_id("fee_cash_options") == "fee_payment_options"
    assert catalogue.current_id("fee_bank_options") == "fee_payment_options"


def test_a_reviewed_pair_naming_an_unknown_need_says_once_to_check_replaces(tmp_path):
    # Renamed without `replaces`: every pair naming the old id gave the same phrase, which
    # did not say where to look.
    codebook = edited_by_hand(
        tmp_path, ("- id: fee_relief_small_orgs\n", "- id: fair_membership_fees\n")
    )
    with pytest.raises(CodebookError) as caught:
        Codebook.load(codebook)
    message = str(caught.value)
    assert message.count("'fee_relief_small_orgs'") == 1
    assert "(entries #" in message and "under the `replaces` of the need" in message


def test_an_id_replaced_by_two_needs_is_refused():
    data = Codebook.load().catalogue.to_dict()
    data["needs"][0]["replaces"] = ["old_need"]
    data["needs"][1]["replaces"] = ["old_need"]
    first, second = data["needs"][0]["id"], data["needs"][1]["id"]
    with pytest.raises(CodebookError, match=f"'old_need' is replaced by two needs, '{first}' "
                                            f"and '{second}'"):  # fmt: skip
        NeedsCatalogue.from_dict(data)


def test_a_need_renamed_in_the_file_keeps_its_reviewed_pairs(cli, tagged_files, tmp_path):
    # Staff rename a need in its entry, as README shows. `reviewed_distinct` still names
    # its old id (the pairs were reviewed before): the catalogue was refused ("names
    # unknown need(s)"), so no report could be written with it.
    codebook = edited_by_hand(
        tmp_path / "codebook",
        ("- id: grant_rejection_feedback\n",
         "- id: grant_decision_feedback\n  replaces: [grant_rejection_feedback]\n"),
    )  # fmt: skip
    catalogue = Codebook.load(codebook).catalogue
    assert catalogue.is_reviewed_distinct("grant_decision_feedback", "reasons_for_rejections")
    tables = report_tables(
        cli, tmp_path, tagged_files["this_year"], "--compare", tagged_files["previous"],
        "--codebook", codebook,
    )  # fmt: skip
    row = tables["need_change"].set_index("need_id").loc["grant_decision_feedback"]
    assert (row["respondents"], row["previous_respondents"]) == ("7", "3")


def test_two_reviewed_needs_merged_in_the_file_are_no_longer_a_pair(tmp_path):
    # grant_rejection_feedback and reasons_for_rejections were reviewed and kept apart;
    # staff now merge the second into the first (deleting its entry): the pair of them,
    # one need now, is dropped, and the other pairs naming the merged need keep apart the
    # need that replaces it.
    text = (CODEBOOKS / "consultation.needs.yaml").read_text(encoding="utf-8")
    start = text.index("- id: reasons_for_rejections\n")
    entry = text[start : text.index("\n- id: ", start) + 1]
    codebook = edited_by_hand(
        tmp_path / "codebook",
        (entry, ""),
        ("- id: grant_rejection_feedback\n",
         "- id: grant_rejection_feedback\n  replaces: [reasons_for_rejections]\n"),
    )  # fmt: skip
    catalogue = Codebook.load(codebook).catalogue
    assert "reasons_for_rejections" not in catalogue.need_ids
    named = {need_id for pair in catalogue.reviewed_distinct for need_id in pair[:2]}
    assert "reasons_for_rejections" not in named
    assert catalogue.is_reviewed_distinct(
        "feedback_and_complaints_channel", "grant_rejection_feedback"
    )


# ------------------------------------------------------------- the report
def test_a_renamed_need_is_compared_with_last_years_under_its_new_id(
    cli,
    tagged_files,
    tmp_path,
):
    # Staff renamed grant_rejection_feedback in the catalogue. Both years' files were
    # tagged before, with the old id. Before `replaces`, this year's file was refused ("a
    # model of another catalogue") and last year's need listed as not compared.
    codebook = codebook_folder(
        tmp_path / "codebook",
        catalogue_with(
            {"grant_rejection_feedback": {"id": "grant_decision_feedback",
                                          "replaces": ("grant_rejection_feedback",)}}
        ),
    )  # fmt: skip
    tables = report_tables(
        cli, tmp_path, tagged_files["this_year"], "--compare", tagged_files["previous"],
        "--codebook", codebook,
    )  # fmt: skip
    assert "grant_rejection_feedback -> grant_decision_feedback" in tables["stderr"]
    change = tables["need_change"].set_index("need_id")
    assert "grant_rejection_feedback" not in change.index
    row = change.loc["grant_decision_feedback"]
    assert (row["respondents"], row["previous_respondents"], row["change"]) == ("7", "3", "4")
    assert "Non comparés" not in tables["page"] and "Not compared" not in tables["page"]


def one_respondent_needs(tagged: Path) -> list[str]:
    """Catalogue needs that exactly one respondent raised (first need of an ask) in a
    tagged file, each by a different respondent."""
    frame = read_table(tagged)
    first = frame["need_ids"].str.split(";").str[0]
    catalogue = set(Codebook.load().catalogue.need_ids)
    people = frame[first.isin(catalogue)].groupby(first)["respondent_id"].agg(set)
    alone = people[people.map(len) == 1]
    chosen, seen = [], set()
    for need, respondents in sorted(alone.items()):
        if not respondents & seen:
            chosen.append(need)
            seen |= respondents
    return chosen


def test_two_needs_merged_since_count_their_respondents_together(
    cli,
    tagged_files,
    tmp_path,
):
    # Last year two members each raised a need that staff have since merged into one: the
    # file called each unique. Compared by the catalogue of today, last year's need had
    # two respondents, so it was recurring (the file's threshold is 2).
    kept, merged = one_respondent_needs(tagged_files["previous"])[:2]
    codebook = codebook_folder(
        tmp_path / "codebook",
        catalogue_with({kept: {"replaces": (merged,)}}, removed={merged}),
    )
    tables = report_tables(
        cli, tmp_path, tagged_files["this_year"], "--compare", tagged_files["previous"],
        "--codebook", codebook,
    )  # fmt: skip
    assert f"{merged} -> {kept}" in tables["stderr"]
    row = tables["need_change"].set_index("need_id").loc[kept]
    assert (row["previous_respondents"], row["previously_recurring"]) == ("2", "yes")


def test_the_page_names_the_ids_a_need_merged_since_is_counted_from(cli, tagged_files, tmp_path):
    # The table showed last year's line of a need that another was merged into since,
    # without a word that it holds that other need's answers too: the warning went to
    # the terminal, not to the page's readers.
    kept, merged = one_respondent_needs(tagged_files["previous"])[:2]
    codebook = codebook_folder(
        tmp_path / "codebook",
        catalogue_with({kept: {"replaces": (merged,)}}, removed={merged}),
    )
    tables = report_tables(
        cli, tmp_path, tagged_files["this_year"], "--compare", tagged_files["previous"],
        "--codebook", codebook, "--lang", "es",
    )  # fmt: skip
    label = Codebook.load().catalogue.label(kept, "es")
    page = html.unescape(tables["page"])
    assert "se cuentan bajo la necesidad de hoy" in page
    assert f"{label} ({merged})" in page


def test_a_typo_in_replaces_is_pointed_at_when_the_tagged_file_names_the_old_id(
    cli, tagged_files, tmp_path
):
    # The report refused this year's file as "tagged by a model of another catalogue",
    # without a word of `replaces`, where the old id was misspelt.
    codebook = edited_by_hand(
        tmp_path / "codebook",
        ("- id: digital_security_training\n",
         "- id: digital_safety_training\n  replaces: [digital_security_trainning]\n"),
    )  # fmt: skip
    code, _, err = cli(
        "report", tagged_files["this_year"], "-o", tmp_path / "r.html",
        "--text-column", "q_improve", "--codebook", codebook,
    )  # fmt: skip
    assert code != 0
    assert (
        "(a typo? need 'digital_safety_training' replaces 'digital_security_trainning', not "
        "'digital_security_training')" in err
    )


def test_without_replaces_a_renamed_need_is_still_named_as_not_compared(
    cli,
    tagged_files,
    tmp_path,
):
    # The same rename without `replaces`: last year's old id is not guessed to be the new
    # need; it is listed apart, as before.
    codebook = codebook_folder(
        tmp_path / "codebook",
        catalogue_with({"grant_rejection_feedback": {"id": "grant_decision_feedback"}}),
    )
    this_year = read_table(tagged_files["this_year"])
    this_year["need_ids"] = this_year["need_ids"].str.replace(
        "grant_rejection_feedback", "grant_decision_feedback"
    )
    this_year.to_csv(tmp_path / "this_year.csv", index=False)
    tables = report_tables(
        cli, tmp_path, tmp_path / "this_year.csv", "--compare", tagged_files["previous"],
        "--codebook", codebook,
    )  # fmt: skip
    change = tables["need_change"].set_index("need_id")
    assert change.loc["grant_rejection_feedback", "change"] == ""  # not available
    assert change.loc["grant_decision_feedback", "previous_respondents"] == "0"


# ------------------------------------------------------------- training
def test_answers_labeled_with_a_replaced_id_train_the_need_that_replaces_it(train_frame, tmp_path):
    from classifier import ThemeClassifier

    subset = train_frame.sort_values("id").iloc[::30]
    asks = subset[subset["stance"].isin(["request", "criticism"])]
    catalogue = Codebook.load().catalogue
    labeled = asks["need"][asks["need"].isin(catalogue.need_ids)]
    old = labeled.value_counts().index[0]
    count = int((subset["need"] == old).sum())
    codebook = Codebook.load().with_catalogue(
        catalogue_with({old: {"id": "renamed_need", "replaces": (old,)}})
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        clf = ThemeClassifier(codebook=codebook, cv_folds=2).fit(
            subset["text"].tolist(),
            subset["themes"].tolist(),
            stances=subset["stance"].tolist(),
            languages=subset["language"].tolist(),
            needs=subset["need"].tolist(),
        )
    said = [str(w.message) for w in caught if issubclass(w.category, DataWarning)]
    assert any(f"{old} -> renamed_need ({count})" in message for message in said), said
    assert "renamed_need" in clf.need_classes_ and old not in clf.need_classes_
    head = clf.training_summary_["need_head"]
    kept = subset["need"].isin(codebook.catalogue.need_ids) | (subset["need"] == old)
    assert head["labeled_asks"] == int(
        (kept & subset["stance"].isin(["request", "criticism"])).sum()
    )
    # the model file keeps the renames of its catalogue (saved only when set: a model
    # without any holds the same document as before they existed)
    loaded = ThemeClassifier.load(clf.save(tmp_path / "renamed.npz"))
    assert loaded.codebook_.catalogue.current_id(old) == "renamed_need"


def test_an_old_need_id_written_otherwise_is_refused_in_training():
    # Answers labeled before a rename carry the old id; typed in capitals, it was neither
    # read as the need that replaces it nor refused as a catalogue id written otherwise
    # (as the current ids are): it trained as a unique request of its own, without a word.
    renamed = {"id": "grant_decision_feedback", "replaces": ("grant_rejection_feedback",)}
    codebook = Codebook.load().with_catalogue(catalogue_with({"grant_rejection_feedback": renamed}))
    codebook.check_need_spellings(["grant_rejection_feedback"], ["train.csv:2"])
    with pytest.raises(
        LabelError, match="'Grant_Rejection_Feedback' in train.csv:3 is grant_rejection_feedback"
    ):
        codebook.check_need_spellings(["Grant_Rejection_Feedback"], ["train.csv:3"])


# ------------------------------------------------------------- the needs sheet
def sheet_before_a_rename(cli, tagged, folder: Path) -> tuple[Path, pd.DataFrame, str, Path]:
    """A needs sheet of `tagged` as staff get it, its sheet 'answers', the first catalogue
    need its answers name, and a codebook (in `folder`) where that need was renamed since
    (`renamed_need`, replacing it)."""
    sheet = needs_sheet(cli, tagged, folder)
    answers = pd.read_excel(sheet, sheet_name="answers", dtype=str, keep_default_na=False)
    old = sorted(set(answers["need"]) & set(Codebook.load().catalogue.need_ids))[0]
    codebook = codebook_folder(
        folder / "codebook", catalogue_with({old: {"id": "renamed_need", "replaces": (old,)}})
    )
    return sheet, answers, old, codebook


def test_a_needs_sheet_written_before_a_rename_is_read_with_the_new_ids(
    cli, improve_tagged, tmp_path
):
    # Staff renamed a catalogue need while a needs sheet was out for review. Before
    # `replaces`, the sheet was refused ("written with another codebook"); its answers of
    # the old id, and a merge into it, now go to the need that replaces it.
    sheet, answers, old, codebook = sheet_before_a_rename(cli, improve_tagged, tmp_path)
    edit_new_needs(sheet, 2, decision="add", need_id=old, label_en="a", label_fr="b",
                   label_es="c", themes="youth")  # fmt: skip
    update = ("needs", "--update-catalogue", sheet, "-o", tmp_path / "reviewed", "--codebook")
    code, _, err = cli(*update, codebook)
    assert code == 2 and f"need_id {old!r} was the id of catalogue need 'renamed_need'" in err
    edit_new_needs(sheet, 2, decision="merge", need_id=old)
    code, _, err = cli(*update, codebook)
    assert code == 0, err
    written = pd.read_csv(tmp_path / "reviewed" / "needs_answers.csv", dtype=str)
    candidate = pd.read_excel(sheet, sheet_name="new needs", dtype=str)["candidate"].iloc[0]
    merged = answers["need"] == candidate
    assert merged.any() and old not in set(written["need"])
    by_id = written.set_index("id")["need"]
    assert (by_id[answers.loc[merged, "id"]] == "renamed_need").all()
    assert (by_id[answers.loc[answers["need"] == old, "id"]] == "renamed_need").all()


def test_an_old_id_typed_in_another_case_in_the_needs_sheet_is_named_in_lowercase(
    cli, improve_tagged, tmp_path
):
    # A merge into a need renamed since, its old id typed with capitals: the error said it
    # is no catalogue need, without the lowercase hint a current id gets.
    sheet, answers, old, codebook = sheet_before_a_rename(cli, improve_tagged, tmp_path)
    edit_new_needs(sheet, 2, decision="merge", need_id=old.title())
    code, _, err = cli(
        "needs", "--update-catalogue", sheet, "-o", tmp_path / "reviewed", "--codebook", codebook
    )
    assert code == 2 and f"(need ids are lowercase: {old.title()!r} is {old})" in err


def test_a_needs_sheet_written_before_a_merge_that_widened_a_need_is_read(
    cli, improve_tagged, tmp_path
):
    # Staff merged a need into another while a needs sheet was out for review, widening
    # the other's label and scope in the catalogue file as a merge asks. The sheet's
    # reference row of that need, written before, was refused as an edit made in the sheet
    # ("edits there are not applied ... undo these edits"), which staff had not made.
    sheet = needs_sheet(cli, improve_tagged, tmp_path)
    merged, kept = "funding_opportunity_alerts", "donor_introductions"
    labels = {"en": "Donors and calls", "fr": "Bailleurs et appels", "es": "Donantes y fondos"}
    replaces = (*Codebook.load().catalogue.need(kept).replaces, merged)
    widened = {"label": labels, "scope": "introductions and funding alerts", "replaces": replaces}
    catalogue = catalogue_with({kept: widened}, removed={merged})
    codebook = codebook_folder(tmp_path / "codebook", catalogue)
    code, _, err = cli(
        "needs", "--update-catalogue", sheet, "-o", tmp_path / "reviewed", "--codebook", codebook
    )
    assert code == 0, err


def test_a_needs_sheet_written_before_a_catalogue_edit_says_the_catalogue_changed(
    cli, improve_tagged, tmp_path
):
    # Staff corrected a need's label in the catalogue file while a needs sheet was out for
    # review. The sheet's reference row, written before, was refused as an edit made in
    # the sheet, with "undo these edits": nobody had edited the sheet, and nothing said
    # that the catalogue had changed since.
    sheet = needs_sheet(cli, improve_tagged, tmp_path)
    labels = {"en": "Donor meetings", "fr": "Rencontres bailleurs", "es": "Reuniones con donantes"}
    codebook = codebook_folder(
        tmp_path / "codebook",
        catalogue_with({"donor_introductions": {"label": labels}}),
    )
    code, _, err = cli(
        "needs", "--update-catalogue", sheet, "-o", tmp_path / "reviewed", "--codebook", codebook
    )
    assert code == 2 and "donor_introductions: label_en" in err
    assert "the catalogue file was changed since the sheet was written" in err


def test_a_needs_sheet_written_before_a_rename_that_other_scopes_name_is_read(
    cli, improve_tagged, tmp_path
):
    # Staff renamed a need while a needs sheet was out for review, and wrote its new id in
    # the scopes of the needs that name it ("not recordings (...)"), as the catalogue's
    # version 3 did for every need it merged. Those needs' reference rows, written before
    # the rename with the old id, were refused as edits made in the sheet: every sheet
    # written with the version-2 model was refused by the version-3 catalogue.
    sheet = needs_sheet(cli, improve_tagged, tmp_path)
    shipped = Codebook.load().catalogue
    old, new = "recorded_and_self_paced_training", "recordings_and_self_paced_learning"
    naming = [n for n in shipped.needs if old in n.scope]
    assert naming, f"no need's scope names {old}"
    changes = {n.id: {"scope": n.scope.replace(old, new)} for n in naming}
    changes[old] = {"id": new, "replaces": (*shipped.need(old).replaces, old)}
    codebook = codebook_folder(tmp_path / "codebook", catalogue_with(changes))
    code, _, err = cli(
        "needs", "--update-catalogue", sheet, "-o", tmp_path / "reviewed", "--codebook", codebook
    )
    assert code == 0, err
