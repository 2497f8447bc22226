"""ThemeClassifier: multi-label themes and a stance for survey answers.

Features are the concatenation of
- lemma word n-gram TF-IDF (what the answer talks about, in its language),
- character n-gram TF-IDF (robust to typos and missing accents),
- multilingual sentence embeddings (so that a theme learned from answers in
  one language is recognised in the others).

Each theme has its own logistic regression and its own decision threshold,
chosen by cross-validation on the training data to maximise that theme's F1.
The stance head is a multinomial logistic regression, fitted only when the
training data has stances. The estimator follows scikit-learn's contract:
parameters are stored untouched by `__init__`, learned state ends in `_`,
`fit` returns `self`, so `clone`, `get_params` and cross-validation work.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import numbers
import warnings
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from ..codebook import Codebook
from ..errors import (
    ClassifierError,
    DataWarning,
    ModelFileError,
    TrainingDataError,
    not_fitted_error,
)
from ..io.tables import first_ten
from ..text.answers import check_answers, holds_values, one_value, wrong_values
from ..text.char_ngrams import char_tfidf
from ..text.embeddings import Embedder, USEEmbedder
from ..text.language import (
    LanguageContext,
    analyze_languages,
    every_language_declared,
    has_words,
    unknown_declared,
    unknown_declared_warning,
    warn_of_unknown_declared,
)
from ..text.language import language_context as column_language_context
from ..text.normalize import NormalizedText, first_lemma_table, normalize, prune_lemma_table
from ..text.tfidf import tfidf_transform
from ..vocab import (
    ASKING_STANCES,
    LANGUAGES,
    NEUTRAL,
    PRAISE,
    UNDETERMINED,
    is_blank,
    readable_texts,
    split_ids,
)
from . import persistence
from .card import ModelCard, card_path, write_with_card
from .knowledge import ThemeKnowledge
from .linear import class_probabilities, positive_probability
from .need_head import (
    TextNeedModel,
    catalogue_examples,
    fit_need_head,
    fit_text_svm,
    need_probabilities,
)
from .parallel import CHUNK_ROWS, effective_jobs, map_chunks, one_blas_thread
from .params import EstimatorParams
from .prediction import Prediction
from .question_kinds import OPEN, check_question_kind, kind_prior
from .stance_prior import adjusted_stances, checked_mix, column_mix, training_mix
from .tagging import add_prediction_columns
from .thresholds import best_threshold, fallback_theme

# Each fit or set_params gives the model a new state number (`state_number`).
_STATE_NUMBERS = itertools.count(1)

# The largest seed scikit-learn's estimators take (`random_state`).
MAX_SEED = 2**32 - 1

# Training warns when a theme has fewer examples than this (it may then never be assigned) ...
MIN_THEME_EXAMPLES = 10
# ... or, with training data in several languages, fewer than this in one of them.
MIN_THEME_EXAMPLES_PER_LANGUAGE = 3


@dataclass(frozen=True)
class Analysis:
    """One pass of the model over a batch of answers.

    `language_shares[i]` is the share of each language in answer i (several
    languages for a mixed answer; see `text.language.AnswerLanguage`).
    """

    texts: list[str]
    languages: list[str]
    theme_probabilities: np.ndarray
    stance_probabilities: np.ndarray | None
    embeddings: np.ndarray
    language_shares: list[dict[str, float]] = field(default_factory=list)
    # Probability of each catalogue need (columns: the model's `need_classes_`); None when the
    # model has no need head.
    need_probabilities: np.ndarray | None = None


# Settings added after 0.2.0, with the values that keep an older model's behaviour.
LEGACY_SETTINGS = {"codebook_weight": 0.0, "fallback_floor": None}


class ThemeClassifier(EstimatorParams):
    """Multilingual multi-label theme classifier with an optional stance head.

    Parameters
    ----------
    codebook : Codebook or None
        The label set; None means the shipped default codebook.
    embedder : Embedder or None
        Sentence embedder; None means the bundled USE multilingual model.
    word_ngram_range, char_ngram_range : tuple[int, int]
        N-gram ranges of the lemma and character TF-IDF blocks.
    embedding_weight : float
        Scale of the embedding block relative to the two TF-IDF blocks.
    codebook_weight : float
        Scale of the codebook block: each answer's similarity to every theme's
        definition and closest catalogue example (0 leaves the block out).
    fallback_floor : float or None
        A substantive answer (praise, request or criticism of 3+ words) whose
        scores all miss their thresholds gets its best theme, marked
        `low_confidence`, when that score reaches this floor; None: never.
    C : float
        Inverse regularisation strength of every logistic regression.
    cv_folds : int
        Folds of the cross-validation that chooses per-theme thresholds.
    random_state : int
        Seed of the cross-validation split.
    """

    def __init__(
        self,
        codebook: Codebook | None = None,
        *,
        embedder: Embedder | None = None,
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] = (2, 5),
        embedding_weight: float = 0.6,
        codebook_weight: float = 1.0,
        fallback_floor: float | None = 0.2,
        C: float = 30.0,
        cv_folds: int = 5,
        random_state: int = 0,
    ) -> None:
        self.codebook = codebook
        self.embedder = embedder
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.embedding_weight = embedding_weight
        self.codebook_weight = codebook_weight
        self.fallback_floor = fallback_floor
        self.C = C
        self.cv_folds = cv_folds
        self.random_state = random_state

    # ------------------------------------------------------------------ fit
    def fit(
        self,
        X: Sequence[str],
        y: Sequence[Sequence[str] | str],
        stances: Sequence[str | None] | None = None,
        languages: Sequence[object] | None = None,
        respondents: Sequence[object] | None = None,
        needs: Sequence[str | None] | None = None,
        groups: Sequence[object] | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> ThemeClassifier:
        """Learn themes (and stances, and needs, when given) from labeled answers.

        `y[i]` is the list of theme ids of answer i (or a ';'-joined string;
        empty means no theme). `stances[i]` may be empty for unlabeled rows.
        `needs[i]` is the need id(s) of an ask (';'-joined); with a codebook
        that has a needs catalogue, asks whose first need is in the catalogue
        train the need head (other ids are unique requests). `groups[i]` is the
        topic of answer i (the corpus' sub-topic): when given, the thresholds are
        chosen on out-of-fold scores where each topic is held out whole, so they
        suit answers about topics absent from training. Rows are put in a
        canonical order first, so the fitted model does not depend on the
        order of the training file. Thin or odd training data (a theme with
        few examples, empty texts, one language only, declared languages the model does
        not know, which are detected instead) gives a `DataWarning`
        per problem, also recorded in `training_summary_["warnings"]` and so
        in the model card.

        `progress`, when given, is called with a short message as each stage of training
        starts (checking, normalising, embedding, theme models, each cross-validation fold
        of the thresholds, stance model, need head): training the full corpus takes many
        minutes, and `classifier train` prints them so that staff see it working. It is
        not a parameter of the model and changes nothing it learns; without it, `fit`
        says nothing, as scikit-learn estimators do by default.
        """
        from sklearn.feature_extraction.text import TfidfVectorizer

        if progress is not None and not callable(progress):  # `verbose=True`, as in scikit-learn
            raise ClassifierError(
                f"progress must be a function called with each stage's message, not "
                f"{progress!r}: pass progress=print to see the stages, or leave it out"
            )
        say = progress if progress is not None else _silent

        self._check_params()
        check_answers(
            X,
            languages=languages,
            respondents=respondents,
            stances=stances,
            needs=needs,
            groups=groups,
        )
        codebook = self.codebook if self.codebook is not None else Codebook.load()
        texts = readable_texts(X)
        theme_lists = _theme_lists(y, len(texts))
        if len(texts) < 2:
            raise TrainingDataError("need at least two training answers")
        if not any(has_words(text) for text in texts):  # scikit-learn: "empty vocabulary"
            raise TrainingDataError(
                f"none of the {len(texts)} training answers has a word (each is empty, "
                "missing, a number, emoji or an address): check that X is the answers' column"
            )
        say(f"checking {len(texts)} answers, their labels and languages")
        stance_list = (
            [None if is_blank(s) else str(s).strip() for s in stances]
            if stances is not None
            else [None] * len(texts)
        )
        need_list = [
            (split_ids(v) or [""])[0] for v in (needs if needs is not None else [""] * len(texts))
        ]
        group_list = [str(g) for g in groups] if groups is not None else None
        places = [f"row {row}" for row in range(1, len(texts) + 1)]
        codebook.check_labels(theme_lists, stance_list, places)
        need_list, renamed = _current_need_labels(need_list, codebook)
        codebook.check_need_spellings(need_list, places)
        declared = list(languages) if languages is not None else None
        # `detect_languages` would warn of unknown declared values: they are among the problems
        detected = [found.language for found in analyze_languages(texts, declared, respondents)]
        problems = training_warnings(texts, theme_lists, stance_list, detected, codebook.theme_ids)
        unknown = unknown_declared(languages)  # detected instead, as `predict` warns
        problems += [unknown_declared_warning(unknown)] if unknown else []
        problems += stance_role_warnings(codebook.stances)
        problems += one_stance_warnings(stance_list, codebook.stances)
        problems += [renamed] if renamed else []
        need_list, problem = _needs_of_asks(need_list, stance_list)
        problems += [problem] if problem else []
        problems += no_need_head_warnings(need_list, codebook)
        for problem in problems:
            warnings.warn(DataWarning(problem), stacklevel=2)

        order = sorted(
            range(len(texts)),
            key=lambda i: (
                texts[i],
                ";".join(theme_lists[i]),
                stance_list[i] or "",
                detected[i],
                need_list[i],
            ),
        )
        need_list = [need_list[i] for i in order]
        group_list = [group_list[i] for i in order] if group_list is not None else None
        texts = [texts[i] for i in order]
        theme_lists = [theme_lists[i] for i in order]
        stance_list = [stance_list[i] for i in order]
        detected = [detected[i] for i in order]

        self.card_ = None  # a loaded model's card described the fit this one replaces
        self.feature_weights_ = self._feature_weights()
        self.codebook_ = codebook
        self.embedder_ = self.embedder if self.embedder is not None else USEEmbedder()
        self.classes_ = np.array(codebook.theme_ids)
        say(f"normalising {len(texts)} answers (cleaning, lemmas in their language)")
        normalized = normalize(texts, detected)
        self.word_vectorizer_ = TfidfVectorizer(
            tokenizer=str.split,
            token_pattern=None,
            lowercase=False,
            ngram_range=_pair(self.word_ngram_range),
            sublinear_tf=True,
            min_df=1,
            dtype=np.float32,
        )
        self.char_vectorizer_ = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=_pair(self.char_ngram_range),
            sublinear_tf=True,
            min_df=2,
            max_features=150_000,
            dtype=np.float32,
        )
        say(f"embedding {len(texts)} answers: word and character n-grams, sentence meaning")
        self.knowledge_ = ThemeKnowledge.of(codebook, self.embedder_)
        features, embeddings = self._stack(normalized, fit=True)
        self.feature_blocks_ = {
            "words": len(self.word_vectorizer_.vocabulary_),
            "chars": len(self.char_vectorizer_.vocabulary_),
            "embedding": embeddings.shape[1],
        }
        if self.codebook_weight > 0:
            self.feature_blocks_["codebook"] = self.knowledge_.width
        vocabulary_words = {
            word for term in self.word_vectorizer_.vocabulary_ for word in term.split(" ")
        }
        self.lemma_tables_ = {
            language: prune_lemma_table(first_lemma_table(language), vocabulary_words)
            for language in LANGUAGES
        }

        targets = np.array(
            [[theme in labels for theme in self.classes_] for labels in theme_lists], dtype=int
        )
        say(f"fitting the {len(self.classes_)} theme models")
        self.theme_models_ = [
            self._fit_theme(features, targets[:, j]) for j in range(len(self.classes_))
        ]
        out_of_fold = self._out_of_fold_scores(features, targets, group_list, say)
        self.thresholds_ = {
            theme: best_threshold(targets[:, j], out_of_fold[:, j])
            for j, theme in enumerate(self.classes_)
        }
        self.stance_model_ = self._fit_stance(features, stance_list, codebook, say)
        self.need_model_, self.need_text_model_ = self._fit_need_head(
            features, embeddings, need_list, codebook, say
        )
        self.training_summary_ = _training_summary(
            texts,
            theme_lists,
            stance_list,
            detected,
            targets,
            out_of_fold,
            self.thresholds_,
            self.classes_,
        )
        known = set(self.need_classes_)
        self.training_summary_["need_head"] = {
            "labeled_asks": sum(need in known for need in need_list),
            "needs_with_asks": len(known & set(need_list)),
            "catalogue_needs": len(known),
        }
        if self.need_text_model_ is not None:
            self.training_summary_["need_head"]["text_model"] = {
                "weight": self.need_text_model_.text_weight,
                "temperature": self.need_text_model_.temperature,
                "kept_weights": len(self.need_text_model_.data),
            }
        self.training_summary_["warnings"] = problems
        self._state_number = next(_STATE_NUMBERS)
        return self

    def set_params(self, **params: Any) -> ThemeClassifier:
        """scikit-learn's `set_params` (the model's `state_number` changes)."""
        super().set_params(**params)
        self._state_number = next(_STATE_NUMBERS)
        return self

    @property
    def state_number(self) -> int:
        """A number that changes each time `fit` or `set_params` changes this object, so
        that worker processes holding a copy of an earlier state are not reused
        (`parallel.worker_pool`). Not saved: a loaded model starts at 0."""
        return getattr(self, "_state_number", 0)

    def _fit_need_head(
        self,
        features,
        embeddings: np.ndarray,
        need_list: list[str],
        codebook: Codebook,
        say: Callable[[str], None],
    ):
        """The need head's embedding and text models, or (None, None) without a catalogue or
        without labeled asks in it (`say` announces the fit)."""
        catalogue = codebook.catalogue
        if catalogue is None:
            return None, None
        known = set(catalogue.need_ids)
        rows = [i for i, need in enumerate(need_list) if need in known]
        if not rows:
            return None, None
        texts, languages, labels = catalogue_examples(catalogue)
        say(
            f"fitting the need head on {len(rows)} labeled asks and {len(texts)} catalogue examples"
        )
        example_features, example_embeddings = self._features(texts, languages)
        needs = [need_list[i] for i in rows]
        return (
            fit_need_head(embeddings[rows], needs, example_embeddings, labels),
            TextNeedModel.of(fit_text_svm(features[rows], needs, example_features, labels)),
        )

    @property
    def need_classes_(self) -> list[str]:
        """Catalogue need ids in the column order of `Analysis.need_probabilities`."""
        model = getattr(self, "need_model_", None)
        return [str(c) for c in model.classes_] if model is not None else []

    def _fit_theme(self, features, target: np.ndarray):
        """A logistic regression for one theme, or None when it has no positive example."""
        from sklearn.linear_model import LogisticRegression

        if target.sum() == 0 or target.sum() == len(target):
            return None
        model = LogisticRegression(
            C=self.C,
            class_weight="balanced",
            solver="liblinear",
            max_iter=1000,
            random_state=self.random_state,
        )
        return model.fit(features, target)

    def _out_of_fold_scores(
        self,
        features,
        targets: np.ndarray,
        groups: list[str] | None,
        say: Callable[[str], None],
    ) -> np.ndarray:
        """Cross-validated theme probabilities of every training answer (each group held out
        whole when `groups` has enough distinct values), announcing each fold to `say`."""
        from sklearn.model_selection import GroupKFold, KFold

        scores = np.zeros(targets.shape, dtype=float)
        folds = min(self.cv_folds, len(targets))
        if groups is not None and len(set(groups)) >= folds:
            splits = GroupKFold(n_splits=folds).split(features, groups=groups)
        else:
            splits = KFold(n_splits=folds, shuffle=True, random_state=self.random_state).split(
                features
            )
        for fold, (train_index, test_index) in enumerate(splits, 1):
            say(f"choosing the theme thresholds: cross-validation fold {fold} of {folds}")
            for j in range(targets.shape[1]):
                model = self._fit_theme(features[train_index], targets[train_index, j])
                if model is not None:
                    scores[test_index, j] = model.predict_proba(features[test_index])[:, 1]
                else:
                    scores[test_index, j] = float(targets[train_index, j].mean())
        return scores

    def _fit_stance(self, features, stance_list, codebook: Codebook, say: Callable[[str], None]):
        """The stance model, or None when the codebook or the data has no stances (`say`
        announces the fit)."""
        from sklearn.linear_model import LogisticRegression

        labeled = [i for i, stance in enumerate(stance_list) if stance]
        if not codebook.stances or len({stance_list[i] for i in labeled}) < 2:
            return None
        say(f"fitting the stance model on {len(labeled)} answers with a stance")
        model = LogisticRegression(C=self.C, class_weight="balanced", max_iter=3000)
        return model.fit(features[labeled], [stance_list[i] for i in labeled])

    # -------------------------------------------------------------- predict
    def _check_fitted(self) -> None:
        """Raise unless the model is fitted (or loaded) and its feature weights are those it
        was fitted with: `set_params(embedding_weight=...)` on a fitted model changed every
        prediction without a word (or, `codebook_weight=0`, failed deep in a product of
        matrices), and a model saved so held the new weight beside models fitted with the
        old one."""
        if not hasattr(self, "theme_models_"):
            # a ClassifierError that is also scikit-learn's NotFittedError, which callers catch
            raise not_fitted_error("this ThemeClassifier is not fitted: call fit() or load()")
        fitted = getattr(self, "feature_weights_", None) or {}
        changed = [
            f"fitted with {name}={value!r}, since set to {_shown(getattr(self, name))}"
            for name, value in fitted.items()
            if getattr(self, name) != value
        ]
        if changed:
            raise ClassifierError(
                f"this ThemeClassifier was {'; '.join(changed)} (set_params): its theme models "
                "read features weighted as it was fitted, so it would tag otherwise than it "
                "was trained and tested; fit it again to use the new weight, or set it back"
            )

    def _feature_weights(self) -> dict[str, float]:
        """The parameters that weight the feature blocks, as the model holds them now (kept
        at `fit` and `load` as `feature_weights_`, which `_check_fitted` compares)."""
        return {"embedding_weight": self.embedding_weight, "codebook_weight": self.codebook_weight}

    def _features(self, texts: list[str], languages: list[str]):
        """Feature matrix and sentence embeddings of already language-tagged texts."""
        return self._stack(normalize(texts, languages, self.lemma_tables_), fit=False)

    def _stack(self, normalized: list[NormalizedText], fit: bool):
        """The feature blocks side by side (fitting the vectorizers when `fit`)."""
        lemma_docs = [" ".join(n.lemmas) for n in normalized]
        char_docs = [n.lowered for n in normalized]
        if fit:
            try:
                words = self.word_vectorizer_.fit_transform(lemma_docs)
                chars = self.char_vectorizer_.fit_transform(char_docs)
            except ValueError as error:  # "After pruning, no terms remain. Try a lower min_df"
                raise TrainingDataError(
                    f"the {len(normalized)} training answers have no character sequence in "
                    "common (a sequence must be in two answers to be learnt): too few or too "
                    "short answers to learn from; train on more labelled answers"
                ) from error
        else:
            words = tfidf_transform(self.word_vectorizer_, lemma_docs)
            chars = char_tfidf(self.char_vectorizer_, char_docs)
        embeddings = self.embedder_.encode([n.cleaned for n in normalized])
        blocks = [words, chars, sparse.csr_matrix(embeddings * self.embedding_weight)]
        knowledge = getattr(self, "knowledge_", None)  # models saved by 0.1.0 have none
        if knowledge is not None and self.codebook_weight > 0:
            blocks.append(
                sparse.csr_matrix(knowledge.similarities(embeddings) * self.codebook_weight)
            )
        return sparse.hstack(blocks, format="csr"), embeddings

    def analyze(
        self,
        X: Sequence[str],
        languages: Sequence[object] | None = None,
        respondents: Sequence[object] | None = None,
        n_jobs: int | None = None,
        language_context: LanguageContext | None = None,
        stance_mix: np.ndarray | None = None,
        question_kind: str = OPEN,
    ) -> Analysis:
        """Everything one pass over the answers gives: languages, theme and stance
        probabilities, and the sentence embeddings (reused to group needs).

        The stance probabilities are those of the answers' own stance mix (`stance_prior`:
        a question asking what to improve gets few praise), estimated from a sample of
        `X`, or `stance_mix` when the answers are one chunk of a larger column. The
        estimate starts from what the question asks, `question_kind` (`question_kinds`:
        "strengths", "improvements", or "open", the training mix).

        More than CHUNK_ROWS answers are analysed in chunks of CHUNK_ROWS, as
        `classifier tag` reads files, on `n_jobs` worker processes
        (scikit-learn's convention: None or 1 is this process, -1 every core).
        The chunks do not depend on `n_jobs`, so neither do the results, to
        the last bit. The languages' column context (the mix of languages, each
        respondent's longer answers) is that of all of `X`, or `language_context`
        when the answers are one chunk of a larger column.

        A declared language the model does not know (`de`; `languages` holds fr, en, es,
        their names, or None/empty for none declared) is detected instead, with a
        `DataWarning` naming the values and how many answers declare them.
        """
        self._check_fitted()
        check_answers(X, languages=languages, respondents=respondents)
        question_kind = self.check_question_kind(question_kind)
        if stance_mix is not None and self.stance_model_ is not None:
            stance_mix = checked_mix(stance_mix, self.stance_classes)
        warn_of_unknown_declared(languages)
        chunks = -(-len(X) // CHUNK_ROWS)
        jobs = min(effective_jobs(n_jobs), max(chunks, 1))  # a worker per chunk at most
        if len(X) > CHUNK_ROWS:
            # The column's context from the answers as read (numbers as text, each on its
            # first MAX_TEXT_CHARS characters), as `classifier tag`'s prepass reads them.
            context = language_context or (
                None
                if every_language_declared(languages)
                else column_language_context(readable_texts(X), respondents)
            )
            analysis = _concatenate_analyses(
                list(
                    map_chunks(
                        self,
                        _analyze_chunk,
                        (
                            (
                                list(X[start : start + CHUNK_ROWS]),
                                _part(languages, start),
                                _part(respondents, start),
                                context,
                            )
                            for start in range(0, len(X), CHUNK_ROWS)
                        ),
                        jobs,
                    )
                )
            )
        else:
            with one_blas_thread():
                analysis = self._analyze(X, languages, respondents, language_context)
        if analysis.stance_probabilities is None:
            return analysis
        base = self._stance_training_mix()
        stances = adjusted_stances(
            analysis.stance_probabilities,
            analysis.texts,
            base,
            stance_mix,
            languages,
            respondents,
            kind_prior(question_kind, self.stance_classes, base) if base is not None else None,
        )
        return replace(analysis, stance_probabilities=stances)

    def check_question_kind(self, kind: object) -> str:
        """`kind` as a question kind this model reads stances against (`question_kinds`;
        any case), else a ClassifierError: a kind other than "open" needs a stance model
        saved with its training mix and reading the kinds' stances. `classifier tag`
        checks its declared kinds so before any work; a kind the model cannot use would
        otherwise change nothing, or fail after the first chunk."""
        self._check_fitted()
        kind = check_question_kind(kind)
        if kind == OPEN:
            return kind
        base = self._stance_training_mix()
        if base is None or self.stance_model_ is None:
            raise ClassifierError(
                f"question kind {kind!r}: this model reads no stance mix (trained without "
                f"stance labels, or saved before question mixes), so the kind would change "
                f"nothing; leave --question-kind out, or tag with a model trained with stances"
            )
        kind_prior(kind, self.stance_classes, base)
        return kind

    def _stance_training_mix(self) -> np.ndarray | None:
        return training_mix(self.training_summary_.get("stance_counts", {}), self.stance_classes)

    def stance_mix(
        self,
        sample: Sequence[tuple[str, object, object]],
        language_context: LanguageContext | None = None,
        question_kind: str = OPEN,
    ) -> np.ndarray | None:
        """The stance mix of a column from its sample rows (`StanceSample.rows`: text,
        declared language, respondent) and what its question asks (`question_kind`), as
        `analyze` estimates it on the whole column: what `classifier tag` computes before
        tagging a file of several chunks. None for a model without stances or without a
        training mix."""
        self._check_fitted()
        question_kind = self.check_question_kind(question_kind)
        base = self._stance_training_mix()
        if base is None or self.stance_model_ is None:
            return None
        target, strength = kind_prior(question_kind, self.stance_classes, base)
        texts = [text for text, _, _ in sample]
        declared = [row[1] for row in sample]
        respondents = [row[2] for row in sample]
        with one_blas_thread():
            analysis = self._analyze(
                texts,
                declared if any(d is not None for d in declared) else None,
                respondents if any(r is not None for r in respondents) else None,
                language_context,
            )
        return column_mix(analysis.stance_probabilities, base, strength, target)

    def _analyze(
        self,
        X: Sequence[str],
        languages: Sequence[object] | None,
        respondents: Sequence[object] | None,
        language_context: LanguageContext | None = None,
    ) -> Analysis:
        """`analyze` of one batch, in this process."""
        texts = readable_texts(X)
        found = analyze_languages(texts, languages, respondents, language_context)
        detected = [answer.language for answer in found]
        shares = [answer.shares for answer in found]
        if not texts:
            return Analysis(
                texts,
                detected,
                np.zeros((0, len(self.classes_))),
                None,
                np.zeros((0, 0), dtype=np.float32),
                shares,
            )
        # Each distinct (text, language) is scored once, in sorted order: a matrix product's
        # last bits can depend on a row's position, so the answers' order must not decide it.
        distinct = sorted(set(zip(texts, detected, strict=True)))
        position = {key: row for row, key in enumerate(distinct)}
        rows = np.array([position[key] for key in zip(texts, detected, strict=True)])
        features, embeddings = self._features(
            [text for text, _ in distinct], [language for _, language in distinct]
        )
        probabilities = np.column_stack(
            [
                positive_probability(model, features)
                if model is not None
                else np.full(len(distinct), self.training_summary_["theme_prevalence"][theme])
                for theme, model in zip(self.classes_, self.theme_models_, strict=True)
            ]
        )
        stance = class_probabilities(self.stance_model_, features) if self.stance_model_ else None
        need_model = getattr(self, "need_model_", None)  # models saved by 0.1.0 have none
        need = (  # older models have no text model
            need_probabilities(
                need_model, getattr(self, "need_text_model_", None), embeddings, features
            )
            if need_model is not None
            else None
        )
        return Analysis(
            texts,
            detected,
            probabilities[rows],
            stance[rows] if stance is not None else None,
            embeddings[rows],
            shares,
            need[rows] if need is not None else None,
        )

    def predict_proba(
        self,
        X: Sequence[str],
        languages: Sequence[object] | None = None,
        respondents: Sequence[object] | None = None,
        n_jobs: int | None = None,
    ) -> np.ndarray:
        """Theme probabilities, shape (n_answers, n_themes), columns in `classes_` order."""
        return self.analyze(X, languages, respondents, n_jobs=n_jobs).theme_probabilities

    def predict(
        self,
        X: Sequence[str],
        languages: Sequence[object] | None = None,
        respondents: Sequence[object] | None = None,
        n_jobs: int | None = None,
    ) -> list[Prediction]:
        """One Prediction per answer: language, themes over threshold, scores, stance.

        `languages` are declared languages (they win over detection when valid; other
        values are detected, with a warning: see `analyze`); `respondents` lets very
        short answers inherit the language of the same respondent's longer answers.
        `n_jobs`: see `analyze`.
        """
        return self.predictions(self.analyze(X, languages, respondents, n_jobs=n_jobs))

    def predictions(self, analysis: Analysis) -> list[Prediction]:
        """The Predictions of an analysis (`analyze`), one per answer."""
        probabilities, stance = analysis.theme_probabilities, analysis.stance_probabilities
        thresholds = np.array([self.thresholds_[theme] for theme in self.classes_])
        stance_classes = self.stance_classes
        predictions = []
        for i, text in enumerate(analysis.texts):
            row = probabilities[i]
            chosen = [j for j in np.argsort(-row, kind="stable") if row[j] >= thresholds[j]]
            stance_label = stance_classes[int(np.argmax(stance[i]))] if stance is not None else None
            if not has_words(text):
                # Documented fallback: nothing to read (empty, digits, emoji, "-", only a web or
                # e-mail address): no theme, and the neutral stance, or none when the codebook
                # has no `neutral`.
                chosen = []
                stance_label = NEUTRAL if NEUTRAL in stance_classes else None
            stance_scores = (
                {c: round(float(p), 4) for c, p in zip(stance_classes, stance[i], strict=True)}
                if stance is not None
                else {}
            )
            scores = {str(t): round(float(p), 4) for t, p in zip(self.classes_, row, strict=True)}
            fallback = (
                fallback_theme(scores, text, stance_label, self.fallback_floor)
                if not chosen
                else None
            )
            predictions.append(
                Prediction(
                    text=text,
                    language=analysis.languages[i],
                    languages=analysis.language_shares[i],
                    themes=[fallback] if fallback else [str(self.classes_[j]) for j in chosen],
                    scores=scores,
                    stance=stance_label,
                    stance_scores=stance_scores,
                    low_confidence=fallback is not None,
                )
            )
        return predictions

    @property
    def stance_classes(self) -> list[str]:
        """Stance labels in the column order of `Analysis.stance_probabilities`."""
        return [str(c) for c in self.stance_model_.classes_] if self.stance_model_ else []

    def score(self, X: Sequence[str], y: Sequence[Sequence[str] | str]) -> float:
        """Micro-averaged F1 of the predicted themes (what cross_val_score uses)."""
        from sklearn.metrics import f1_score

        self._check_fitted()
        check_answers(X)
        if len(X) == 0:
            raise ClassifierError("no answers to score: give at least one answer and its themes")
        theme_lists = _theme_lists(y, len(X))
        # A theme id the codebook lacks (`Youth`, `a, b`) would count as no theme: refused.
        self.codebook_.check_labels(
            theme_lists, [None] * len(theme_lists), [f"row {row}" for row in range(1, len(X) + 1)]
        )
        predicted = self.predict(X)
        truth = _indicator(theme_lists, self.classes_)
        guess = _indicator([p.themes for p in predicted], self.classes_)
        return float(f1_score(truth, guess, average="micro", zero_division=0))

    def feature_slices(self) -> dict[str, slice]:
        """Column range of each named feature block ("words", "chars", "embedding")."""
        self._check_fitted()
        slices, start = {}, 0
        for name, width in self.feature_blocks_.items():
            slices[name] = slice(start, start + width)
            start += width
        return slices

    # ------------------------------------------------------------ tagging
    def tag(
        self,
        frame: pd.DataFrame,
        text_column: str = "answer",
        language_column: str | None = None,
        respondent_column: str | None = None,
        prefix: str = "",
        n_jobs: int | None = None,
        question_kind: str = OPEN,
    ) -> pd.DataFrame:
        """A copy of `frame` with language, language_mixed, themes, stance and score_<theme>
        columns.

        Every input row and column is kept, in order. New columns are named
        `<prefix><name>`; if a name is already taken by an input column, the
        text column's name is used as prefix instead, so no input is overwritten
        (a `ColumnError` when those names are taken too). `n_jobs`: see `analyze`.
        `question_kind`: what the question of `text_column` asks ("strengths",
        "improvements" or "open", the default), which its stances are read against.
        """
        return add_prediction_columns(
            self,
            frame,
            text_column,
            language_column,
            respondent_column,
            prefix,
            n_jobs,
            question_kind,
        )

    # --------------------------------------------------------- persistence
    # Kept by a copy (`copy.deepcopy`, pickle) but not written into a model file: a loaded
    # model's card is the file's, beside it, and a copy saved keeps its history.
    # `feature_weights_` repeats parameters the file holds: a loaded model takes them from there.
    UNSAVED_STATE = ("card_", "feature_weights_")

    def __getstate__(self) -> dict[str, Any]:
        """The estimator's state, for a copy or a model file (`persistence` leaves out
        `UNSAVED_STATE`)."""
        state = dict(super().__getstate__())
        state.pop("_state_number", None)  # a count of this process's fits, not of the model
        return state

    def save(self, path: str | Path, card: ModelCard | None = None, **card_details: Any) -> Path:
        """Write the model (safe `.npz` format) and its card beside it, as a pair
        (`card.write_with_card`: a failure leaves the previous model and card as they were).

        The card (`ModelCard`, JSON) records the model file's SHA-256.
        `card_details` fills the card's optional fields (`test`,
        `training_seconds`, `training_files`, ...); `card` writes that card
        instead (used to convert a model and keep its history). A model loaded and
        not fitted since keeps its loaded card's history (`ModelCard.saved_again`:
        training files, corrections, test figures), which a card made anew would
        drop. Missing folders
        are created. Returns the model file's path (`x.joblib` is saved as `x.npz`).
        """
        self._check_fitted()
        path = persistence.model_file(path)
        path.parent.mkdir(parents=True, exist_ok=True)  # as `classifier train -o` does
        data = persistence.encode(self)
        loaded = getattr(self, "card_", None)  # a loaded model's, until it is fitted again
        if card is None:
            card = (
                loaded.saved_again(self, **card_details)
                if loaded is not None
                else ModelCard.from_model(self, **card_details)
            )
        card = replace(card, model_sha256=hashlib.sha256(data).hexdigest())
        return write_with_card(path, lambda staged: staged.write_bytes(data), card)

    @classmethod
    def load(cls, path: str | Path | None = None, *, trusted: bool = False) -> ThemeClassifier:
        """Load a saved model; without a path, the shipped default model. `path` is the file,
        or the name it was saved under (`save("m")` wrote m.npz).

        A model file whose card records a content hash must match it. A legacy
        joblib (pickle) model file is refused unless `trusted` (it can run code
        when loaded), and then loads with an `UnsafeModelWarning`. Warns when
        the model was saved with other library versions.
        """
        model_path = (
            persistence.saved_file(Path(path))
            if path is not None
            else persistence.default_model_path()
        )
        card = ModelCard.read(model_path) if model_path.is_file() else None
        if card is not None:
            persistence.verify_content(model_path, card.model_sha256, card_path(model_path))
        model = persistence.load(model_path, trusted=trusted)
        if not isinstance(model, cls):
            raise ModelFileError(f"{model_path} does not hold a {cls.__name__}")
        if not hasattr(model, "feature_blocks_"):  # saved by 0.1.0
            model.feature_blocks_ = _legacy_feature_blocks(model)
        for name, value in LEGACY_SETTINGS.items():  # saved before these settings existed
            if not hasattr(model, name):
                setattr(model, name, value)
        model.feature_weights_ = model._feature_weights()
        model.card_ = card
        if model.card_ is not None:
            model.card_.warn_if_versions_differ()
        return model

    def _check_params(self) -> None:
        """Reject impossible settings before any work, as scikit-learn estimators do. A
        numpy number counts as the number it is (a grid search over `np.arange(2, 6)`
        gives `np.int64` folds)."""
        problems = _component_problems(self.codebook, self.embedder)
        for name in ("word_ngram_range", "char_ngram_range"):
            value = getattr(self, name)
            if (
                not isinstance(value, tuple | list)
                or len(value) != 2
                or not all(_whole(v) for v in value)
                or not 1 <= value[0] <= value[1]
            ):
                problems.append(f"{name} must be a pair (low, high) with 1 <= low <= high")
        if not _real(self.embedding_weight) or self.embedding_weight < 0:
            problems.append(
                f"embedding_weight must be a number >= 0, not {_shown(self.embedding_weight)}"
            )
        if not _real(self.codebook_weight) or self.codebook_weight < 0:
            problems.append(
                f"codebook_weight must be a number >= 0, not {_shown(self.codebook_weight)}"
            )
        if self.fallback_floor is not None and (
            not _real(self.fallback_floor) or not 0 <= self.fallback_floor <= 1
        ):
            problems.append("fallback_floor must be None or a number between 0 and 1")
        if not _real(self.C) or self.C <= 0:
            problems.append(f"C must be a number > 0, not {_shown(self.C)}")
        if not _whole(self.cv_folds) or self.cv_folds < 2:
            problems.append("cv_folds must be an integer >= 2")
        seed = self.random_state
        if not (
            seed is None
            or isinstance(seed, np.random.RandomState)
            or (_whole(seed) and 0 <= seed <= MAX_SEED)
        ):
            # scikit-learn refused it once every answer was embedded
            problems.append(
                f"random_state must be None, an integer from 0 to {MAX_SEED} or a "
                f"numpy RandomState, not {_shown(seed)}"
            )
        if problems:
            raise ClassifierError(
                f"invalid {type(self).__name__} parameters: " + "; ".join(problems)
            )


def _component_problems(codebook: object, embedder: object) -> list[str]:
    """What is wrong with the `codebook` and `embedder` parameters: a codebook's name or
    path, or an embedder's name, would fail deep inside `fit` (`'str' object has no
    attribute 'check_labels'`)."""
    problems = []
    if codebook is not None and not isinstance(codebook, Codebook):
        problems.append(
            f"codebook must be a Codebook (Codebook.load(path)) or None, not {codebook!r}"
        )
    if embedder is not None and not (
        isinstance(getattr(embedder, "name", None), str)
        and callable(getattr(embedder, "encode", None))
    ):
        problems.append(
            "embedder must be None or an object with a name and encode(texts) (see "
            f"classifier.text.embeddings.Embedder), not {embedder!r}"
        )
    return problems


def _silent(message: str) -> None:
    """`fit`'s progress when no callback is given: nothing."""


def _whole(value: object) -> bool:
    """Whether a parameter is a whole number (a Python or numpy integer, not a bool)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool | np.bool_)


def _real(value: object) -> bool:
    """Whether a parameter is a finite number (a Python or numpy one, not a bool). NaN
    passed every comparison a check made (`C <= 0` is False), and NaN or an infinite
    number ended deep in scikit-learn once the answers were embedded ("Input X contains
    NaN", liblinear's "C=np.inf ... is not supported")."""
    return (
        isinstance(value, numbers.Real)
        and not isinstance(value, bool | np.bool_)
        and math.isfinite(value)
    )


def _pair(value: Sequence[int]) -> tuple[int, int]:
    """An n-gram range (checked by `_check_params`) as the tuple of two Python integers
    scikit-learn's vectorizers take: a list, as JSON or YAML settings give one, passed the
    check and was refused by scikit-learn once the answers were read."""
    low, high = value
    return int(low), int(high)


def _shown(value: object) -> str:
    """A parameter's value as a message shows it: a numpy number as the number
    (`inf`, not `np.float64(inf)`)."""
    return repr(float(value)) if isinstance(value, np.floating) else repr(value)


def _part(values: Sequence[object] | None, start: int) -> list[object] | None:
    """The CHUNK_ROWS values of a chunk starting at `start` (None stays None)."""
    return None if values is None else list(values[start : start + CHUNK_ROWS])


def _analyze_chunk(
    model: ThemeClassifier,
    texts: list[str],
    languages: list[object] | None,
    respondents: list[object] | None,
    language_context: LanguageContext | None,
) -> Analysis:
    """One chunk's analysis (run in this process or in a worker)."""
    return model._analyze(texts, languages, respondents, language_context)


def _concatenate_analyses(parts: list[Analysis]) -> Analysis:
    """The analyses of consecutive chunks as one."""

    def stacked(name: str) -> np.ndarray | None:
        arrays = [getattr(part, name) for part in parts]
        return None if any(a is None for a in arrays) else np.vstack(arrays)

    return Analysis(
        texts=[text for part in parts for text in part.texts],
        languages=[language for part in parts for language in part.languages],
        theme_probabilities=stacked("theme_probabilities"),
        stance_probabilities=stacked("stance_probabilities"),
        embeddings=stacked("embeddings"),
        language_shares=[share for part in parts for share in part.language_shares],
        need_probabilities=stacked("need_probabilities"),
    )


def stance_role_warnings(stances: Sequence[str]) -> list[str]:
    """What a codebook's stances leave out of the tool's work: needs group the answers
    whose stance is `request` or `criticism`, the report counts `praise`, and an answer
    with nothing to read gets `neutral` (a codebook without stances has none of these)."""
    if not stances:
        return []
    missing = []
    if not set(ASKING_STANCES) & set(stances):
        missing.append(
            f"no {' or '.join(map(repr, ASKING_STANCES))} stance: no answer will be grouped "
            "into needs, the report will count no requests, and no request gets its best "
            "theme with low confidence when none passes"
        )
    if PRAISE not in stances:
        missing.append(
            f"no {PRAISE!r} stance: the report will count no praise, and no praise gets its "
            "best theme with low confidence when none passes"
        )
    if NEUTRAL not in stances:
        missing.append(f"no {NEUTRAL!r} stance: answers with nothing to read get no stance")
    return [f"the codebook's stances ({', '.join(stances)}) have {m}" for m in missing]


def one_stance_warnings(stance_list: Sequence[str | None], stances: Sequence[str]) -> list[str]:
    """Why no stance head is trained for a codebook with stances: the data has no stance
    label (a file without a stance column, or a review sheet whose stance column was
    deleted), or they are all one stance (a file of requests only), and a stance model
    needs two to tell apart. Tagged answers then get no stance, so none is an ask and no
    needs are grouped."""
    given = Counter(stance for stance in stance_list if stance)
    if stances and not given:
        return [
            "no training answer has a stance label (the data has no stance column, or its "
            "cells are empty): no stance model is trained, tagged answers get no stance and "
            f"no needs are grouped; add a stance column ({', '.join(stances)})"
        ]
    if not stances or len(given) != 1:
        return []
    [(stance, count)] = given.items()
    return [
        f"every stance label of the training data is {stance!r} ({count} answer(s)): a "
        "stance model needs two stances or more, so none is trained, tagged answers get no "
        "stance and no needs are grouped; add answers labelled with the other stances"
    ]


def no_need_head_warnings(need_list: Sequence[str], codebook: Codebook) -> list[str]:
    """Why no need head is trained for a codebook with a needs catalogue: no ask of the
    training data is labelled with one of its needs (a file without a `need` column, such
    as a review sheet given alone, or whose need cells are empty). Tagged asks are then
    matched to no catalogue need, only grouped with one another, each group a new need:
    the needs staff reviewed into the catalogue are no longer found."""
    catalogue = codebook.catalogue
    if catalogue is None or not set(ASKING_STANCES) & set(codebook.stances):
        return []
    if set(need_list) & set(catalogue.need_ids):
        return []
    return [
        f"no training ask (request or criticism) is labelled with a need of the catalogue "
        f"{catalogue.name!r} (the data has no need column, or its asks' need cells are "
        "empty or name no catalogue need): no need head is trained, so tagged asks are "
        "matched to no catalogue need, only grouped with one another as new needs; add a "
        "need column with the catalogue's need ids (train with the labeled corpus too)"
    ]


def _current_need_labels(need_list: list[str], codebook: Codebook) -> tuple[list[str], str | None]:
    """The need labels as the catalogue's needs of today, and what was read so: an id the
    catalogue has renamed or merged since (`CatalogueNeed.replaces`) trains the need that
    replaces it. Kept as it was, it would read as a unique request, and the answers
    labeled before a rename would teach the need head nothing."""
    catalogue = codebook.catalogue
    if catalogue is None:
        return need_list, None
    current = [catalogue.current_id(need) if need else need for need in need_list]
    replaced = Counter(
        (old, now) for old, now in zip(need_list, current, strict=True) if old != now
    )
    if not replaced:
        return need_list, None
    listed = ", ".join(
        f"{old} -> {now} ({count})" for (old, now), count in sorted(replaced.items())
    )
    return current, (
        f"{sum(replaced.values())} answer(s) are labelled with need ids that the needs "
        f"catalogue has renamed or merged since ({listed}): they train the needs that "
        "replace them"
    )


def _needs_of_asks(
    need_list: list[str], stance_list: list[str | None]
) -> tuple[list[str], str | None]:
    """The need labels that may train the need head, and what was left out: a need belongs
    to a request or criticism, so an answer labelled praise or neutral (a review sheet
    that changed an ask's stance keeps its need column) does not teach one."""
    kept, dropped = [], 0
    for need, stance in zip(need_list, stance_list, strict=True):
        stale = bool(need) and stance is not None and stance not in ASKING_STANCES
        dropped += stale
        kept.append("" if stale else need)
    if not dropped:
        return need_list, None
    return kept, (
        f"{dropped} answer(s) have a need label but a stance that asks nothing (praise or "
        "neutral): a need belongs to a request or criticism, so those labels do not train "
        "the need head"
    )


def training_warnings(
    texts: Sequence[str],
    theme_lists: Sequence[Sequence[str]],
    stances: Sequence[str | None],
    languages: Sequence[str],
    theme_ids: Sequence[str],
) -> list[str]:
    """What is thin or odd in training data, one sentence each, with counts.

    - a theme with fewer than MIN_THEME_EXAMPLES examples (it may never be
      assigned), or, when the data has several languages, fewer than
      MIN_THEME_EXAMPLES_PER_LANGUAGE in one of them;
    - a theme on every answer (nothing says when it does not apply: every answer gets it);
    - rows whose text is empty (they teach nothing, whatever their labels);
    - data in one language only (themes then transfer worse to the others).
    """
    problems = []
    empty = [row for row, text in enumerate(texts, 1) if not text.strip()]
    if empty:
        labelled = sum(1 for row in empty if theme_lists[row - 1] or stances[row - 1])
        problems.append(
            f"{len(empty)} training row(s) have empty text ({labelled} of them labelled), "
            f"which teach the model nothing: row(s) {first_ten(empty)}"
        )
    present = Counter(language for language in languages if language != UNDETERMINED)
    if len(present) == 1:
        [(language, count)] = present.items()
        problems.append(
            f"the training data is in one language only ({language}: {count} answers); the "
            "model will recognise themes less well in other languages"
        )
    for theme in theme_ids:
        rows = [i for i, labels in enumerate(theme_lists) if theme in labels]
        if len(rows) == len(theme_lists):
            problems.append(
                f"theme {theme!r} is on every training answer ({len(rows)}): with no answer "
                "without it, no model can learn when it does not apply, so every tagged "
                "answer with letters gets it; add answers without it"
            )
            continue
        if len(rows) < MIN_THEME_EXAMPLES:
            problems.append(
                f"theme {theme!r} has {len(rows)} training example(s), fewer than "
                f"{MIN_THEME_EXAMPLES}: it may never be assigned"
            )
            continue
        if len(present) > 1:
            per_language = Counter(languages[i] for i in rows)
            thin = [
                f"{language}: {per_language[language]}"
                for language in sorted(present)
                if per_language[language] < MIN_THEME_EXAMPLES_PER_LANGUAGE
            ]
            if thin:
                problems.append(
                    f"theme {theme!r} has fewer than {MIN_THEME_EXAMPLES_PER_LANGUAGE} training "
                    f"examples in some languages ({', '.join(thin)}): it may be missed there"
                )
    return problems


def _theme_lists(y: object, count: int) -> list[list[str]]:
    """Each answer's theme ids from `y`, which holds one entry per answer (a list of ids
    or a ';'-joined string; None, NaN, pandas' NA or "" for no theme). Anything else is refused
    with what to pass: a label indicator matrix (MultiLabelBinarizer's) or a generator
    ended in a raw TypeError, and stances or a string zipped with the answers in an
    internal error or themes named after single letters."""
    if (
        y is None
        or isinstance(y, (str, bytes, Mapping))
        or not hasattr(y, "__len__")
        or one_value(y)
    ):
        raise TrainingDataError(
            f"y must hold one entry per answer (its theme ids, as a list or a ';'-joined "
            f"string), got a {'0-dimensional array' if one_value(y) else type(y).__name__}"
        )
    if getattr(y, "ndim", 1) > 1:
        raise TrainingDataError(
            f"y is a {y.ndim}-dimensional array or table of shape {y.shape}: pass one entry "
            "per answer, its theme ids as a list or a ';'-joined string (a label indicator "
            "matrix, as MultiLabelBinarizer gives, turns into them with its inverse_transform)"
        )
    entries = list(y)
    if len(entries) != count:
        raise TrainingDataError(f"{count} texts but {len(entries)} theme labels")
    odd = [position for position, labels in enumerate(entries) if not _is_theme_entry(labels)]
    if odd:
        raise TrainingDataError(
            wrong_values(
                "the themes",
                odd,
                entries,
                f"not theme ids ({entries[odd[0]]!r}): give each answer a list of theme ids or "
                "a ';'-joined string",
            )
        )
    return [_as_theme_list(labels) for labels in entries]


def _is_theme_entry(labels: object) -> bool:
    """Whether one answer's entry of `y` reads as theme ids: a text, a missing value (None,
    NaN, pandas' NA), or a collection of texts."""
    if isinstance(labels, str) or is_blank(labels):
        return True
    return (
        holds_values(labels)
        and not isinstance(labels, Mapping)
        and all(isinstance(label, str) for label in labels)
    )


def _as_theme_list(labels: Sequence[str] | str | None) -> list[str]:
    """Theme ids from a list or a ';'-joined string, blanks dropped, order kept."""
    if isinstance(labels, str):
        return split_ids(labels)
    if is_blank(labels):
        return []
    return split_ids(";".join(labels))


def _indicator(theme_lists: Sequence[Sequence[str]], classes) -> np.ndarray:
    return np.array([[theme in labels for theme in classes] for labels in theme_lists], dtype=int)


def _training_summary(
    texts, theme_lists, stance_list, languages, targets, out_of_fold, thresholds, classes
) -> dict:
    """What the model card reports about the training data and cross-validation."""
    from sklearn.metrics import f1_score

    digest = hashlib.sha256()
    for text, labels, stance in zip(texts, theme_lists, stance_list, strict=True):
        # `surrogatepass`: a lone surrogate (a JSON escape that is no text, which tagging
        # reads as U+FFFD) ended the training, once done, in a UnicodeEncodeError; any other
        # text hashes as before
        row = f"{text}\t{';'.join(labels)}\t{stance or ''}\n"
        digest.update(row.encode("utf-8", "surrogatepass"))
    predicted = out_of_fold >= np.array([thresholds[t] for t in classes])
    return {
        "rows": len(texts),
        "data_hash": digest.hexdigest()[:16],
        "languages": {lang: languages.count(lang) for lang in sorted(set(languages))},
        "theme_counts": {str(t): int(targets[:, j].sum()) for j, t in enumerate(classes)},
        "theme_prevalence": {str(t): float(targets[:, j].mean()) for j, t in enumerate(classes)},
        "stance_counts": {s: stance_list.count(s) for s in sorted({s for s in stance_list if s})},
        "cv_micro_f1": round(
            float(f1_score(targets, predicted, average="micro", zero_division=0)), 4
        ),
        "cv_macro_f1": round(
            float(f1_score(targets, predicted, average="macro", zero_division=0)), 4
        ),
    }


def _legacy_feature_blocks(model: ThemeClassifier) -> dict[str, int]:
    """The feature block widths of a model saved before they were recorded."""
    words = len(model.word_vectorizer_.vocabulary_)
    chars = len(model.char_vectorizer_.vocabulary_)
    total = next(m for m in model.theme_models_ if m is not None).coef_.shape[1]
    return {"words": words, "chars": chars, "embedding": total - words - chars}
