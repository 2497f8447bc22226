"""Hostile inputs found by hunt 43, in the Python API as another tool calls it: a frame
whose columns are numbered (`pd.DataFrame(rows)`, `read_csv(header=None)`), its column 0
given as the respondent or language column of `tag()`, `find_needs` or `build_report`,
which read it as no column at all, and `build_report` given one numbered column as its
question, a score column or labels keyed by numbers; parameters NaN or infinite, and a
`random_state` scikit-learn refuses, which passed the check and ended deep in
scikit-learn once the answers were embedded, and n-gram ranges given as lists, which it
refused; `detect_language` given a long answer (read whole, where `predict` reads its
first 10,000 characters), a list or bytes ('und' without a word); a feature weight set on
a fitted model (`set_params(embedding_weight=...)`), which changed every prediction
without a word, and was saved beside models fitted with the old one; one answer as a
0-dimensional array (`np.asarray(text)`); `fit(progress=True)`; and training answers
without a word, or too few to share a character sequence, which ended in scikit-learn's
"empty vocabulary" or "no terms remain. Try a lower min_df"; and a model saved under
`~/models/m`, which made a folder named `~` in the working folder; and a training answer
holding a lone surrogate (`json.loads` of a cut emoji escape), whose training ended, once
done, in a UnicodeEncodeError, as `find_needs` did on such an ask. Each test failed before
its fix."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from classifier import ClassifierError, ThemeClassifier, detect_language, detect_languages
from classifier.errors import DataWarning
from classifier.needs import find_needs
from classifier.report import build_report

# A respondent who writes a long answer and a short one, in one column: the short one takes
# the language of the long one (`analyze_languages`), when the respondents are read.
SHORT_AFTER_LONG = [
    ["r1", "Nous voudrions plus de formations en ligne pour les membres", "fr"],
    ["r1", "Bien", "fr"],
    ["r2", "More webinars for members in the regions please", "en"],
    ["r2", "Ok", "en"],
]
# One respondent asking twice for a need no catalogue need covers, another praising.
ONE_ASKS_TWICE = [
    ["r1", "Please organise a beekeeping training so members can sell honey", "8"],
    ["r1", "We want a beekeeping workshop so that members sell their honey", "8"],
    ["r2", "The newsletters are great", "9"],
]


def numbered(rows: list[list[str]]) -> pd.DataFrame:
    """`rows` as `pd.DataFrame(rows)` numbers their columns: 0, 1, 2."""
    return pd.DataFrame(rows)


def named(rows: list[list[str]], names: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=names)


def test_tag_reads_a_respondent_column_numbered_0(model):
    expected = model.tag(named(SHORT_AFTER_LONG, ["id", "answer", "lang"]), "answer", None, "id")
    tagged = model.tag(numbered(SHORT_AFTER_LONG), text_column=1, respondent_column=0)
    assert expected["language"].tolist() == ["fr", "fr", "en", "en"]
    assert tagged["language"].tolist() == expected["language"].tolist()


def test_tag_reads_a_language_column_numbered_0(model):
    rows = [[language, text] for _, text, language in SHORT_AFTER_LONG]
    rows[1][0] = "es"  # "Bien" declared Spanish: the declared language wins
    tagged = model.tag(numbered(rows), text_column=1, language_column=0)
    assert tagged["language"].tolist() == ["fr", "es", "en", "en"]


def test_find_needs_reads_a_respondent_column_numbered_0(model):
    frame = numbered(ONE_ASKS_TWICE)
    tagged = model.tag(frame, text_column=1, respondent_column=0)
    result = find_needs(tagged, model=model, text_column=1, respondent_column=0)
    columns = result.answer_columns()
    # one respondent asked twice: one respondent, not a recurring need of two
    assert columns["need_respondents"][:2] == [1, 1]
    assert columns["recurrence"][:2] == ["unique", "unique"]


def test_find_needs_reads_a_language_column_numbered_0(model):
    rows = [[language, text] for _, text, language in ONE_ASKS_TWICE]
    rows[0][0] = rows[1][0] = "fr"  # the questionnaire was in French: French labels
    tagged = model.tag(numbered(rows), text_column=1)
    result = find_needs(tagged, model=model, text_column=1, language_column=0)
    assert result.answer_languages[:2] == ["fr", "fr"]


def test_build_report_reads_numbered_columns(model):
    tagged = model.tag(numbered(ONE_ASKS_TWICE), text_column=1, respondent_column=0)
    report = build_report(tagged, 1, codebook=model.codebook_, respondent_column=0, score_column=2)
    overview = report.tables["overview"].set_index("language")
    assert overview.loc["total", "respondents"] == 2  # r1 once, r2
    overall = report.tables["nps"].iloc[0]
    assert (overall["scored"], overall["promoters"]) == (2, 1)  # r1's 8 once, r2's 9


def test_build_report_refuses_no_numbered_column_it_lists(model):
    tagged = model.tag(numbered(ONE_ASKS_TWICE), text_column=1)
    report = build_report(tagged, [1], codebook=model.codebook_, score_column=2)
    assert "nps" in report.tables


@pytest.mark.parametrize("question", [1, [1]])
def test_build_report_takes_one_numbered_question(model, question):
    tagged = model.tag(numbered(ONE_ASKS_TWICE), text_column=1)
    report = build_report(tagged, question, codebook=model.codebook_)
    assert report.tables["overview"].set_index("language").loc["total", "answers"] == 3


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"C": float("nan")}, "C must be a number > 0, not nan"),
        ({"C": float("inf")}, "C must be a number > 0, not inf"),
        ({"C": np.float64("inf")}, "C must be a number > 0, not inf"),
        ({"embedding_weight": float("nan")}, "embedding_weight must be a number >= 0, not nan"),
        ({"embedding_weight": float("inf")}, "embedding_weight must be a number >= 0, not inf"),
        ({"codebook_weight": float("inf")}, "codebook_weight must be a number >= 0, not inf"),
    ],
)
def test_a_parameter_nan_or_infinite_is_refused_before_training(setting, message):
    # NaN passed `C <= 0` and `< 0` as no number does; liblinear then refused an infinite
    # C, and an infinite or NaN weight ended in "Input X contains NaN" after the embedding
    classifier = ThemeClassifier(cv_folds=2, **setting)
    with pytest.raises(ClassifierError, match=re.escape(message)):
        classifier.fit(["Plus de formations", "Gracias por todo"], ["capacity_development", ""])


def test_ngram_ranges_given_as_lists_train_as_the_same_pairs(train_frame):
    # A list passed the check (`isinstance(value, tuple | list)`), then scikit-learn's
    # TfidfVectorizer refused it once the answers were read: "The 'ngram_range' parameter
    # of TfidfVectorizer must be an instance of 'tuple'" (a grid or settings read from JSON
    # or YAML give lists)
    cut = train_frame.sort_values("id").iloc[::600]
    texts, themes = cut["text"].tolist(), cut["themes"].tolist()
    as_lists = ThemeClassifier(cv_folds=2).set_params(
        word_ngram_range=[1, 2], char_ngram_range=[2, 5]
    )
    with pytest.warns(DataWarning):  # themes with few examples in a cut this small
        as_lists.fit(texts, themes)
        as_pairs = ThemeClassifier(cv_folds=2).fit(texts, themes)
    answers = ["Plus de formations en ligne", "More webinars please", "Más talleres"]
    assert np.array_equal(as_lists.predict_proba(answers), as_pairs.predict_proba(answers))
    assert as_lists.get_params()["word_ngram_range"] == [1, 2]  # parameters kept as given


def test_build_report_names_numbered_columns_by_their_labels(model):
    tagged = model.tag(numbered(ONE_ASKS_TWICE), text_column=1, respondent_column=0)
    tagged[3] = ["Europe", "Europe", "Africa"]
    report = build_report(
        tagged,
        [1],
        codebook=model.codebook_,
        respondent_column=0,
        score_column=2,
        segment_columns=[3],
        question_labels={1: "What should we improve?"},
        segment_labels={3: "Region"},
    )
    assert "What should we improve?" in report.html
    assert "Region" in report.html


def test_detect_language_reads_a_long_answer_as_detect_languages_and_tag_read_it(model):
    # English for its first 10,000 characters, then French: `tag`, `predict` and
    # `detect_languages` read the first 10,000 (`MAX_TEXT_CHARS`), `detect_language` read
    # the whole answer and called it French
    english = "The regional meetings were useful and we would like more of them next year. "
    french = "Les réunions régionales étaient utiles, nous en voudrions davantage. "
    answer = english * 140 + french * 300
    assert detect_languages([answer]) == [model.predict([answer])[0].language] == ["en"]
    assert detect_language(answer) == "en"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (["Plus de formations en ligne pour les membres"], "detect_languages"),
        (("Plus de formations en ligne pour les membres",), "detect_languages"),
        (pd.Series(["Plus de formations en ligne pour les membres"]), "detect_languages"),
        (pd.DataFrame({"answer": ["Plus de formations en ligne"]}), "detect_languages"),
        (b"Plus de formations en ligne pour les membres", "decode"),
    ],
)
def test_detect_language_refuses_what_is_not_one_answer(given, message):
    # each was 'und' without a word: a list or a column given for one answer, or bytes,
    # which `predict` and `detect_languages` refuse
    with pytest.raises(ClassifierError, match=message):
        detect_language(given)


def test_detect_language_reads_a_missing_answer_or_a_number_as_before():
    assert [detect_language(value) for value in (None, float("nan"), 12, "")] == ["und"] * 4
    assert detect_language("Plus de formations en ligne pour les membres") == "fr"


ANSWERS = ["Plus de formations en ligne", "More webinars please", "Los boletines llegan tarde"]


@pytest.mark.parametrize(
    "setting", [{"embedding_weight": 3.0}, {"codebook_weight": 2.0}, {"codebook_weight": 0.0}]
)
def test_a_feature_weight_set_after_fitting_is_refused_until_fitted_again(model, setting):
    # The theme models were fitted on features weighted as the model was fitted; set
    # afterwards (set_params on a loaded or fitted model, a Pipeline's clf__...), the
    # weights changed every prediction without a word (embedding_weight 3.0 gave three
    # themes where the model gives one), and codebook_weight 0 ended in a raw ValueError
    # ("the features have 193329 columns and the model expects 193359")
    changed = ThemeClassifier.load().set_params(**setting)
    ((name, value),) = setting.items()
    with pytest.raises(ClassifierError, match=rf"fitted with {name}=.*set to {value}"):
        changed.predict(ANSWERS)
    with pytest.raises(ClassifierError, match="fit it again"):
        changed.tag(pd.DataFrame({"answer": ANSWERS}))
    changed.set_params(**{name: getattr(model, name)})  # set back: the model as fitted
    assert np.array_equal(changed.predict_proba(ANSWERS), model.predict_proba(ANSWERS))


def test_a_model_whose_feature_weight_was_set_after_fitting_is_not_saved(tmp_path):
    # saved, the file held the new weight beside models fitted with the old one: loaded
    # back, it tagged otherwise than the model its card describes
    changed = ThemeClassifier.load().set_params(embedding_weight=3.0)
    with pytest.raises(ClassifierError, match="embedding_weight"):
        changed.save(tmp_path / "changed.npz")
    assert not list(tmp_path.iterdir())


ONE_ANSWER = np.asarray("Plus de formations en ligne")  # a 0-dimensional array: one value


@pytest.mark.parametrize(
    "call",
    [
        lambda model: model.predict(ONE_ANSWER),
        lambda model: model.analyze(ONE_ANSWER),
        lambda model: model.score(ONE_ANSWER, ["capacity_development"]),
        lambda model: detect_languages(ONE_ANSWER),
        lambda model: ThemeClassifier().fit(ONE_ANSWER, ["capacity_development"]),
    ],
)
def test_one_answer_as_a_0_dimensional_array_is_refused_as_a_single_string(model, call):
    # `np.asarray(text)`: iterated, "TypeError: iteration over a 0-d array"
    with pytest.raises(ClassifierError, match=r"0-dimensional array.*pass \[text\]"):
        call(model)


def test_values_alongside_the_answers_as_a_0_dimensional_array_are_refused(model):
    answers = ["Plus de formations en ligne", "Más talleres"]
    # "TypeError: len() of unsized object"
    with pytest.raises(ClassifierError, match="languages must hold one value per answer"):
        model.predict(answers, languages=np.asarray("fr"))
    # y: "TypeError: iteration over a 0-d array"
    with pytest.raises(ClassifierError, match="y must hold one entry per answer"):
        ThemeClassifier().fit(answers, np.asarray("capacity_development"))


@pytest.mark.parametrize("progress", [True, "verbose", 1])
def test_a_progress_that_is_no_function_is_refused_before_training(progress):
    # `verbose=True`, as scikit-learn's estimators take it: "TypeError: 'bool' object is not
    # callable" when the first stage was announced
    with pytest.raises(ClassifierError, match=r"progress must be a function.*progress=print"):
        ThemeClassifier(cv_folds=2).fit(
            ["Plus de formations", "Gracias por todo"],
            ["capacity_development", ""],
            progress=progress,
        )


@pytest.mark.parametrize("seed", ["abc", 1.5, -1, 2**40, True])
def test_a_random_state_scikit_learn_refuses_is_refused_before_training(seed):
    # passed the check, then scikit-learn's LogisticRegression refused it once every answer
    # was embedded (minutes on the corpus), with an error `except ClassifierError` missed
    with pytest.raises(ClassifierError, match="random_state must be None, an integer from 0"):
        ThemeClassifier(cv_folds=2, random_state=seed).fit(
            ["Plus de formations", "Gracias por todo"], ["capacity_development", ""]
        )


@pytest.mark.parametrize("seed", [None, 0, np.int64(7), 2**32 - 1, np.random.RandomState(0)])
def test_the_random_states_scikit_learn_takes_pass_the_check(seed):
    ThemeClassifier(random_state=seed)._check_params()


@pytest.mark.parametrize("empty", [["", ""], [None, float("nan")], ["  ", "👍"]])
def test_training_answers_without_a_word_are_refused_before_training(empty):
    # the answers' column given empty (a column of another question, read as NaN): after a
    # warning per empty row, scikit-learn's "empty vocabulary; perhaps the documents only
    # contain stop words" (or "After pruning, no terms remain")
    with pytest.raises(ClassifierError, match="none of the 2 training answers has a word"):
        ThemeClassifier(cv_folds=2).fit(empty, ["capacity_development", ""])


def test_training_answers_too_few_to_share_a_sequence_are_refused_with_why():
    # two answers with no character sequence in common: "After pruning, no terms remain.
    # Try a lower min_df or a higher max_df", an option of scikit-learn's, not the model's
    with pytest.warns(DataWarning), pytest.raises(ClassifierError, match="too few"):
        ThemeClassifier(cv_folds=2).fit(["Plus de formations", "Merci"], ["information", ""])


def test_a_model_saved_under_a_path_from_the_home_folder_goes_there(model, tmp_path, monkeypatch):
    # `save` makes missing folders: "~/models/m.npz" made a folder named "~" in the working
    # folder (which `rm -r ~` would then be typed to remove), and `load` looked there too
    home, working = tmp_path / "home", tmp_path / "working"
    home.mkdir(), working.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(working)
    saved = model.save("~/models/consultation-2026")
    assert saved == home / "models" / "consultation-2026.npz" and saved.is_file()
    assert not list(working.iterdir())
    loaded = ThemeClassifier.load("~/models/consultation-2026")
    assert loaded.card_.model_sha256 == ThemeClassifier.load(saved).card_.model_sha256


def test_training_answers_with_a_lone_surrogate_train_and_save(tmp_path):
    # A JSON escape that is no text (`"\ud83d"` cut from an emoji's pair), as json.loads
    # reads it: predict reads it (as U+FFFD), but fit, once every answer was embedded and
    # every model fitted, ended in "UnicodeEncodeError: 'utf-8' codec can't encode character
    # '\ud83d'" when it hashed the training data for the card
    answer = json.loads('"Plus de formations en ligne \\ud83d merci"')
    texts = [answer, "More webinars for members please", "Más talleres para los miembros"]
    clf = ThemeClassifier(cv_folds=2)
    with pytest.warns(DataWarning):  # themes with few examples
        clf.fit(texts, ["capacity_development", "capacity_development", ""])
    saved = clf.save(tmp_path / "m.npz")
    loaded = ThemeClassifier.load(saved)
    assert loaded.training_summary_["data_hash"] == clf.training_summary_["data_hash"]
    assert np.array_equal(loaded.predict_proba(texts), clf.predict_proba(texts))


def test_find_needs_groups_an_ask_holding_a_lone_surrogate(model):
    # "UnicodeEncodeError: 'utf-8' codec can't encode character '\ud83d'" when the
    # suggestion's id was made of its asks
    answer = json.loads('"We need more webinars in Spanish \\ud83d please"')
    frame = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "answer": [answer, "We need more webinars in Spanish please", "Great newsletters"],
        }
    )
    tagged = model.tag(frame, "answer", respondent_column="id")
    columns = find_needs(tagged, model=model, text_column="answer", respondent_column="id")
    columns = columns.answer_columns()
    assert columns["need_ids"][0] and columns["need_ids"][0] == columns["need_ids"][1]
    assert columns["need_respondents"][:2] == [2, 2]
