"""Hostile inputs found by hunt 15, in the staff workflows after tagging (`report`, `review`,
`review --needs`, `needs --update-catalogue`, `promote`): each test failed before its fix."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from classifier import Codebook
from classifier.io.tables import read_table
from classifier.report import build_report

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "models" / "default"
SAMPLE = ROOT / "data" / "examples" / "consultation_sample.csv"


def test_a_tagged_file_without_rows_gives_an_empty_review_sheet(cli, tmp_path, improve_tagged):
    # A tagged export of a survey nobody answered yet (its header only). Before, `review`
    # said "the tagged file has no score column(s) score_youth, ..." although every one was
    # there, and told staff to tag the file again.
    tagged = tmp_path / "tagged.csv"
    improve_tagged.head(0).to_csv(tagged, index=False)
    sheet = tmp_path / "review.xlsx"
    code, _, err = cli("review", tagged, "-o", sheet, "--text-column", "q_improve")
    assert code == 0, err
    review = pd.read_excel(sheet, sheet_name="review")
    assert review.empty and {"id", "text", "themes", "stance"} <= set(review.columns)


def test_a_new_need_whose_quote_holds_a_bar_keeps_its_whole_name_in_the_report(cli, tmp_path):
    # `tag` joins an answer's need labels with " | ", and a new need's label is its most
    # central quote: three members asking for a beekeeping cooperative in words holding
    # " | ". Before, the report read the label back cut at the bar and named the need "A
    # beekeeping cooperative" on the page and in the workbook. (A label staff give an added
    # need in the needs sheet, which may hold " | " too, is read back the same way.)
    sample = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    asks = [
        "Please start a beekeeping cooperative | honey sales for members' income",
        "Start a beekeeping cooperative | honey sales to fund local members",
        "A beekeeping cooperative | selling honey would bring income to members",
    ]
    extra = [
        {
            **sample.iloc[0].to_dict(),
            "respondent_id": f"X{i}",
            "q_improve": a,
            "questionnaire_language": "en",
        }
        for i, a in enumerate(asks)
    ]
    pd.concat([sample, pd.DataFrame(extra)]).to_csv(tmp_path / "export.csv", index=False)
    code, _, err = cli(
        "tag", tmp_path / "export.csv", "-o", tmp_path / "tagged.csv", "--text-column", "q_improve"
    )
    assert code == 0, err
    tagged = read_table(tmp_path / "tagged.csv")
    asked = tagged[tagged["respondent_id"].str.startswith("X")]
    [need_id] = {n for n in asked["need_ids"] if n.startswith("new-")}
    label = asked.loc[asked["need_ids"] == need_id, "need_labels"].iloc[0]
    assert " | " in label
    report = build_report(
        tagged, ["q_improve"], codebook=Codebook.load(), respondent_column="respondent_id"
    )
    named = report.tables["recurring_needs"].set_index("need_id")["need"]
    assert named[need_id] == label
    assert label in report.html


def _registry(folder: Path, default_catalogue: dict | None, version_catalogue: dict | None) -> Path:
    """A registry whose default and version v001 are the shipped model, their cards
    recording the shipped catalogue, or the one given (as a model trained after
    `needs --update-catalogue` records it)."""
    card = json.loads((SHIPPED / "model.card.json").read_text(encoding="utf-8"))
    for place, catalogue in (
        ("default", default_catalogue),
        ("consultation/v001", version_catalogue),
    ):
        (folder / place).mkdir(parents=True)
        (folder / place / "model.npz").symlink_to(SHIPPED / "model.npz")
        text = json.dumps({**card, "catalogue": catalogue or card["catalogue"]})
        (folder / place / "model.card.json").write_text(text, encoding="utf-8")
    return folder


def _updated_catalogue(added: int = 1) -> dict:
    """The shipped card's catalogue as a later version leaves it, with `added` needs more
    (`needs --update-catalogue` adds them; staff merging two needs leave one fewer)."""
    shipped = json.loads((SHIPPED / "model.card.json").read_text(encoding="utf-8"))["catalogue"]
    return {
        **shipped,
        "version": shipped["version"] + 1,
        "hash": "0" * 16,
        "needs": shipped["needs"] + added,
    }


def test_promoting_a_version_of_an_older_needs_catalogue_is_refused(cli, tmp_path):
    # The default finds the needs staff added (the next catalogue version); a version retrained
    # without the updated codebook's --codebook knows catalogue version 2 only, with test
    # figures as good. Before, `promote` compared the theme figures only and promoted it:
    # the added need was no longer found, without a word.
    registry = _registry(tmp_path / "models", _updated_catalogue(), None)
    default_card = (registry / "default" / "model.card.json").read_text(encoding="utf-8")
    code, _, err = cli("promote", "v001", "--registry", registry)
    assert code == 2
    shipped = json.loads((SHIPPED / "model.card.json").read_text(encoding="utf-8"))["catalogue"]
    older = f"version {shipped['version']} ({shipped['needs']} needs)"
    newer = f"version {shipped['version'] + 1} ({shipped['needs'] + 1} needs)"
    assert older in err and newer in err
    assert "needs added or changed since its version would no longer be found" in err
    assert "--codebook" in err
    assert (registry / "default" / "model.card.json").read_text(encoding="utf-8") == default_card
    code, out, err = cli("promote", "v001", "--registry", registry, "--force")
    assert code == 0, err
    assert "forced" in out and older in out


def test_promoting_a_version_of_an_updated_catalogue_says_what_report_needs(cli, tmp_path):
    # The version that learnt the added need: promoted, and the message now says its
    # catalogue changed, so that `report` be given the codebook naming it (the package's
    # codebook names the old catalogue, and `report` refuses files naming the added need).
    registry = _registry(tmp_path / "models", None, _updated_catalogue())
    code, out, err = cli("promote", "v001", "--registry", registry)
    assert code == 0, err
    shipped = json.loads((SHIPPED / "model.card.json").read_text(encoding="utf-8"))["catalogue"]
    later = f"version {shipped['version'] + 1}"
    assert f"{later} ({shipped['needs'] + 1} needs)" in out and "previous default" in out
    assert "report" in out and "--codebook" in out
    # A later version where staff merged two needs has fewer needs, and is promoted too.
    registry = _registry(tmp_path / "merged", None, _updated_catalogue(added=-1))
    code, out, err = cli("promote", "v001", "--registry", registry)
    assert code == 0, err
    assert f"{later} ({shipped['needs'] - 1} needs)" in out and "forced" not in out


def test_a_language_corrected_by_name_in_the_tagged_file_counts_in_that_language(improve_tagged):
    # Staff correcting the detected language of a tagged file write it as they would declare
    # it (`French`, `Español`), which `tag`, `review` and `train` read. Before, the report
    # counted those answers and respondents as undetermined, without a word.
    edited = improve_tagged.copy()
    names = {"fr": "French", "en": "english", "es": "Español"}
    edited["language"] = [names.get(code, code) for code in edited["language"]]
    codebook = Codebook.load()
    before, after = (
        build_report(frame, ["q_improve"], codebook=codebook, respondent_column="respondent_id")
        for frame in (improve_tagged, edited)
    )
    for sheet in ("overview", "themes"):
        pd.testing.assert_frame_equal(after.tables[sheet], before.tables[sheet])
